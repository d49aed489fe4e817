import type { Reconciliation } from '../../shared/reconcile-types'
import type { Db } from '../db/open'

const DAY_MS = 86_400_000
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * The last full calendar month the data covers: its lines start on or before the month's first day and end
 * on or after its last. Lines count by their ChargePeriodStart, as every other figure does. Without a full
 * month, the whole span of the data (said in the label).
 */
export function reconcilePeriod(db: Db): Reconciliation['period'] | null {
  const r = db.prepare('SELECT MIN("ChargePeriodStart") AS s, MAX(COALESCE("ChargePeriodEnd", "ChargePeriodStart")) AS e FROM billing_line').get() as {
    s: string | null
    e: string | null
  }
  if (!r.s || !r.e) return null
  const first = Date.parse(r.s)
  const last = Date.parse(r.e)
  const end = new Date(last)
  const monthEnd = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1)
  const monthStart = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1)
  if (first <= monthStart) {
    const d = new Date(monthStart)
    return { start: isoDay(monthStart), end: isoDay(monthEnd), label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`, days: Math.round((monthEnd - monthStart) / DAY_MS), full: true }
  }
  const s = Math.floor(first / DAY_MS) * DAY_MS
  const e = Math.max(s + DAY_MS, Math.ceil(last / DAY_MS) * DAY_MS)
  return { start: isoDay(s), end: isoDay(e), label: `${isoDay(s)} – ${isoDay(e - DAY_MS)} (no full month of data: the whole span)`, days: Math.round((e - s) / DAY_MS), full: false }
}
