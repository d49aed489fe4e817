import type { Anomaly, AnomalyDriver, AnomalyKind, AnomalyLineItem } from '../../shared/forecast-types'
import { moneyText } from '../../shared/money'
import type { Db } from '../db/open'
import { pick } from '../db/pick'
import { costSeries, DAY_MS, GPU_UTIL_METRICS, isoDay } from '../forecast/targets'
import { median } from '../forecast/stats'
import { detect, type Flag } from './detect'

export interface ScanOptions {
  /** Dollar floor for cost anomalies (default 100 USD). */
  floorUsd?: number | undefined
  /** Utilisation floor in percentage points (default 20). */
  floorUtil?: number | undefined
  /** Restrict verdicts to this import's period (the import hook); null = the whole history. */
  snapshotId?: number | null | undefined
  now: Date
}

export const DEFAULT_FLOOR_USD = 100
export const DEFAULT_FLOOR_UTIL = 20

const DRIVER_DIMENSIONS: { dim: AnomalyDriver['dimension']; col: keyof CubeRow }[] = [
  { dim: 'Team', col: 'team' },
  { dim: 'ServiceName', col: 'service' },
  { dim: 'SkuId', col: 'sku' },
  { dim: 'AcceleratorType', col: 'accelerator' },
  { dim: 'ProviderName', col: 'provider' },
]

/** One row of the daily cost cube: a day and every driver dimension, with that combination's cost. */
interface CubeRow {
  day: string
  team: string
  service: string
  sku: string
  accelerator: string
  provider: string
  cost: number
}

/**
 * Daily cost by every driver dimension at once, in one pass over billing_line, indexed by day. Explaining an
 * anomalous day then reads a few days of this cube instead of scanning the line items once per dimension and
 * day (which took minutes on a million-line workspace).
 */
export function dailyCostCube(db: Db): Map<string, CubeRow[]> {
  const rows = db
    .prepare(
      `SELECT substr("ChargePeriodStart",1,10) AS day, COALESCE(team, '(none)') AS team, COALESCE("ServiceName", '(none)') AS service,
         COALESCE("SkuId", '(none)') AS sku, COALESCE(accelerator_type, '(none)') AS accelerator, COALESCE("ProviderName", '(none)') AS provider,
         COALESCE(SUM("BilledCost"), 0) AS cost
       FROM billing_line GROUP BY 1, 2, 3, 4, 5, 6`,
    )
    .all() as CubeRow[]
  const byDay = new Map<string, CubeRow[]>()
  for (const r of rows) {
    const list = byDay.get(r.day)
    if (list) list.push(r)
    else byDay.set(r.day, [r])
  }
  return byDay
}

/** Which lines a cost series key covers, as SQL (so line items stay inside that provider / service / team). */
function seriesFilter(key: string): { sql: string; params: string[] } {
  const [target, ...rest] = key.split(':')
  const value = rest.join(':')
  if (target === 'cost-provider') return { sql: ' AND "ProviderName" = ?', params: [value] }
  if (target === 'cost-service') return { sql: ' AND "ServiceName" = ?', params: [value] }
  if (target === 'cost-team') return { sql: ' AND team = ?', params: [value] }
  return { sql: '', params: [] }
}

/** The same slice of the cube (so drivers stay inside that provider / service / team). */
function cubeFilter(key: string): (r: CubeRow) => boolean {
  const [target, ...rest] = key.split(':')
  const value = rest.join(':')
  if (target === 'cost-provider') return (r) => r.provider === value
  if (target === 'cost-service') return (r) => r.service === value
  if (target === 'cost-team') return (r) => r.team === value
  return () => true
}

/**
 * Drivers of an anomalous day: per dimension, each group's cost that day against its expectation (the median of
 * the same weekday in up to four earlier weeks, or of the previous seven days), ranked by excess.
 */
