/** CLI argument forms for telemetry pulls: times and steps the way Prometheus users write them. */

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }

/** "15s", "1m", "1h30m", "300" (seconds) → seconds. */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t)
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g
  let total = 0
  let used = 0
  for (const m of t.matchAll(re)) {
    total += Number(m[1]) * (UNITS[m[2] as string] as number)
    used += m[0].length
  }
  if (used !== t.length || total <= 0) throw new CliArgError(`${flag} "${text}" is not a duration (e.g. 15s, 1m, 1h, or seconds)`)
  return total
}

/** Epoch seconds, ISO 8601, "now" or "now-6h" → epoch seconds. */
export function parseTimeArg(text: string, nowMs: number, flag: string): number {
  const t = text.trim()
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t)
  const rel = /^now(?:\s*-\s*(.+))?$/.exec(t)
  if (rel) return Math.floor(nowMs / 1000) - (rel[1] ? parseDuration(rel[1], flag) : 0)
  const ms = Date.parse(t)
  if (Number.isNaN(ms)) throw new CliArgError(`${flag} "${text}" is not a time (epoch seconds, ISO 8601, now or now-6h)`)
  return ms / 1000
}

export class CliArgError extends Error {}
