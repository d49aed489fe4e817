import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { csvRows } from '../forecast/csv-input'
import { median, rng } from '../forecast/stats'
import { detect, type DetectOptions } from './detect'

/**
 * Precision / recall of the detector on anomalies injected into real series. Each trial copies one real
 * series, injects one event at a random position after the warm-up (a cost spike of +60–200 % of the local
 * level, or a utilisation collapse to 5–25 % of its level for `width` points), and runs the detector. An event
 * is found when a flag lands inside it. Real series carry unlabelled anomalies of their own: flags the detector
 * also raises on the untouched series are reported apart (`preexisting`) and every other flag is a false
 * positive; `precisionStrict` counts the pre-existing ones as false positives too (a lower bound).
 * Seeded: the same inputs give the same figures.
 */
export interface EvalResult {
  trials: number
  injected: number
  found: number
  flags: number
  falsePositives: number
  preexisting: number
  precision: number
  precisionStrict: number
  recall: number
}

export function evaluateInjected(
  series: readonly number[][],
  o: { kind: 'spike' | 'collapse'; trials: number; seed: number; width?: number; detect: (y: number[]) => DetectOptions },
): EvalResult {
  const r = rng(o.seed)
  const width = o.width ?? 1
  let injected = 0
  let found = 0
  let flags = 0
  let fp = 0
  let pre = 0
  const clean = new Map<number, Set<number>>()
  for (let t = 0; t < o.trials; t++) {
    const si = t % series.length
    const base = series[si] as number[]
    const y = [...base]
    const opts = o.detect(y)
    if (!clean.has(si)) clean.set(si, new Set(detect(base, o.detect([...base])).map((f) => f.index)))
    const known = clean.get(si) as Set<number>
    const warm = opts.minHistory ?? Math.max(7, 2 * opts.season)
    const lo = warm + 1
    const hi = y.length - width
    if (hi <= lo) continue
    const at = lo + Math.floor(r() * (hi - lo))
    const level = median(base.slice(Math.max(0, at - 7), at).filter((v) => v > 0)) || median(base) || 1
    for (let k = 0; k < width; k++) {
      if (o.kind === 'spike') y[at + k] = (y[at + k] as number) + level * (0.6 + 1.4 * r())
      else y[at + k] = (y[at + k] as number) * (0.05 + 0.2 * r())
    }
    injected++
    const f = detect(y, opts)
    flags += f.length
    const hit = f.some((x) => x.index >= at && x.index < at + width)
    if (hit) found++
    const others = f.filter((x) => x.index < at || x.index >= at + width)
    const p = others.filter((x) => known.has(x.index)).length
    pre += p
    fp += others.length - p
  }
  const tp = flags - fp - pre
  return {
    trials: o.trials,
    injected,
    found,
    flags,
    falsePositives: fp,
    preexisting: pre,
    precision: tp + fp ? tp / (tp + fp) : 1,
    precisionStrict: flags ? tp / flags : 1,
    recall: injected ? found / injected : 0,
  }
}