export function explainCostDay(cube: Map<string, CubeRow[]>, key: string, day: string, periodStart: string): AnomalyDriver[] {
  const d = Date.parse(`${day}T00:00:00Z`)
  const p0 = Date.parse(`${periodStart}T00:00:00Z`)
  let base = [1, 2, 3, 4].map((k) => d - 7 * k * DAY_MS).filter((t) => t >= p0)
  if (base.length < 2) base = [1, 2, 3, 4, 5, 6, 7].map((k) => d - k * DAY_MS).filter((t) => t >= p0)
  const days = base.map(isoDay)
  const keep = cubeFilter(key)
  const out: AnomalyDriver[] = []
  let totalExcess = 0
  const perDim: AnomalyDriver[][] = []
  for (const { dim, col } of DRIVER_DIMENSIONS) {
    const groups = new Map<string, { actual: number; past: Map<string, number> }>()
    for (const dd of [day, ...days]) {
      for (const r of cube.get(dd) ?? []) {
        if (!keep(r)) continue
        const g = String(r[col])
        const e = groups.get(g) ?? { actual: 0, past: new Map<string, number>() }
        if (dd === day) e.actual += r.cost
        else e.past.set(dd, (e.past.get(dd) ?? 0) + r.cost)
        groups.set(g, e)
      }
    }
    // One distinct value for the dimension says nothing: skip it.
    if (groups.size < 2 && dim !== 'Team') continue
    const list: AnomalyDriver[] = [...groups.entries()].map(([value, e]) => {
      const expected = days.length ? median(days.map((dd) => e.past.get(dd) ?? 0)) : 0
      return { dimension: dim, value, actual: e.actual, expected, excess: e.actual - expected, share: 0 }
    })
    const dimExcess = list.reduce((s, x) => s + x.excess, 0)
    totalExcess = Math.max(totalExcess, dimExcess)
    perDim.push(list.filter((x) => x.excess > 0).sort((a, b) => b.excess - a.excess).slice(0, 3))
  }
  for (const list of perDim) for (const x of list) out.push({ ...x, share: totalExcess > 0 ? x.excess / totalExcess : 0 })
  return out
}

/** The anomaly record of one flag: its figures, a sentence for a person, and what drove it. */
function flagged(kind: AnomalyKind, seriesKey: string, label: string, at: string, f: Flag, drivers: AnomalyDriver[], o: ScanOptions): Omit<Anomaly, 'id'> {
  return {
    kind,
    seriesKey,
    label,
    at,
    actual: f.actual,
    expected: f.expected,
    lo: f.lo,
    hi: f.hi,
    excess: f.excess,
    severity: f.severity,
    explanation: describe(kind, label, f, drivers),
    drivers,
    snapshotId: o.snapshotId ?? null,
    detectedAt: o.now.toISOString(),
  }
}

function describe(kind: AnomalyKind, label: string, f: Flag, drivers: AnomalyDriver[]): string {
  if (kind === 'gpu-utilisation') {
    return `${label}: utilisation ${f.actual.toFixed(0)} % against ${f.expected.toFixed(0)} % expected (−${f.excess.toFixed(0)} points) while GPUs stayed allocated.`
  }
  // The largest driver of each dimension: "team X, service Y, SKU Z" reads as one story.
  const firsts = new Map<string, AnomalyDriver>()
  for (const d of drivers) if (!firsts.has(d.dimension) || (firsts.get(d.dimension) as AnomalyDriver).excess < d.excess) firsts.set(d.dimension, d)
  const parts = [...firsts.values()].filter((d) => d.share >= 0.2).map((d) => `${d.dimension} ${d.value} +${moneyText(d.excess, 'USD', 0)} (${(100 * d.share).toFixed(0)} %)`)
  const tail = parts.length ? ` Drivers: ${parts.join('; ')}.` : ''
  return `${label}: ${moneyText(f.actual, 'USD', 0)} against ${moneyText(f.expected, 'USD', 0)} expected (+${moneyText(f.excess, 'USD', 0)}, ${f.z.toFixed(1)} σ).${tail}`
}

