/** Line diffs for the review screen: unified format with context, from a longest-common-subsequence table. */

type Op = { t: ' ' | '-' | '+'; line: string }

function ops(a: string[], b: string[]): Op[] {
  const n = a.length
  const m = b.length
  // Manifests are small (tens to hundreds of lines): the O(n·m) table is cheap and exact.
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  }
  const out: Op[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ t: ' ', line: a[i]! })
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ t: '-', line: a[i++]! })
    else out.push({ t: '+', line: b[j++]! })
  }
  while (i < n) out.push({ t: '-', line: a[i++]! })
  while (j < m) out.push({ t: '+', line: b[j++]! })
  return out
}

const linesOf = (s: string): string[] => (s === '' ? [] : s.replace(/\n$/, '').split('\n'))

/** Unified diff of two texts (`---`/`+++` headers, `@@` hunks with `context` lines around each change). */
export function unifiedDiff(before: string, after: string, path: string, context = 3): { diff: string; added: number; removed: number } {
  const o = ops(linesOf(before), linesOf(after))
  const added = o.filter((x) => x.t === '+').length
  const removed = o.filter((x) => x.t === '-').length
  if (added === 0 && removed === 0) return { diff: '', added, removed }
  const changed = o.map((x, k) => (x.t !== ' ' ? k : -1)).filter((k) => k >= 0)
  const hunks: [number, number][] = []
  for (const k of changed) {
    const lo = Math.max(0, k - context)
    const hi = Math.min(o.length - 1, k + context)
    const last = hunks.at(-1)
    if (last && lo <= last[1] + 1) last[1] = hi
    else hunks.push([lo, hi])
  }
  const out = [`--- ${before === '' ? '/dev/null' : `a/${path}`}`, `+++ ${after === '' ? '/dev/null' : `b/${path}`}`]
  for (const [lo, hi] of hunks) {
    let aStart = 1
    let bStart = 1
    for (let k = 0; k < lo; k++) {
      if (o[k]!.t !== '+') aStart++
      if (o[k]!.t !== '-') bStart++
    }
    const body = o.slice(lo, hi + 1)
    const aLen = body.filter((x) => x.t !== '+').length
    const bLen = body.filter((x) => x.t !== '-').length
    out.push(`@@ -${aLen ? aStart : aStart - 1},${aLen} +${bLen ? bStart : bStart - 1},${bLen} @@`, ...body.map((x) => `${x.t}${x.line}`))
  }
  return { diff: `${out.join('\n')}\n`, added, removed }
}
