/**
 * Explore's questions, answered from the aggregates (aggregate.ts): spend and accelerator-hours from the
 * cost cube, idle cost and fractional attribution from the accelerator tables. Dimension SQL is whitelisted
 * per source; values are always bound parameters.
 */
import { ApiError } from '../../shared/errors'
import {
  ACCEL_ONLY_DIMENSIONS,
  BILLING_ONLY_DIMENSIONS,
  TIME_DIMENSIONS,
  type CostMeasure,
  type ExploreDimension,
  type ExploreFilters,
  type ExploreQuery,
  type ExploreResult,
  type ExploreRow,
  type HeatmapResult,
} from '../../shared/explore-types'
import type { Db } from '../db/open'
import { REMAINDER_OWNER } from './attribution'

const DAY_MS = 86_400_000
const NONE = '(none)'

const CUBE: Partial<Record<ExploreDimension, string>> = {
  ProviderName: 'c.provider',
  ServiceName: 'c.service',
  ServiceCategory: 'c.service_category',
  RegionId: 'c.region',
  SubAccountName: 'c.sub_account',
  ChargeCategory: 'c.charge_category',
  PricingCategory: 'c.pricing_category',
  SkuId: 'c.sku',
  Team: 'c.team',
  Project: 'c.project',
  ModelType: 'sj.model_type',
  Phase: 'sj.phase',
  AcceleratorType: 'c.accelerator_type',
  ChargeDay: 'c.day',
  ChargeWeek: "date(c.day, '-6 days', 'weekday 1')",
  ChargeMonth: 'substr(c.day, 1, 7)',
}

const HOUR_DAY = 'h.day'
const POOL: Partial<Record<ExploreDimension, string>> = {
  ProviderName: 'p.provider',
  ServiceName: 'p.service',
  RegionId: 'p.region',
  SubAccountName: 'p.sub_account',
  PricingCategory: 'p.pricing_category',
  SkuId: 'p.sku',
  Team: 'p.team',
  Project: 'p.project',
  ModelType: 'ps.model_type',
  Phase: 'ps.phase',
  AcceleratorType: 'p.accelerator_type',
  Pool: 'p.name',
  ChargeDay: HOUR_DAY,
  ChargeWeek: `date(${HOUR_DAY}, '-6 days', 'weekday 1')`,
  ChargeMonth: `substr(${HOUR_DAY}, 1, 7)`,
}
const ATTR_DAY = 'a.day'
const REM = `'${REMAINDER_OWNER}'`
const ownerSide = (col: string): string => `CASE o.kind WHEN 'remainder' THEN ${REM} WHEN 'billing' THEN ${col.replace(/^o\./, 'p.').replace(/^os\./, 'ps.')} ELSE ${col} END`
const ATTRIBUTION: Partial<Record<ExploreDimension, string>> = {
  ...POOL,
  ChargeDay: ATTR_DAY,
  ChargeWeek: `date(${ATTR_DAY}, '-6 days', 'weekday 1')`,
  ChargeMonth: `substr(${ATTR_DAY}, 1, 7)`,
  Team: ownerSide('o.team'),
  Project: ownerSide('o.project'),
  ModelType: ownerSide('os.model_type'),
  Phase: ownerSide('os.phase'),
  Namespace: `CASE o.kind WHEN 'remainder' THEN ${REM} ELSE o.namespace END`,
  Pod: `CASE o.kind WHEN 'remainder' THEN ${REM} ELSE o.pod END`,
  Rule: 'a.rule',
}

const MEASURE: Record<CostMeasure, { col: string; idle: string; unmon: string }> = {
  BilledCost: { col: 'billed', idle: 'idle_billed', unmon: 'unmon_billed' },
  EffectiveCost: { col: 'effective', idle: 'idle_effective', unmon: 'unmon_effective' },
  ListCost: { col: 'list', idle: 'idle_list', unmon: 'unmon_list' },
}
/** Whether a question needs the classifier's answer (model type / phase): only then are subjects joined. */
const needsSubject = (q: ExploreQuery): boolean => [...q.by, ...Object.keys(q.filters ?? {})].some((d) => d === 'ModelType' || d === 'Phase')