function upsert(db: Db, a: Omit<Anomaly, 'id'>): void {
  db.prepare(
    `INSERT INTO anomaly (kind, series_key, label, at, actual, expected, lo, hi, excess, severity, explanation, drivers_json, snapshot_id, detected_at)
     VALUES (@kind, @seriesKey, @label, @at, @actual, @expected, @lo, @hi, @excess, @severity, @explanation, @drivers, @snapshotId, @detectedAt)
     ON CONFLICT (kind, series_key, at) DO UPDATE SET actual = excluded.actual, expected = excluded.expected, lo = excluded.lo, hi = excluded.hi,
       excess = excluded.excess, severity = excluded.severity, explanation = excluded.explanation, drivers_json = excluded.drivers_json,
       snapshot_id = excluded.snapshot_id, detected_at = excluded.detected_at`,
  ).run({ ...a, drivers: JSON.stringify(a.drivers) })
}

/** Scans cost (total, per provider, per service) and GPU-pool utilisation; writes what it flags. */
export function scanAnomalies(db: Db, o: ScanOptions, progress?: (step: string, current: number, total: number) => void): { cost: number; gpu: number } {
  const floorUsd = o.floorUsd ?? DEFAULT_FLOOR_USD
  const floorUtil = o.floorUtil ?? DEFAULT_FLOOR_UTIL
  const snap = o.snapshotId
    ? (db.prepare('SELECT period_start AS s, period_end AS e FROM snapshot WHERE id = ?').get(o.snapshotId) as { s: string | null; e: string | null } | undefined)
    : undefined
  const series = [...costSeries(db, 'cost-total', 'BilledCost').series, ...costSeries(db, 'cost-provider', 'BilledCost').series, ...costSeries(db, 'cost-service', 'BilledCost').series]
  const found: Omit<Anomaly, 'id'>[] = []
  let cube: Map<string, CubeRow[]> | null = null
  series.forEach((s, i) => {
    progress?.('Looking for cost anomalies', i, series.length)
    const start = Date.parse(`${s.start}T00:00:00Z`)
    const from = snap?.s ? Math.max(0, Math.round((Date.parse(`${snap.s.slice(0, 10)}T00:00:00Z`) - start) / DAY_MS)) : 0
    for (const f of detect(s.values, { season: s.values.length >= 21 ? 7 : 1, floor: floorUsd, direction: 'up', from })) {
      const day = isoDay(start + f.index * DAY_MS)
      cube ??= dailyCostCube(db)
      const drivers = explainCostDay(cube, s.key, day, s.start)
      found.push(flagged('cost', s.key, s.label, day, f, drivers, o))
    }
  })
  const gpu = scanGpuUtilisation(db, floorUtil, o, snap?.s ?? null)
  db.transaction(() => {
    for (const a of [...found, ...gpu]) upsert(db, a)
  })()
  return { cost: found.length, gpu: gpu.length }
}

