/** Number, money and date formatting: one place, so every screen reads the same. */

// Money lives in shared/money.ts (one implementation for every process); screens import it from here.
export { money, moneyPrecise, moneyRate, moneyWhole } from '../../shared/money'

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

export function integer(x: number): string {
  return integerFormat.format(x)
}

const axisDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })

/** Axis ticks: "20,000" up to a million, "1.2M" beyond, decimals only where the step needs them ("0.5"). */
export function axisNumber(x: number): string {
  if (Math.abs(x) >= 1_000_000) return compactFormat.format(x)
  return Number.isInteger(x) ? integerFormat.format(x) : axisDecimals.format(x)
}

/** Ticks on a narrow axis: "20K", "1.2M" (compact from a thousand on). */
export function axisCompact(x: number): string {
  return Math.abs(x) >= 1000 ? compactFormat.format(x) : axisNumber(x)
}

/** "12.3 %"; shares that would round to 0 or 100 say so instead of pretending to be exact. */
export function percent(x: number, digits = 1): string {
  const step = Math.pow(10, -digits)
  const pct = x * 100
  if (pct > 0 && pct < step) return `< ${step.toFixed(digits)} %`
  if (pct < 100 && pct > 100 - step / 2) return `> ${(100 - step).toFixed(digits)} %`
  return `${pct.toFixed(digits)} %`
}

/** YYYY-MM-DD of an ISO date or timestamp (UTC date part as written). */
export function isoDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—'
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** YYYY-MM-DD HH:MM in local time, for moments (imported at, approved at). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/**
 * The last day covered by a FOCUS period whose end is exclusive (ChargePeriodEnd / BillingPeriodEnd):
 * "2024-10-01T00:00:00Z" ends on 2024-09-30.
 */
export function inclusiveEndDate(isoEnd: string | null | undefined): string {
  if (!isoEnd) return '—'
  const t = Date.parse(isoEnd.length === 10 ? `${isoEnd}T00:00:00Z` : isoEnd)
  if (Number.isNaN(t)) return isoDate(isoEnd)
  const d = new Date(t)
  const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0
  return new Date(midnight ? t - 86_400_000 : t).toISOString().slice(0, 10)
}

/** Days from start to end inclusive, both YYYY-MM-DD. */
export function daysBetweenInclusive(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1
}

/** Every day from start to end inclusive, YYYY-MM-DD. */
export function dayRange(start: string, end: string): string[] {
  const out: string[] = []
  const last = Date.parse(`${end}T00:00:00Z`)
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= last; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${integer(n)} ${n === 1 ? one : many}`
}