function exprs(q: ExploreQuery): Partial<Record<ExploreDimension, string>> {
  if (q.metric === 'attribution') return ATTRIBUTION
  if (q.metric === 'idle') return POOL
  return CUBE
}

function check(q: ExploreQuery): void {
  const map = exprs(q)
  for (const d of [...q.by, ...Object.keys(q.filters ?? {})] as ExploreDimension[]) {
    if (!map[d]) {
      const why = ACCEL_ONLY_DIMENSIONS.includes(d)
        ? `${d} exists for the accelerator metrics (idle, attribution) only`
        : BILLING_ONLY_DIMENSIONS.includes(d)
          ? `${d} exists for the billing metrics (cost, gpu-hours) only`
          : `${d} cannot be used with ${q.metric}`
      throw new ApiError({ code: 'invalid-input', message: `${why}.` })
    }
  }
}

export function whereSql(map: Partial<Record<ExploreDimension, string>>, filters: ExploreFilters | undefined): { sql: string[]; params: unknown[] } {
  const sql: string[] = []
  const params: unknown[] = []
  for (const [d, values] of Object.entries(filters ?? {}) as [ExploreDimension, string[]][]) {
    if (!values || values.length === 0) continue
    const e = map[d] as string
    const real = values.filter((v) => v !== NONE)
    const parts: string[] = []
    if (real.length) {
      parts.push(`${e} IN (${real.map(() => '?').join(',')})`)
      params.push(...real)
    }
    if (real.length < values.length) parts.push(`${e} IS NULL`)
    sql.push(`(${parts.join(' OR ')})`)
  }
  return { sql, params }
}

/** The workspace's billing currency, noted when the aggregates were built. */
export function currencyOf(db: Db): string | null {
  const r = db.prepare(`SELECT value FROM explore_state WHERE key = 'currency'`).get() as { value: string } | undefined
  return r?.value || null
}

export function dataPeriod(db: Db): { start: string; end: string } | null {
  const c = db.prepare('SELECT min(day) AS s, max(day) AS e FROM cost_day').get() as { s: string | null; e: string | null }
  const h = db.prepare(`SELECT min(hour) AS s, max(hour) AS e FROM accel_hour`).get() as { s: number | null; e: number | null }
  const days = [c.s, c.e, h.s !== null ? new Date(h.s).toISOString().slice(0, 10) : null, h.e !== null ? new Date(h.e).toISOString().slice(0, 10) : null].filter(
    (x): x is string => x !== null,
  )
  if (days.length === 0) return null
  days.sort()
  return { start: days[0] as string, end: days.at(-1) as string }
}

const dayStartMs = (d: string): number => Date.parse(`${d}T00:00:00Z`)