/** Hourly mean utilisation per GPU pool (gpu_model) from the 1 h rollups; flags collapses while GPUs stay allocated. */
export function scanGpuUtilisation(db: Db, floorUtil: number, o: ScanOptions, fromIso: string | null): Omit<Anomaly, 'id'>[] {
  const hasRollup = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='rollup_1h'").get()
  if (!hasRollup) return []
  const marks = GPU_UTIL_METRICS.map(() => '?').join(',')
  const rows = db
    .prepare(
      `SELECT COALESCE(s.gpu_model, '(unknown)') AS pool, r.bucket_start AS t, AVG(r.avg) AS util, COUNT(DISTINCT r.series_id) AS gpus
       FROM rollup_1h r JOIN series s ON s.id = r.series_id WHERE s.metric IN (${marks}) GROUP BY pool, t ORDER BY pool, t`,
    )
    .all(...GPU_UTIL_METRICS) as { pool: string; t: number; util: number; gpus: number }[]
  const byPool = new Map<string, { t: number; util: number; gpus: number }[]>()
  for (const r of rows) byPool.set(r.pool, [...(byPool.get(r.pool) ?? []), r])
  const out: Omit<Anomaly, 'id'>[] = []
  const fromMs = fromIso ? Date.parse(fromIso) : -Infinity
  for (const [pool, pts] of byPool) {
    // Dense hourly grid; hours without samples carry the previous value (no GPUs reporting is not "idle").
    const t0 = pts[0]?.t as number
    const tEnd = pts.at(-1)?.t as number
    const n = Math.round((tEnd - t0) / 3_600_000) + 1
    if (n < 48) continue
    const util = new Array<number>(n).fill(NaN)
    const gpus = new Array<number>(n).fill(0)
    for (const p of pts) {
      const i = Math.round((p.t - t0) / 3_600_000)
      util[i] = p.util
      gpus[i] = p.gpus
    }
    for (let i = 1; i < n; i++) if (Number.isNaN(util[i])) util[i] = util[i - 1] as number
    const from = Math.max(0, Math.ceil((fromMs - t0) / 3_600_000))
    for (const f of detect(util, { season: n >= 24 * 7 ? 24 : 1, floor: floorUtil, direction: 'down', from })) {
      if ((gpus[f.index] ?? 0) === 0) continue
      const at = new Date(t0 + f.index * 3_600_000).toISOString().slice(0, 13) + ':00Z'
      const label = `GPU pool ${pool} (${gpus[f.index]} GPUs)`
      out.push(flagged('gpu-utilisation', `gpu-util:${pool}`, label, at, f, [], o))
    }
  }
  return out
}

interface AnomalyRow {
  id: number
  kind: AnomalyKind
  series_key: string
  label: string
  at: string
  actual: number
  expected: number
  lo: number
  hi: number
  excess: number
  severity: Anomaly['severity']
  explanation: string
  drivers_json: string
  snapshot_id: number | null
  detected_at: string
}

export function listAnomalies(db: Db, o: { kind?: AnomalyKind | undefined; limit: number }): Anomaly[] {
  const rows = db
    .prepare(
      `SELECT * FROM anomaly ${o.kind ? 'WHERE kind = ?' : ''}
       ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, at DESC, excess DESC LIMIT ?`,
    )
    .all(...(o.kind ? [o.kind, o.limit] : [o.limit])) as AnomalyRow[]
  return rows.map(listRow)
}

function listRow(r: AnomalyRow): Anomaly {
  return {
    ...pick(r, 'id', 'kind', 'label', 'at', 'actual', 'expected', 'lo', 'hi', 'excess', 'severity', 'explanation'),
    seriesKey: r.series_key,
    drivers: JSON.parse(r.drivers_json) as AnomalyDriver[],
    snapshotId: r.snapshot_id,
    detectedAt: r.detected_at,
  }
}

/** The billing lines behind a cost anomaly: that day, inside the anomaly's series, largest first. */
export function anomalyLineItems(db: Db, id: number, limit: number): { anomaly: Anomaly; rows: AnomalyLineItem[]; total: number } | null {
  const a = (db.prepare('SELECT id FROM anomaly WHERE id = ?').get(id) as { id: number } | undefined)?.id
  if (a === undefined) return null
  const anomaly = (db.prepare('SELECT * FROM anomaly WHERE id = ?').all(id) as AnomalyRow[]).map((r) => listRow(r))[0] as Anomaly
  if (anomaly.kind !== 'cost') return { anomaly, rows: [], total: 0 }
  const f = seriesFilter(anomaly.seriesKey)
  const where = `substr("ChargePeriodStart",1,10) = ?${f.sql}`
  const rows = db
    .prepare(
      `SELECT "ChargePeriodStart" AS chargePeriodStart, "ProviderName" AS provider, "ServiceName" AS service, "SkuId" AS sku, team,
         accelerator_type AS acceleratorType, COALESCE("ResourceName", "ResourceId") AS resource, COALESCE("BilledCost", 0) AS billedCost
       FROM billing_line WHERE ${where} ORDER BY "BilledCost" DESC LIMIT ?`,
    )
    .all(anomaly.at, ...f.params, limit) as AnomalyLineItem[]
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM billing_line WHERE ${where}`).get(anomaly.at, ...f.params) as { n: number }).n
  return { anomaly, rows, total }
}