/** Daily BilledCost series of a FOCUS CSV (total, per provider, per service with ≥ 10 charge days). */
export function focusDailySeries(path: string): { key: string; values: number[] }[] {
  const [first, ...rows] = csvRows(readFileSync(path, 'utf8'), basename(path))
  const head = first?.cells ?? []
  const ci = (n: string) => head.indexOf(n)
  const [iCost, iStart, iProv, iSvc] = [ci('BilledCost'), ci('ChargePeriodStart'), ci('ProviderName'), ci('ServiceName')]
  const byKey = new Map<string, Map<string, number>>()
  const add = (k: string, d: string, v: number) => {
    const m = byKey.get(k) ?? new Map<string, number>()
    m.set(d, (m.get(d) ?? 0) + v)
    byKey.set(k, m)
  }
  let minD = '9999'
  let maxD = '0000'
  for (const { cells: c } of rows) {
    // A line without a cost (empty or NULL) adds nothing.
    const v = Number(c[iCost] ?? NaN)
    if (!Number.isFinite(v)) continue
    const d = (c[iStart] ?? '').slice(0, 10)
    if (d < minD) minD = d
    if (d > maxD) maxD = d
    add('total', d, v)
    add(`provider:${c[iProv] ?? ''}`, d, v)
    add(`service:${c[iSvc] ?? ''}`, d, v)
  }
  const days: string[] = []
  for (let t = Date.parse(`${minD}T00:00:00Z`); t <= Date.parse(`${maxD}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10))
  return [...byKey.entries()]
    .map(([key, m]) => ({ key, values: days.map((d) => m.get(d) ?? 0) }))
    .filter((s) => s.values.filter((v) => v > 0).length >= 10)
}

/** GPU duty-cycle series per pod from the Alibaba GenAI trace, averaged into `bucketSec` buckets; busy pods only. */
export function alibabaUtilSeries(path: string, bucketSec = 600, minMean = 20): { key: string; values: number[] }[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter(Boolean)
  const head = lines[0]?.split(',') ?? []
  const [iv, it, ip] = [head.indexOf('value'), head.indexOf('timestamp_anon'), head.indexOf('container_ip')]
  let t0 = Infinity
  let t1 = -Infinity
  const pods = new Map<string, Map<number, { s: number; n: number }>>()
  for (const l of lines.slice(1)) {
    const c = l.split(',')
    const t = Number(c[it])
    const v = Number(c[iv])
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue
    t0 = Math.min(t0, t)
    t1 = Math.max(t1, t)
    const b = Math.floor(t / bucketSec)
    const m = pods.get(c[ip] as string) ?? new Map<number, { s: number; n: number }>()
    const e = m.get(b) ?? { s: 0, n: 0 }
    e.s += v
    e.n++
    m.set(b, e)
    pods.set(c[ip] as string, m)
  }
  const b0 = Math.floor(t0 / bucketSec)
  const b1 = Math.floor(t1 / bucketSec)
  const out: { key: string; values: number[] }[] = []
  for (const [pod, m] of pods) {
    const values: number[] = []
    let last = 0
    let have = 0
    for (let b = b0; b <= b1; b++) {
      const e = m.get(b)
      if (e) {
        last = e.s / e.n
        have++
      }
      values.push(last)
    }
    const mean = values.reduce((a, v) => a + v, 0) / values.length
    if (have >= 0.9 * values.length && mean >= minMean) out.push({ key: pod, values })
  }
  return out
}

/** GPU "pools" from the busy pods (mean duty cycle ≥ `minMean`), dealt round-robin into `pools` groups; each pool's series is its pods' mean. */
export function alibabaPoolSeries(path: string, pools = 3, bucketSec = 600, minMean = 10): { key: string; values: number[] }[] {
  const pods = alibabaUtilSeries(path, bucketSec, minMean)
  const out: { key: string; values: number[] }[] = []
  for (let p = 0; p < pools; p++) {
    const members = pods.filter((_, i) => i % pools === p)
    if (members.length === 0) continue
    const n = Math.min(...members.map((m) => m.values.length))
    out.push({ key: `pool-${p}`, values: Array.from({ length: n }, (_, t) => members.reduce((a, m) => a + (m.values[t] as number), 0) / members.length) })
  }
  return out
}


/**
 * The measured configuration (used by the test and `npm run bench -- --forecast`):
 * - cost: daily BilledCost series of the real FOCUS 1.0 sample (total, per provider, per service), season 7,
 *   floor 10 % of the series' median day (the sample's amounts are cents, so a dollar floor would hide all);
 * - GPU: three pools of the busy pods of the Alibaba GenAI trace (10-min mean duty cycle), no season (23 h),
 *   floor 30 % of the pool's median level, collapses of 3 buckets (30 min).
 */
export function anomalyBenchmark(dataDir: string, trials = 400, Z = 3): { cost: EvalResult; gpu: EvalResult; costSeries: number; gpuSeries: number } {
  const cost = focusDailySeries(`${dataDir}/focus/focus-1.0-sample-1000.csv`)
  const pools = alibabaPoolSeries(`${dataDir}/alibaba-gpu-traces/v2026-genai/pod_gpu_duty_cycle_anon.csv`, 3, 600, 10)
  return {
    costSeries: cost.length,
    gpuSeries: pools.length,
    cost: evaluateInjected(cost.map((s) => s.values), { kind: 'spike', trials, seed: 7, detect: (y) => ({ season: 7, floor: 0.1 * median(y), direction: 'up', zMin: Z }) }),
    gpu: evaluateInjected(pools.map((s) => s.values), { kind: 'collapse', width: 3, trials, seed: 7, detect: (y) => ({ season: 1, floor: 0.3 * median(y), direction: 'down', zMin: Z }) }),
  }
}