export function exploreQuery(db: Db, q: ExploreQuery): ExploreResult {
  check(q)
  const measure = q.costMetric ?? 'BilledCost'
  const map = exprs(q)
  const by = [...q.by]
  const select = by.map((d, i) => `${map[d]} AS k${i}`)
  const group = by.map((_, i) => `k${i}`)
  const { sql: conds, params } = whereSql(map, q.filters)
  const notes: string[] = []
  let sql: string
  const withSubject = needsSubject(q)
  const m = MEASURE[measure]
  if (q.metric === 'cost' || q.metric === 'gpu-hours') {
    if (q.from) {
      conds.push('c.day >= ?')
      params.push(q.from)
    }
    if (q.to) {
      conds.push('c.day <= ?')
      params.push(q.to)
    }
    if (q.metric === 'gpu-hours') conds.push('c.accelerator_type IS NOT NULL')
    const value = q.metric === 'cost' ? `sum(c.${m.col})` : 'sum(c.accel_hours)'
    sql = `SELECT ${[...select, `${value} AS v`, 'sum(c.rows) AS n', 'sum(c.accel_hours) AS gh'].join(', ')}
      FROM ${withSubject ? 'cost_cube c LEFT JOIN subject sj ON sj.id = c.subject_id' : 'cost_day c'}`
    if (q.metric === 'gpu-hours') notes.push('Accelerator-hours billed: usage hours × accelerators per instance (instance catalog).')
  } else {
    const day = q.metric === 'idle' ? 'h.day' : 'a.day'
    if (q.from) {
      conds.push(`${day} >= ?`)
      params.push(q.from)
    }
    if (q.to) {
      conds.push(`${day} <= ?`)
      params.push(q.to)
    }
    if (q.metric === 'idle') {
      sql = `SELECT ${[
        ...select,
        `sum(h.${m.idle}) AS v`,
        `sum(h.${m.col}) AS billed`,
        'sum(h.billed_hours) AS bh',
        'sum(h.monitored_hours) AS mh',
        'sum(CASE WHEN h.billed_hours > 0 THEN h.busy_hours ELSE 0 END) AS bz',
        'sum(h.seen_hours) AS seen',
        'sum(h.busy_hours) AS allbusy',
        `sum(h.${m.unmon}) AS unmon`,
      ].join(', ')}
        FROM accel_day h JOIN accel_pool p ON p.id = h.pool_id${withSubject ? ' LEFT JOIN subject ps ON ps.id = p.subject_id' : ''}`
      notes.push('Idle cost = billed cost × (monitored − busy accelerator-hours) ÷ billed accelerator-hours, hour by hour; busy = measured utilisation (DCGM GPU_UTIL / engine activity).')
    } else {
      sql = `SELECT ${[...select, `sum(a.${m.col}) AS v`, 'sum(a.gpu_hours) AS gh'].join(', ')}
        FROM accel_attribution a JOIN accel_pool p ON p.id = a.pool_id JOIN accel_owner o ON o.id = a.owner_id${
          withSubject ? ' LEFT JOIN subject ps ON ps.id = p.subject_id LEFT JOIN subject os ON os.id = o.subject_id' : ''
        }`
      notes.push(
        'Shared accelerators are split by measured activity (MIG: engine activity × slice; time-slicing: per-pod activity); what nobody used is "(shared/idle)"; billed hours without telemetry keep the billing line\'s tags.',
      )
    }
  }
  sql += `${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''}${group.length ? ` GROUP BY ${group.join(', ')}` : ''}`
  const raw = db.prepare(sql).all(...params) as Record<string, number | string | null>[]
  let rows: ExploreRow[] = raw
    .filter((r) => !(by.length === 0 && r.v === null))
    .map((r) => {
      const keys = Object.fromEntries(by.map((d, i) => [d, (r[`k${i}`] as string | null) ?? null]))
      const v = (r.v as number | null) ?? 0
      if (q.metric === 'cost') return { keys, value: v, cost: v, rows: r.n as number }
      if (q.metric === 'gpu-hours') return { keys, value: v, gpuHours: v, rows: r.n as number }
      if (q.metric === 'attribution') return { keys, value: v, gpuHours: (r.gh as number) ?? 0 }
      const mh = (r.mh as number) ?? 0
      const seen = (r.seen as number) ?? 0
      return {
        keys,
        value: v,
        billedCost: (r.billed as number) ?? 0,
        billedHours: (r.bh as number) ?? 0,
        monitoredHours: mh,
        busyHours: (r.bz as number) ?? 0,
        idleHours: mh - ((r.bz as number) ?? 0),
        unmonitoredCost: (r.unmon as number) ?? 0,
        utilisation: seen > 0 ? ((r.allbusy as number) ?? 0) / seen : null,
      }
    })
  const total = rows.reduce((s, r) => s + r.value, 0)
  const topDim = by.find((d) => !TIME_DIMENSIONS.includes(d))
  if (q.top !== undefined && topDim) rows = keepTop(rows, topDim, q.top)
  rows.sort((a, b) => {
    for (const d of by) {
      if (!TIME_DIMENSIONS.includes(d)) continue
      const c = String(a.keys[d] ?? '').localeCompare(String(b.keys[d] ?? ''))
      if (c) return c
    }
    return b.value - a.value
  })
  const result: ExploreResult = {
    by,
    metric: q.metric === 'cost' ? measure : q.metric,
    unit: q.metric === 'gpu-hours' ? 'accelerator-hours' : 'currency',
    currency: currencyOf(db),
    rows,
    total,
    notes,
    period: dataPeriod(db),
  }
  if (q.metric === 'attribution') result.remainderKeys = [REMAINDER_OWNER]
  return result
}

