/** Conversions from FOCUS text cells to typed values; each returns an error message instead of guessing. */

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/

export function parseDecimal(text: string): number | string {
  const t = text.trim()
  if (!DECIMAL.test(t)) return `"${text.slice(0, 40)}" is not a decimal number`
  const n = Number(t)
  if (!Number.isFinite(n)) return `"${text.slice(0, 40)}" is out of range`
  return n
}

// 2024-09-01 00:00:00 | 2024-09-01T00:00:00Z | 2024-09-01T00:00:00.000+02:00 | 2024-09-01
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/

/** Normalises to `YYYY-MM-DDTHH:MM:SSZ` (UTC), the one form the workspace stores. */
export function parseDateTime(text: string): string | { error: string } {
  const m = DATETIME.exec(text.trim())
  if (!m) return { error: `"${text.slice(0, 40)}" is not a date/time (expected ISO 8601, e.g. 2024-09-01T00:00:00Z)` }
  const [, y, mo, d, h = '00', mi = '00', s = '00', tz] = m
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${tz && tz !== 'Z' ? normaliseOffset(tz) : 'Z'}`
  const t = Date.parse(iso)
  if (Number.isNaN(t) || Number(mo) > 12 || Number(d) > 31) return { error: `"${text.slice(0, 40)}" is not a valid date` }
  if (!tz || tz === 'Z') {
    // Reject 2024-02-31 and the like: Date.parse rolls them over silently.
    const back = new Date(t).toISOString()
    if (back.slice(0, 10) !== `${y}-${mo}-${d}`) return { error: `"${text.slice(0, 40)}" is not a valid date` }
    return `${iso.slice(0, 19)}Z`
  }
  return `${new Date(t).toISOString().slice(0, 19)}Z`
}

const digit = (text: string, i: number): number => text.charCodeAt(i) - 48

/**
 * The digits of a date/time written `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS[Z]` between `a` and `b`,
 * as one number (YYYYMMDDHHMMSS), or -1 for any other form. Every text with the same key normalises to the
 * same value (parseDateTime), so the key can stand for the text in a cache without cutting the text out.
 */
export function dateKey(text: string, a: number, b: number): number {
  const n = b - a
  if (n !== 19 && !(n === 20 && text.charCodeAt(a + 19) === 90)) return -1 // Z
  const sep = text.charCodeAt(a + 10)
  if (
    text.charCodeAt(a + 4) !== 45 ||
    text.charCodeAt(a + 7) !== 45 ||
    (sep !== 32 && sep !== 84) ||
    text.charCodeAt(a + 13) !== 58 ||
    text.charCodeAt(a + 16) !== 58
  ) {
    return -1
  }
  let key = 0
  for (let i = 0; i < 19; i++) {
    if (i === 4 || i === 7 || i === 10 || i === 13 || i === 16) continue
    const d = digit(text, a + i)
    if (d < 0 || d > 9) return -1
    key = key * 10 + d
  }
  return key
}

function normaliseOffset(tz: string): string {
  return tz.length === 5 ? `${tz.slice(0, 3)}:${tz.slice(3)}` : tz
}

export function parseJsonObject(text: string): string | { error: string } {
  try {
    const v: unknown = JSON.parse(text)
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return { error: 'is not a JSON object' }
    return JSON.stringify(v)
  } catch {
    return { error: `"${text.slice(0, 40)}" is not valid JSON` }
  }
}
