/**
 * Drill-down and comparisons: the billing lines behind a number (paged, sorted, filtered), top movers between
 * two periods with the anomalies that explain them, unit economics, and the values a filter can take.
 */
import { ApiError } from '../../shared/errors'
import type {
  CostMeasure,
  ExploreDimension,
  ExploreFilters,
  LineItem,
  LineItemColumn,
  LineItemsResult,
  MoversResult,
  UnitEconomics,
} from '../../shared/explore-types'
import type { Db } from '../db/open'
import { costDaySource } from '../workspace/cost-day'
import { SUBJECT_NAME_SQL } from './aggregate'
import { currencyOf, exploreQuery, whereSql } from './queries'

const LINE_COL: Record<LineItemColumn, string> = {
  ChargePeriodStart: '"ChargePeriodStart"',
  ProviderName: '"ProviderName"',
  ServiceName: '"ServiceName"',
  SkuId: '"SkuId"',
  RegionId: '"RegionId"',
  SubAccountName: '"SubAccountName"',
  ResourceName: `coalesce("ResourceName", "ResourceId")`,
  PricingCategory: '"PricingCategory"',
  Team: 'team',
  Project: 'project',
  ModelType: `(SELECT model_type FROM subject WHERE kind = 'billing' AND key = ${SUBJECT_NAME_SQL} || '|' || coalesce("SkuId", ''))`,
  AcceleratorType: 'accelerator_type',
  ConsumedQuantity: '"ConsumedQuantity"',
  BilledCost: '"BilledCost"',
  EffectiveCost: '"EffectiveCost"',
  ListCost: '"ListCost"',
}

/** Filters on line items: the raw columns (the cube's dimensions, as billing_line holds them). */
const LINE_FILTER: Partial<Record<ExploreDimension, string>> = {
  ProviderName: '"ProviderName"',
  ServiceName: '"ServiceName"',
  ServiceCategory: '"ServiceCategory"',
  RegionId: '"RegionId"',
  SubAccountName: '"SubAccountName"',
  ChargeCategory: '"ChargeCategory"',
  PricingCategory: '"PricingCategory"',
  SkuId: '"SkuId"',
  Team: 'team',
  Project: 'project',
  AcceleratorType: 'accelerator_type',
  ChargeDay: 'substr("ChargePeriodStart", 1, 10)',
  ChargeMonth: 'substr("ChargePeriodStart", 1, 7)',
  ChargeWeek: `date(substr("ChargePeriodStart", 1, 10), '-6 days', 'weekday 1')`,
  Pool: `coalesce(nullif("ResourceName", ''), "ResourceId")`,
}

export interface LineItemsQuery {
  filters?: ExploreFilters | undefined
  from?: string | undefined
  to?: string | undefined
  sort?: { column: LineItemColumn; dir: 'asc' | 'desc' } | undefined
  offset: number
  limit: number
}

function lineWhere(q: Pick<LineItemsQuery, 'filters' | 'from' | 'to'>): { sql: string; params: unknown[] } {
  const filters = { ...(q.filters ?? {}) }
  const semantic: string[] = []
  const params: unknown[] = []
  for (const d of ['ModelType', 'Phase'] as const) {
    const values = filters[d]
    delete filters[d]
    if (!values?.length) continue
    semantic.push(
      `${SUBJECT_NAME_SQL} || '|' || coalesce("SkuId", '') IN (SELECT key FROM subject WHERE kind = 'billing' AND ${d === 'ModelType' ? 'model_type' : 'phase'} IN (${values.map(() => '?').join(',')}))`,
    )
    params.push(...values)
  }
  for (const d of Object.keys(filters) as ExploreDimension[]) {
    if (!LINE_FILTER[d]) throw new ApiError({ code: 'invalid-input', message: `Line items cannot be filtered by ${d}.` })
  }
  const w = whereSql(LINE_FILTER, filters)
  const conds = [...w.sql, ...semantic]
  const all = [...w.params, ...params]
  if (q.from) {
    conds.push('"ChargePeriodStart" >= ?')
    all.push(`${q.from}T00:00:00Z`)
  }
  if (q.to) {
    conds.push('"ChargePeriodStart" < ?')
    all.push(`${new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`)
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params: all }
}

/**
 * One page of line items. The total and its cost come from the cost cube (the same filters), so paging a
 * million lines never counts them; only the page is read from billing_line.
 */