const SUMMED: (keyof ExploreRow)[] = ['value', 'cost', 'rows', 'billedCost', 'billedHours', 'monitoredHours', 'busyHours', 'idleHours', 'unmonitoredCost', 'gpuHours']

/** Keeps the `top` largest values of one dimension; the rest fold into "Other" (sums stay sums). */
function keepTop(rows: ExploreRow[], dim: ExploreDimension, top: number): ExploreRow[] {
  const totals = new Map<string, number>()
  for (const r of rows) totals.set(String(r.keys[dim]), (totals.get(String(r.keys[dim])) ?? 0) + Math.abs(r.value))
  if (totals.size <= top) return rows
  const keep = new Set([...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k]) => k))
  const merged = new Map<string, ExploreRow>()
  for (const r of rows) {
    const keys = keep.has(String(r.keys[dim])) ? r.keys : { ...r.keys, [dim]: 'Other' }
    const id = JSON.stringify(keys)
    const m = merged.get(id) as Record<string, unknown> | undefined
    if (!m) {
      merged.set(id, { ...r, keys })
      continue
    }
    for (const k of SUMMED) if (typeof r[k] === 'number') m[k] = ((m[k] as number | undefined) ?? 0) + (r[k])
    if ('utilisation' in m) m.utilisation = (m.monitoredHours as number) > 0 ? (m.busyHours as number) / (m.monitoredHours as number) : null
  }
  return [...merged.values()]
}

/** Utilisation and idle cost by day of week (Monday first) × hour of day (UTC). */
export function heatmap(db: Db, q: { from?: string | undefined; to?: string | undefined; filters?: ExploreFilters | undefined; costMetric?: CostMeasure | undefined }): HeatmapResult {
  const { sql: conds, params } = whereSql(POOL, q.filters)
  if (q.from) {
    conds.push('h.hour >= ?')
    params.push(dayStartMs(q.from))
  }
  if (q.to) {
    conds.push('h.hour < ?')
    params.push(dayStartMs(q.to) + DAY_MS)
  }
  const idle = MEASURE[q.costMetric ?? 'BilledCost'].idle
  const subj = Object.keys(q.filters ?? {}).some((d) => d === 'ModelType' || d === 'Phase')
  const rows = db
    .prepare(
      `SELECT h.dow AS d, h.hod AS hr, sum(h.busy_hours) AS busy, sum(h.seen_hours) AS seen, sum(h.${idle}) AS idle
       FROM accel_hour h${conds.length ? ' JOIN accel_pool p ON p.id = h.pool_id' : ''}${subj ? ' LEFT JOIN subject ps ON ps.id = p.subject_id' : ''}
       ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} GROUP BY h.dow, h.hod`,
    )
    .all(...params) as { d: number; hr: number; busy: number; seen: number; idle: number }[]
  const grid = <T>(v: T): T[][] => Array.from({ length: 7 }, () => new Array<T>(24).fill(v))
  const out: HeatmapResult = { utilisation: grid<number | null>(null), idleCost: grid(0), monitoredHours: grid(0), currency: currencyOf(db) }
  for (const r of rows) {
    ;(out.utilisation[r.d] as (number | null)[])[r.hr] = r.seen > 0 ? r.busy / r.seen : null
    ;(out.idleCost[r.d] as number[])[r.hr] = r.idle
    ;(out.monitoredHours[r.d] as number[])[r.hr] = r.seen
  }
  return out
}
