/**
 * Nested columns (GCP `credits`, `labels`, `system_labels`; Azure `Tags`, `AdditionalInfo`; FOCUS `Tags`) as
 * real exports write them: JSON, JSON without its outer braces (Azure), or Python literals — what tools that
 * dump BigQuery rows through pandas or `str(row)` produce: `[{'key': 'team', 'value': 'ml'}]`, `True`,
 * `None`. Anything else is reported as not parseable, never thrown.
 */

/** The value a nested cell holds, or `undefined` when it is neither JSON nor a Python literal. */
export function parseNested(text: string): unknown {
  const s = text.trim()
  if (s === '') return null
  try {
    return JSON.parse(s) as unknown
  } catch {
    // not JSON: try the other spellings below
  }
  const p = new LiteralParser(s)
  const v = p.value()
  return v !== undefined && p.atEnd() ? v : undefined
}

/** A Python literal (dict, list, tuple, str, int, float, True/False/None) as JSON-compatible data. */
class LiteralParser {
  private i = 0

  constructor(private readonly s: string) {}

  atEnd(): boolean {
    this.ws()
    return this.i === this.s.length
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++
  }

  value(depth = 0): unknown {
    if (depth > 64) return undefined
    this.ws()
    const c = this.s[this.i]
    if (c === '{') return this.seq('}', depth, true)
    if (c === '[') return this.seq(']', depth, false)
    if (c === '(') return this.seq(')', depth, false)
    if (c === "'" || c === '"') return this.string(c)
    const word = /^(True|False|None|null|true|false)\b/.exec(this.s.slice(this.i, this.i + 5))
    if (word) {
      this.i += (word[1] as string).length
      return word[1] === 'True' || word[1] === 'true' ? true : word[1] === 'False' || word[1] === 'false' ? false : null
    }
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.s.slice(this.i))
    if (num) {
      this.i += num[0].length
      return Number(num[0])
    }
    return undefined
  }

  private seq(close: string, depth: number, dict: boolean): unknown {
    this.i++
    const arr: unknown[] = []
    const obj: Record<string, unknown> = {}
    for (;;) {
      this.ws()
      if (this.s[this.i] === close) {
        this.i++
        return dict ? obj : arr
      }
      const v = this.value(depth + 1)
      if (v === undefined) return undefined
      if (dict) {
        this.ws()
        if (this.s[this.i] !== ':') return undefined
        this.i++
        const x = this.value(depth + 1)
        if (x === undefined) return undefined
        obj[typeof v === 'string' ? v : JSON.stringify(v)] = x
      } else arr.push(v)
      this.ws()
      if (this.s[this.i] === ',') this.i++
      else if (this.s[this.i] !== close) return undefined
    }
  }

  private string(quote: string): string | undefined {
    let out = ''
    this.i++
    while (this.i < this.s.length) {
      const c = this.s[this.i++] as string
      if (c === quote) return out
      if (c !== '\\') {
        out += c
        continue
      }
      const e = this.s[this.i++]
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' }
      if (e !== undefined && e in simple) out += simple[e]
      else if (e === 'u' || e === 'x') {
        const n = e === 'u' ? 4 : 2
        const hex = this.s.slice(this.i, this.i + n)
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) return undefined
        out += String.fromCharCode(parseInt(hex, 16))
        this.i += n
      } else out += `\\${e ?? ''}`
    }
    return undefined
  }
}