export function lineItems(db: Db, q: LineItemsQuery): LineItemsResult {
  const { sql, params } = lineWhere(q)
  const sort = q.sort ?? { column: 'ChargePeriodStart', dir: 'asc' }
  const order = `${LINE_COL[sort.column]} ${sort.dir === 'desc' ? 'DESC' : 'ASC'}, rowid ${sort.dir === 'desc' ? 'DESC' : 'ASC'}`
  const cols = Object.entries(LINE_COL)
    .map(([k, e]) => `${e} AS "${k}"`)
    .join(', ')
  const rows = db.prepare(`SELECT rowid AS id, ${cols} FROM billing_line ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as LineItem[]
  const poolFilter = q.filters?.Pool
  let total: number
  let totalCost: number
  if (poolFilter?.length) {
    // The cube has no resource column: count these from the lines (a pool is a few thousand lines).
    const t = db.prepare(`SELECT count(*) AS n, coalesce(sum("BilledCost"), 0) AS c FROM billing_line ${sql}`).get(...params) as { n: number; c: number }
    total = t.n
    totalCost = t.c
  } else {
    const r = exploreQuery(db, { metric: 'cost', by: [], filters: q.filters, from: q.from, to: q.to })
    total = r.rows[0]?.rows ?? 0
    totalCost = r.total
  }
  return { total, totalCost, offset: q.offset, rows }
}

/** Every matching line as CSV text (the drill-down's export), in the table's order. */
export function* lineItemsCsv(db: Db, q: Omit<LineItemsQuery, 'offset' | 'limit'>): Generator<string> {
  const { sql, params } = lineWhere(q)
  const sort = q.sort ?? { column: 'ChargePeriodStart', dir: 'asc' }
  const cols = Object.keys(LINE_COL) as LineItemColumn[]
  yield `${cols.join(',')}\n`
  const stmt = db.prepare(
    `SELECT ${cols.map((k) => `${LINE_COL[k]} AS "${k}"`).join(', ')} FROM billing_line ${sql} ORDER BY ${LINE_COL[sort.column]} ${sort.dir === 'desc' ? 'DESC' : 'ASC'}`,
  )
  const cell = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  let chunk = ''
  for (const r of stmt.iterate(...params) as IterableIterator<Record<string, string | number | null>>) {
    chunk += `${cols.map((c) => cell(r[c] ?? null)).join(',')}\n`
    if (chunk.length > 1 << 16) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk) yield chunk
}

export interface MoversQuery {
  dimension: ExploreDimension
  before: { from: string; to: string }
  after: { from: string; to: string }
  filters?: ExploreFilters | undefined
  costMetric?: CostMeasure | undefined
  limit: number
}

const ANOMALY_DIM: Partial<Record<ExploreDimension, string>> = { Team: 'Team', ServiceName: 'ServiceName', SkuId: 'SkuId', AcceleratorType: 'AcceleratorType', ProviderName: 'ProviderName' }

/** Which values of a dimension explain the change between two periods, largest change first, with anomalies found in the later one. */
export function topMovers(db: Db, q: MoversQuery): MoversResult {
  const run = (p: { from: string; to: string }) => exploreQuery(db, { metric: 'cost', by: [q.dimension], from: p.from, to: p.to, filters: q.filters, costMetric: q.costMetric })
  const a = run(q.before)
  const b = run(q.after)
  const map = new Map<string | null, { before: number; after: number }>()
  for (const r of a.rows) map.set(r.keys[q.dimension] ?? null, { before: r.value, after: 0 })
  for (const r of b.rows) {
    const k = r.keys[q.dimension] ?? null
    const m = map.get(k) ?? { before: 0, after: 0 }
    m.after = r.value
    map.set(k, m)
  }
  const change = b.total - a.total
  const hasAnomalies = Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'anomaly'`).get())
  const anomalyDim = ANOMALY_DIM[q.dimension]
  const found = hasAnomalies && anomalyDim ? costAnomalies(db, q.after) : []
  const rows = [...map.entries()]
    .map(([key, v]) => ({ key, before: v.before, after: v.after, delta: v.after - v.before }))
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
    .slice(0, q.limit)
    .map((r) => ({
      ...r,
      shareOfChange: Math.abs(change) > 1e-9 ? r.delta / change : null,
      anomalies: anomalyDim && r.key !== null ? anomaliesOf(found, anomalyDim, r.key) : [],
    }))
  return {
    dimension: q.dimension,
    before: { ...q.before, total: a.total },
    after: { ...q.after, total: b.total },
    rows,
    currency: a.currency ?? b.currency,
  }
}

interface FoundAnomaly {
  id: number
  day: string
  severity: string
  explanation: string
  drivers: { dimension: string; value: string }[]
  seriesKey: string
}

