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
