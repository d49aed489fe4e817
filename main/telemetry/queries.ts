/**
 * Chart queries over telemetry: they read rollups only (never raw samples), at a resolution chosen from
 * the range so a chart gets at most ~MAX_POINTS points per line.
 */
import type { RollupResolution, SeriesInfo, SeriesKey, TelemetryQueryResult } from '../../shared/telemetry-types'
import type { Db } from '../db/open'

const COLUMN: Record<SeriesKey, string> = {
  gpuUuid: 'gpu_uuid',
  gpuModel: 'gpu_model',
  host: 'host',
  namespace: 'namespace',
  pod: 'pod',
  team: 'team',
  project: 'project',
}
const WIDTH: Record<RollupResolution, number> = { '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 }
export const MAX_POINTS = 1000

/** The finest rollup that keeps a line at or under MAX_POINTS points over the range. */
export function chooseResolution(startMs: number, endMs: number): RollupResolution {
  const span = Math.max(0, endMs - startMs)
  if (span / WIDTH['5m'] <= MAX_POINTS) return '5m'
  if (span / WIDTH['1h'] <= MAX_POINTS) return '1h'
  return '1d'
}

export interface SeriesFilter {
  metric?: string | undefined
  /** Exact values of normalised keys. */
  where?: Partial<Record<SeriesKey, string>> | undefined
  snapshotId?: number | undefined
}

function filterSql(f: SeriesFilter): { sql: string; params: unknown[] } {
  const conds: string[] = []
  const params: unknown[] = []
  if (f.metric !== undefined) {
    conds.push('s.metric = ?')
    params.push(f.metric)
  }
  for (const [k, v] of Object.entries(f.where ?? {})) {
    if (v === undefined) continue
    conds.push(`s.${COLUMN[k as SeriesKey]} = ?`)
    params.push(v)
  }
  if (f.snapshotId !== undefined) {
    conds.push('s.id IN (SELECT series_id FROM snapshot_series WHERE snapshot_id = ?)')
    params.push(f.snapshotId)
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params }
}

export interface MetricSummary {
  metric: string
  series: number
  samples: number
  firstTs: number
  lastTs: number
  gpuModels: string[]
}

export function listMetrics(db: Db): MetricSummary[] {
  const rows = db
    .prepare(
      `SELECT s.metric AS metric, count(DISTINCT s.id) AS series, sum(ss.samples) AS samples, min(ss.first_ts) AS firstTs, max(ss.last_ts) AS lastTs,
              group_concat(DISTINCT s.gpu_model) AS models
       FROM series s JOIN snapshot_series ss ON ss.series_id = s.id GROUP BY s.metric ORDER BY s.metric`,
    )
    .all() as (Omit<MetricSummary, 'gpuModels'> & { models: string | null })[]
  return rows.map(({ models, ...r }) => ({ ...r, gpuModels: models ? models.split(',').sort() : [] }))
}

export function listSeries(db: Db, f: SeriesFilter, limit: number): { total: number; series: SeriesInfo[] } {
  const { sql, params } = filterSql(f)
  const total = (db.prepare(`SELECT count(*) AS n FROM series s ${sql}`).get(...params) as { n: number }).n
  const rows = db
    .prepare(
      `SELECT s.*, (SELECT sum(samples) FROM snapshot_series WHERE series_id = s.id) AS samples,
              (SELECT min(first_ts) FROM snapshot_series WHERE series_id = s.id) AS first_ts,
              (SELECT max(last_ts) FROM snapshot_series WHERE series_id = s.id) AS last_ts
       FROM series s ${sql} ORDER BY s.metric, s.labels LIMIT ?`,
    )
    .all(...params, limit) as Record<string, unknown>[]
  return {
    total,
    series: rows.map((r) => ({
      id: r.id as number,
      metric: r.metric as string,
      labels: JSON.parse(r.labels as string) as Record<string, string>,
      gpuUuid: r.gpu_uuid as string | null,
      gpuModel: r.gpu_model as string | null,
      host: r.host as string | null,
      namespace: r.namespace as string | null,
      pod: r.pod as string | null,
      team: r.team as string | null,
      project: r.project as string | null,
      samples: (r.samples as number | null) ?? 0,
      firstTs: (r.first_ts as number | null) ?? 0,
      lastTs: (r.last_ts as number | null) ?? 0,
    })),
  }
}

export interface TelemetryQueryInput extends SeriesFilter {
  metric: string
  groupBy?: SeriesKey | 'series' | 'none' | undefined
  start?: number | undefined
  end?: number | undefined
  resolution?: RollupResolution | 'auto' | undefined
  /** At most this many groups (largest by sample count); the rest are left out. */
  maxGroups?: number | undefined
}

/**
 * Points per group from the rollups. When two snapshots hold the same series and bucket (overlapping
 * imports), the bucket with more samples is used, so overlaps are never counted twice. Groups combine
 * their series weighted by sample count (mean over GPUs), with min/max over all of them.
 */
export function queryTelemetry(db: Db, q: TelemetryQueryInput): TelemetryQueryResult {
  const { sql, params } = filterSql(q)
  const bounds = db
    .prepare(`SELECT min(ss.first_ts) AS a, max(ss.last_ts) AS b FROM series s JOIN snapshot_series ss ON ss.series_id = s.id ${sql}`)
    .get(...params) as { a: number | null; b: number | null }
  const start = Math.max(q.start ?? -Infinity, bounds.a ?? Infinity)
  const end = Math.min(q.end ?? Infinity, bounds.b ?? -Infinity)
  const resolution = q.resolution && q.resolution !== 'auto' ? q.resolution : chooseResolution(Number.isFinite(start) ? start : 0, Number.isFinite(end) ? end : 0)
  if (bounds.a === null || !(end >= start)) return { metric: q.metric, resolution, groups: [], start: null, end: null }
  const width = WIDTH[resolution]
  const lo = start - (((start % width) + width) % width)
  const groupBy = q.groupBy ?? 'none'
  const keyExpr = groupBy === 'none' ? `'all'` : groupBy === 'series' ? 's.metric || s.labels' : `coalesce(s.${COLUMN[groupBy]}, '(unknown)')`
  const table = `rollup_${resolution}`
  const rows = db
    .prepare(
      `WITH r AS (
         SELECT series_id, bucket_start, max(count) AS count, avg, min, max FROM ${table}
         WHERE series_id IN (SELECT s.id FROM series s ${sql}) AND bucket_start BETWEEN ? AND ?
         GROUP BY series_id, bucket_start)
       SELECT ${keyExpr} AS k, r.bucket_start AS t, sum(r.avg * r.count) / sum(r.count) AS avg, min(r.min) AS mn, max(r.max) AS mx,
              sum(r.count) AS n, count(DISTINCT r.series_id) AS ns
       FROM r JOIN series s ON s.id = r.series_id GROUP BY k, t ORDER BY k, t`,
    )
    .all(...params, lo, end) as { k: string; t: number; avg: number; mn: number; mx: number; n: number; ns: number }[]
  const groups = new Map<string, { key: string; series: number; total: number; points: TelemetryQueryResult['groups'][number]['points'] }>()
  for (const r of rows) {
    let g = groups.get(r.k)
    if (!g) {
      g = { key: r.k, series: 0, total: 0, points: [] }
      groups.set(r.k, g)
    }
    g.series = Math.max(g.series, r.ns)
    g.total += r.n
    g.points.push({ t: r.t, avg: r.avg, min: r.mn, max: r.mx, count: r.n })
  }
  let list = [...groups.values()]
  if (q.maxGroups !== undefined && list.length > q.maxGroups) list = list.sort((a, b) => b.total - a.total).slice(0, q.maxGroups)
  list.sort((a, b) => a.key.localeCompare(b.key))
  return { metric: q.metric, resolution, groups: list.map(({ key, series, points }) => ({ key, series, points })), start, end }
}