/** The period's cost anomalies, largest excess first (read once per question, matched to each row below). */
function costAnomalies(db: Db, p: { from: string; to: string }): FoundAnomaly[] {
  const rows = db
    .prepare(
      `SELECT id, substr(at, 1, 10) AS day, severity, explanation, drivers_json, series_key FROM anomaly
       WHERE kind = 'cost' AND at >= ? AND at < ? ORDER BY excess DESC LIMIT 500`,
    )
    .all(p.from, `${p.to}~`) as { id: number; day: string; severity: string; explanation: string; drivers_json: string; series_key: string }[]
  return rows.map((r) => {
    let drivers: FoundAnomaly['drivers'] = []
    try {
      drivers = JSON.parse(r.drivers_json) as FoundAnomaly['drivers']
    } catch {
      // an unreadable driver list matches by series key only
    }
    return { id: r.id, day: r.day, severity: r.severity, explanation: r.explanation, drivers, seriesKey: r.series_key }
  })
}

function anomaliesOf(found: FoundAnomaly[], dim: string, value: string): MoversResult['rows'][number]['anomalies'] {
  return found
    .filter((a) => a.drivers.some((d) => d.dimension === dim && d.value === value) || a.seriesKey.endsWith(`:${value}`))
    .slice(0, 3)
    .map((a) => ({ id: a.id, day: a.day, severity: a.severity, explanation: a.explanation }))
}

/** Cost per accelerator-hour by type, per 1k requests (QPS series joined to attributed cost), per job. */
export function unitEconomics(db: Db, q: { from?: string | undefined; to?: string | undefined; costMetric?: CostMeasure | undefined }): UnitEconomics {
  const notes: string[] = []
  const lo = q.from ?? '0000-00-00'
  const hi = q.to ?? '9999-99-99'
  const col = q.costMetric === 'EffectiveCost' ? 'effective' : q.costMetric === 'ListCost' ? 'list' : 'billed'
  // Spend and accelerator-hours of the accelerator lines in one pass over the daily sums (Explore's spend source).
  const src = costDaySource(db)
  const perAcceleratorHour = (
    db
      .prepare(
        `SELECT c.accelerator_type AS t, sum(c.${col}) AS cost, sum(c.accel_hours) AS hours FROM ${src.sql} c
         WHERE c.accelerator_type IS NOT NULL AND c.day >= ? AND c.day <= ? GROUP BY t`,
      )
      .all(...src.params, lo, hi) as { t: string; cost: number; hours: number }[]
  )
    .map((r) => ({ acceleratorType: r.t, cost: r.cost, hours: r.hours, costPerHour: r.hours > 0 ? r.cost / r.hours : null }))
    .sort((a, b) => b.cost - a.cost)
  const perOwner = db
    .prepare(
      `SELECT owner_key AS owner, sum(${col}) AS cost, sum(requests) AS requests FROM accel_requests
       WHERE day >= ? AND day <= ? GROUP BY owner_key ORDER BY cost DESC LIMIT 50`,
    )
    .all(lo, hi) as { owner: string; cost: number; requests: number }[]
  if (perOwner.length === 0) notes.push('Cost per 1k requests needs a QPS series per pod (e.g. a `*qps*` or `*requests_per_second*` gauge with pod labels).')
  const perJob = db
    .prepare(
      `SELECT coalesce(sj.name, o.pod) AS job, o.team AS team, sum(a.${col}) AS cost, sum(a.gpu_hours) AS gpuHours, count(DISTINCT a.day) AS hours
       FROM accel_attribution a JOIN accel_owner o ON o.id = a.owner_id LEFT JOIN subject sj ON sj.id = o.subject_id
       WHERE o.kind = 'pod' AND a.day >= ? AND a.day <= ? GROUP BY coalesce(sj.name, o.pod), o.team ORDER BY cost DESC LIMIT 50`,
    )
    .all(lo, hi) as UnitEconomics['perJob']
  if (perJob.length === 0) notes.push('Cost per job needs telemetry with pod labels joined to billed accelerators.')
  return {
    currency: currencyOf(db),
    perAcceleratorHour,
    perThousandRequests: perOwner.map((r) => ({ owner: r.owner, cost: r.cost, requests: r.requests, costPer1k: r.requests > 0 ? (r.cost / r.requests) * 1000 : null })),
    perJob,
    notes,
  }
}

/** The values each dimension takes (for the filter pickers), most costly first, at most `limit` each. */
export function dimensionValues(db: Db, dims: readonly ExploreDimension[], limit: number): Partial<Record<ExploreDimension, string[]>> {
  const out: Partial<Record<ExploreDimension, string[]>> = {}
  for (const d of dims) {
    const metric = ['Pool', 'Namespace', 'Pod', 'Rule'].includes(d) ? 'attribution' : 'cost'
    try {
      const r = exploreQuery(db, { metric, by: [d] })
      out[d] = r.rows
        .sort((a, b) => b.value - a.value)
        .slice(0, limit)
        .map((x) => x.keys[d] ?? '(none)')
    } catch {
      out[d] = []
    }
  }
  return out
}
