import type { CostDimension, CostMetric, CostQueryResult, CostRow, WorkspaceInfo } from '../../shared/types'
import type { Db } from '../db/open'
import { costDayDimension, costDaySource, MEASURE_COLUMN, workspaceCurrency } from './cost-day'

const TIME_DIMENSIONS: readonly CostDimension[] = ['ChargeDay', 'ChargeMonth']

/**
 * Spend by dimension, from the daily sums (cost-day.ts). ModelType here is the line's own tag, kept in the sums
 * (Explore's Model type is the classifier's answer, from its cube).
 */
export function queryCost(db: Db, by: readonly CostDimension[], metric: CostMetric, top?: number): CostQueryResult {
  const dims = [...by]
  const src = costDaySource(db)
  const select = dims.map((d, i) => `${costDayDimension(d, 'c')} AS k${i}`)
  const group = dims.map((_, i) => `k${i}`)
  const sql = `SELECT ${[...select, `SUM(${MEASURE_COLUMN[metric]}) AS cost`, 'SUM(rows) AS n'].join(', ')} FROM ${src.sql} c
    ${group.length ? `GROUP BY ${group.join(', ')} ORDER BY ${group.join(', ')}` : ''}`
  const raw = db.prepare(sql).all(...src.params) as Record<string, string | number | null>[]
  let rows: CostRow[] = raw.map((r) => ({
    keys: Object.fromEntries(dims.map((d, i) => [d, (r[`k${i}`] as string | null) ?? null])),
    cost: (r.cost as number | null) ?? 0,
    rows: (r.n as number | null) ?? 0,
  }))
  if (dims.length === 0 && rows.length === 1 && rows[0]?.rows === 0) rows = []
  const total = rows.reduce((s, r) => s + r.cost, 0)
  const topDim = dims.find((d) => !TIME_DIMENSIONS.includes(d))
  if (top !== undefined && topDim) rows = keepTop(rows, topDim, top)
  return { by: dims, metric, rows, total, currency: workspaceCurrency(db) }
}

/** Keeps the `top` largest values of one dimension (by total cost) and folds the rest into "Other". */
function keepTop(rows: CostRow[], dim: CostDimension, top: number): CostRow[] {
  const totals = new Map<string, number>()
  for (const r of rows) {
    const k = r.keys[dim] ?? '(none)'
    totals.set(k, (totals.get(k) ?? 0) + r.cost)
  }
  if (totals.size <= top) return rows
  const keep = new Set([...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k]) => k))
  const merged = new Map<string, CostRow>()
  for (const r of rows) {
    const k = r.keys[dim] ?? '(none)'
    const keys = keep.has(k) ? r.keys : { ...r.keys, [dim]: 'Other' }
    const id = JSON.stringify(keys)
    const m = merged.get(id)
    if (m) {
      m.cost += r.cost
      m.rows += r.rows
    } else merged.set(id, { keys, cost: r.cost, rows: r.rows })
  }
  return [...merged.values()]
}

export function workspaceSummary(db: Db, path: string, name: string, isDemo: boolean): WorkspaceInfo {
  const schema = db.prepare('SELECT MAX(version) AS v FROM schema_migration').get() as { v: number | null }
  const snaps = db.prepare('SELECT COUNT(*) AS n FROM snapshot').get() as { n: number }
  const src = costDaySource(db)
  const agg = db.prepare(`SELECT COALESCE(SUM(rows), 0) AS n, COALESCE(SUM(billed), 0) AS total FROM ${src.sql} c`).get(...src.params) as { n: number; total: number }
  // min and max apart: each is one step down cost_day's day index (together they scan it)
  const s = db.prepare(`SELECT MIN(day) FROM ${src.sql} c`).pluck().get(...src.params) as string | null
  const e = db.prepare(`SELECT MAX(day) FROM ${src.sql} c`).pluck().get(...src.params) as string | null
  return {
    path,
    name,
    isDemo,
    schemaVersion: schema.v ?? 0,
    snapshotCount: snaps.n,
    billingRows: agg.n,
    period: s && e ? { start: s, end: e } : null,
    totalBilledCost: agg.total,
    currency: workspaceCurrency(db),
  }
}

/**
 * Daily totals over the whole period, with missing days as zero so a forecast sees real gaps: from the daily
 * sums (a few rows per day), not the lines.
 */
export function dailyCost(db: Db, metric: CostMetric): { date: string; value: number }[] {
  const src = costDaySource(db)
  const rows = db
    .prepare(`SELECT c.day AS d, SUM(c.${MEASURE_COLUMN[metric]}) AS v FROM ${src.sql} c WHERE c.day IS NOT NULL GROUP BY d ORDER BY d`)
    .all(...src.params) as { d: string; v: number }[]
  if (rows.length === 0) return []
  const byDay = new Map(rows.map((r) => [r.d, r.v]))
  const out: { date: string; value: number }[] = []
  const first = Date.parse(`${rows[0]?.d}T00:00:00Z`)
  const last = Date.parse(`${rows.at(-1)?.d}T00:00:00Z`)
  for (let t = first; t <= last; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10)
    out.push({ date: d, value: byDay.get(d) ?? 0 })
  }
  return out
}

/**
 * The daily history a forecast should see: `dailyCost` without a last day that the data covers only in part
 * (its lines end before midnight), which would read as a collapse in spend. `partialDay` names the day dropped.
 */
export function forecastHistory(db: Db, metric: CostMetric): { history: { date: string; value: number }[]; partialDay: string | null } {
  const history = dailyCost(db, metric)
  const last = history.at(-1)
  if (!last || history.length < 2) return { history, partialDay: null }
  // Each billing snapshot keeps its lines' last ChargePeriodEnd (written at import, never rewritten): a few rows
  // to read instead of every line.
  const end = db.prepare(`SELECT MAX(period_end) AS e FROM snapshot WHERE kind = 'billing'`).get() as { e: string | null }
  const endMs = end.e ? Date.parse(end.e) : NaN
  if (Number.isFinite(endMs) && endMs < Date.parse(`${last.date}T00:00:00Z`) + 86_400_000) return { history: history.slice(0, -1), partialDay: last.date }
  return { history, partialDay: null }
}
