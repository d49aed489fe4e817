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
import { whereGiven } from '../db/where'
import { COST_DIMENSIONS } from '../../shared/types'
import { costDayDimension, costDaySource, workspaceCurrency } from '../workspace/cost-day'
import { REMAINDER_OWNER } from './attribution'
import { WEEK_HOUR_KEY, type WeekHours } from './week-hours'

const DAY_MS = 86_400_000
const NONE = '(none)'

const CUBE: Partial<Record<ExploreDimension, string>> = {
  ...Object.fromEntries(COST_DIMENSIONS.map((d) => [d, costDayDimension(d, 'c')])),
  ModelType: 'sj.model_type',
  Phase: 'sj.phase',
  ChargeWeek: "date(c.day, '-6 days', 'weekday 1')",
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

const MEASURE: Record<CostMeasure, { col: string; idle: 'idle_billed' | 'idle_effective' | 'idle_list'; unmon: string }> = {
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

/** The workspace's billing currency (the one most lines use). */
export const currencyOf = (db: Db): string | null => workspaceCurrency(db)

/** First and last day of billing or telemetry (each end alone is one step down an index). */
export function dataPeriod(db: Db): { start: string; end: string } | null {
  const one = (sql: string): string | number | null => db.prepare(sql).pluck().get() as string | number | null
  const day = (ms: string | number | null): string | null => (ms === null ? null : new Date(ms).toISOString().slice(0, 10))
  const days = [one('SELECT min(day) FROM cost_day'), one('SELECT max(day) FROM cost_day'), day(one('SELECT min(hour) FROM accel_hour')), day(one('SELECT max(hour) FROM accel_hour'))].filter(
    (x): x is string => typeof x === 'string',
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
  const { sql: conds, params } = whereSql(map, q.filters)
  const notes: string[] = []
  let from: string
  let fromParams: unknown[] = []
  let sums: [alias: string, expr: string][]
  const withSubject = needsSubject(q)
  const m = MEASURE[measure]
  if (q.metric === 'cost' || q.metric === 'gpu-hours') {
    whereGiven(conds, params, 'c.day >= ?', q.from)
    whereGiven(conds, params, 'c.day <= ?', q.to)
    if (q.metric === 'gpu-hours') conds.push('c.accelerator_type IS NOT NULL')
    sums = [['v', q.metric === 'cost' ? `c.${m.col}` : 'c.accel_hours'], ['n', 'c.rows']]
    if (withSubject) from = 'cost_cube c LEFT JOIN subject sj ON sj.id = c.subject_id'
    else {
      const src = costDaySource(db)
      from = `${src.sql} c`
      fromParams = src.params
    }
    if (q.metric === 'gpu-hours') notes.push('Accelerator-hours billed: usage hours × accelerators per instance (instance catalog).')
  } else {
    const day = q.metric === 'idle' ? 'h.day' : 'a.day'
    whereGiven(conds, params, `${day} >= ?`, q.from)
    whereGiven(conds, params, `${day} <= ?`, q.to)
    if (q.metric === 'idle') {
      sums = [
        ['v', `h.${m.idle}`],
        ['billed', `h.${m.col}`],
        ['bh', 'h.billed_hours'],
        ['mh', 'h.monitored_hours'],
        ['bz', 'CASE WHEN h.billed_hours > 0 THEN h.busy_hours ELSE 0 END'],
        ['seen', 'h.seen_hours'],
        ['allbusy', 'h.busy_hours'],
        ['unmon', `h.${m.unmon}`],
      ]
      from = `accel_day h JOIN accel_pool p ON p.id = h.pool_id${withSubject ? ' LEFT JOIN subject ps ON ps.id = p.subject_id' : ''}`
      notes.push('Idle cost = billed cost × (monitored − busy accelerator-hours) ÷ billed accelerator-hours, hour by hour; busy = measured utilisation (DCGM GPU_UTIL / engine activity).')
    } else {
      sums = [['v', `a.${m.col}`], ['gh', 'a.gpu_hours']]
      from = `accel_attribution a JOIN accel_pool p ON p.id = a.pool_id JOIN accel_owner o ON o.id = a.owner_id${
        withSubject ? ' LEFT JOIN subject ps ON ps.id = p.subject_id LEFT JOIN subject os ON os.id = o.subject_id' : ''
      }`
      notes.push(
        'Shared accelerators are split by measured activity (MIG: engine activity × slice; time-slicing: per-pod activity); what nobody used is "(shared/idle)"; billed hours without telemetry keep the billing line\'s tags.',
      )
    }
  }
  const where = `FROM ${from}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''}`
  const whereParams = [...fromParams, ...params]
  // A chart's "top N + Other": the N values of the first non-time dimension with the largest total (in
  // magnitude; ties by name) are kept, the others fold into "Other" (sums stay sums). Spend's daily sums hold
  // thousands of groups per chart (every team × day): there the N are found first and the fold happens in the
  // grouping, so only the groups drawn leave SQLite. The accelerator tables' few hundred groups fold here.
  const topAt = by.findIndex((d) => !TIME_DIMENSIONS.includes(d))
  const top = q.top !== undefined && topAt >= 0 ? q.top : undefined
  const selectParams: unknown[] = []
  if (top !== undefined && q.metric === 'cost') {
    const e = map[by[topAt] as ExploreDimension] as string
    const ranked = db
      .prepare(`SELECT ${e} AS k ${where} GROUP BY k ORDER BY abs(sum(${(sums[0] as [string, string])[1]})) DESC, k LIMIT ?`)
      .pluck()
      .all(...whereParams, top + 1) as (string | null)[]
    if (ranked.length > top) {
      const kept = ranked.slice(0, top)
      const real = kept.filter((k) => k !== null)
      const tests = [...(real.length ? [`${e} IN (${real.map(() => '?').join(',')})`] : []), ...(real.length < kept.length ? [`${e} IS NULL`] : [])]
      select[topAt] = `CASE WHEN ${tests.join(' OR ')} THEN ${e} ELSE 'Other' END AS k${topAt}`
      selectParams.push(...real)
    }
  }
  const keys = by.map((_, i) => `k${i}`)
  const sql = `SELECT ${[...select, ...sums.map(([a, e]) => `sum(${e}) AS ${a}`)].join(', ')} ${where}${keys.length ? ` GROUP BY ${keys.join(', ')}` : ''}`
  // Rows as arrays (keys, then the sums in order).
  let raw = db.prepare(sql).raw().all(...selectParams, ...whereParams) as (string | number | null)[][]
  if (top !== undefined && q.metric !== 'cost') raw = foldTop(raw, topAt, by.length, top)
  const at = Object.fromEntries(sums.map(([a], i) => [a, by.length + i])) as Record<string, number>
  const num = (r: (string | number | null)[], a: string): number => (r[at[a] as number] as number | null) ?? 0
  const rows: ExploreRow[] = raw
    .filter((r) => !(by.length === 0 && r[at.v as number] === null))
    .map((r) => {
      const keys = Object.fromEntries(by.map((d, i) => [d, (r[i] as string | null) ?? null]))
      const v = num(r, 'v')
      if (q.metric === 'cost') return { keys, value: v, cost: v, rows: num(r, 'n') }
      if (q.metric === 'gpu-hours') return { keys, value: v, gpuHours: v, rows: num(r, 'n') }
      if (q.metric === 'attribution') return { keys, value: v, gpuHours: num(r, 'gh') }
      const mh = num(r, 'mh')
      const seen = num(r, 'seen')
      return {
        keys,
        value: v,
        billedCost: num(r, 'billed'),
        billedHours: num(r, 'bh'),
        monitoredHours: mh,
        busyHours: num(r, 'bz'),
        idleHours: mh - num(r, 'bz'),
        unmonitoredCost: num(r, 'unmon'),
        utilisation: seen > 0 ? num(r, 'allbusy') / seen : null,
      }
    })
  const total = rows.reduce((sum, r) => sum + r.value, 0)
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

/** Keeps the `top` values of column `at` with the largest total and folds the others into "Other", summing the measure columns (from `nKeys` on). */
function foldTop(raw: (string | number | null)[][], at: number, nKeys: number, top: number): (string | number | null)[][] {
  const totals = new Map<string | number | null, number>()
  for (const r of raw) totals.set(r[at] ?? null, (totals.get(r[at] ?? null) ?? 0) + ((r[nKeys] as number | null) ?? 0))
  if (totals.size <= top) return raw
  const kept = new Set(
    [...totals.entries()]
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (String(a[0] ?? '') < String(b[0] ?? '') ? -1 : 1))
      .slice(0, top)
      .map(([k]) => k),
  )
  const folded = new Map<string, (string | number | null)[]>()
  for (const r of raw) {
    const row = kept.has(r[at] ?? null) ? r : r.map((x, i) => (i === at ? 'Other' : x))
    const id = row.slice(0, nKeys).map((k) => (k === null ? '\u0000' : String(k))).join('\u0001')
    const f = folded.get(id)
    if (!f) folded.set(id, [...row])
    else for (let i = nKeys; i < row.length; i++) f[i] = ((f[i] as number | null) ?? 0) + ((row[i] as number | null) ?? 0)
  }
  return [...folded.values()]
}

/**
 * Utilisation and idle cost by day of week (Monday first) × hour of day (UTC). The whole fleet over all its
 * data is summed when the accelerator tables are built (`WEEK_HOUR_KEY`); a filter picks the pools first and
 * reads only their hours (accel_hour's key is pool, hour), a period only its hours.
 */
export function heatmap(db: Db, q: { from?: string | undefined; to?: string | undefined; filters?: ExploreFilters | undefined; costMetric?: CostMeasure | undefined }): HeatmapResult {
  const idle = MEASURE[q.costMetric ?? 'BilledCost'].idle
  const filtered = Object.values(q.filters ?? {}).some((v) => v && v.length > 0)
  const kept = !filtered && !q.from && !q.to ? (db.prepare(`SELECT value FROM explore_state WHERE key = ?`).pluck().get(WEEK_HOUR_KEY) as string | undefined) : undefined
  let rows: { d: number; hr: number; busy: number; seen: number; idle: number }[]
  if (kept !== undefined) {
    const w = JSON.parse(kept) as WeekHours
    rows = w.seen.map((seen, i) => ({ d: Math.floor(i / 24), hr: i % 24, busy: w.busy[i] as number, seen, idle: w[idle][i] as number }))
  } else {
    const conds: string[] = []
    const params: unknown[] = []
    if (filtered) {
      const { sql, params: values } = whereSql(POOL, q.filters)
      const subj = Object.keys(q.filters ?? {}).some((d) => d === 'ModelType' || d === 'Phase')
      const pools = db.prepare(`SELECT p.id FROM accel_pool p${subj ? ' LEFT JOIN subject ps ON ps.id = p.subject_id' : ''} WHERE ${sql.join(' AND ')}`).pluck().all(...values)
      conds.push('h.pool_id IN (SELECT value FROM json_each(?))')
      params.push(JSON.stringify(pools))
    }
    if (q.from) {
      conds.push('h.hour >= ?')
      params.push(dayStartMs(q.from))
    }
    if (q.to) {
      conds.push('h.hour < ?')
      params.push(dayStartMs(q.to) + DAY_MS)
    }
    rows = db
      .prepare(
        `SELECT h.dow AS d, h.hod AS hr, sum(h.busy_hours) AS busy, sum(h.seen_hours) AS seen, sum(h.${idle}) AS idle
         FROM accel_hour h ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} GROUP BY h.dow, h.hod`,
      )
      .all(...params) as typeof rows
  }
  const grid = <T>(v: T): T[][] => Array.from({ length: 7 }, () => new Array<T>(24).fill(v))
  const out: HeatmapResult = { utilisation: grid<number | null>(null), idleCost: grid(0), monitoredHours: grid(0), currency: currencyOf(db) }
  for (const r of rows) {
    ;(out.utilisation[r.d] as (number | null)[])[r.hr] = r.seen > 0 ? r.busy / r.seen : null
    ;(out.idleCost[r.d] as number[])[r.hr] = r.idle
    ;(out.monitoredHours[r.d] as number[])[r.hr] = r.seen
  }
  return out
}
