import type { ForecastTarget } from '../../shared/forecast-types'
import type { Db } from '../db/open'

/**
 * Daily series a forecast run (or the anomaly detector) reads from the workspace. Every series spans the same
 * days (the workspace's whole period), with missing days as zero, so a model sees real gaps.
 */
export interface TargetSeries {
  key: string
  target: ForecastTarget
  label: string
  unit: 'USD' | 'GPU-hours'
  start: string
  values: number[]
}

/** Metrics whose samples mean "this GPU was allocated and reporting" (one sample-hour = one GPU-hour). */
export const GPU_UTIL_METRICS = ['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'gpu_gfx_activity', 'nvidia_gpu_utilization', 'gpu_utilization'] as const

/** At most this many groups per target (largest by total); the rest are left out and named in the note. */
export const MAX_GROUPS = 12

const COST_GROUP: Partial<Record<ForecastTarget, string | null>> = {
  'cost-total': null,
  'cost-provider': '"ProviderName"',
  'cost-service': '"ServiceName"',
  'cost-team': 'team',
}
const BILLING_GPU_GROUP: Partial<Record<ForecastTarget, string>> = {
  'gpu-hours-pool': 'accelerator_type',
  'gpu-hours-team': 'team',
  'gpu-hours-model-type': 'model_type',
}
const TELEMETRY_GPU_GROUP: Partial<Record<ForecastTarget, string>> = {
  'gpu-hours-pool': 's.gpu_model',
  'gpu-hours-team': 's.team',
  'gpu-hours-model-type': "json_extract(s.labels, '$.model_type')",
}
const LABEL_PREFIX: Record<ForecastTarget, string> = {
  'cost-total': 'total cost',
  'cost-provider': 'provider',
  'cost-service': 'service',
  'cost-team': 'team',
  'gpu-hours-pool': 'GPU pool',
  'gpu-hours-team': 'GPU-hours team',
  'gpu-hours-model-type': 'GPU-hours model type',
}

export const DAY_MS = 86_400_000
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const dayMs = (d: string): number => Date.parse(`${d}T00:00:00Z`)

function densify(rows: { g: string | null; d: string; v: number }[], start: string, end: string): Map<string, number[]> {
  const n = Math.round((dayMs(end) - dayMs(start)) / DAY_MS) + 1
  const out = new Map<string, number[]>()
  const s0 = dayMs(start)
  for (const r of rows) {
    const g = r.g ?? '(untagged)'
    let arr = out.get(g)
    if (!arr) out.set(g, (arr = new Array<number>(n).fill(0)))
    const i = Math.round((dayMs(r.d) - s0) / DAY_MS)
    if (i >= 0 && i < n) arr[i] = (arr[i] as number) + r.v
  }
  return out
}

function topGroups(groups: Map<string, number[]>, max: number): { kept: [string, number[]][]; dropped: number } {
  const sorted = [...groups.entries()].sort((a, b) => b[1].reduce((s, v) => s + v, 0) - a[1].reduce((s, v) => s + v, 0))
  return { kept: sorted.slice(0, max), dropped: Math.max(0, sorted.length - max) }
}

export function billingPeriod(db: Db): { start: string; end: string } | null {
  const r = db.prepare(`SELECT MIN(substr("ChargePeriodStart",1,10)) AS s, MAX(substr("ChargePeriodStart",1,10)) AS e FROM billing_line`).get() as {
    s: string | null
    e: string | null
  }
  return r.s && r.e ? { start: r.s, end: r.e } : null
}

export function costSeries(db: Db, target: ForecastTarget, metric: string, max = MAX_GROUPS): { series: TargetSeries[]; dropped: number } {
  const period = billingPeriod(db)
  if (!period || !(target in COST_GROUP)) return { series: [], dropped: 0 }
  const g = COST_GROUP[target] ?? null
  const rows = db
    .prepare(`SELECT ${g ?? "'all'"} AS g, substr("ChargePeriodStart",1,10) AS d, SUM("${metric}") AS v FROM billing_line GROUP BY g, d`)
    .all() as { g: string | null; d: string; v: number | null }[]
  const groups = densify(rows.map((r) => ({ ...r, v: r.v ?? 0 })), period.start, period.end)
  const { kept, dropped } = topGroups(groups, max)
  return {
    series: kept.map(([name, values]) => ({
      key: g ? `${target}:${name}` : target,
      target,
      label: g ? `${LABEL_PREFIX[target]} ${name}` : 'total cost',
      unit: 'USD',
      start: period.start,
      values,
    })),
    dropped,
  }
}

function hasTable(db: Db, name: string): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?").get(name))
}

/** GPU-hours per day: from telemetry (hours in which a GPU reported utilisation) when any, else from billing. */
export function gpuHoursSeries(db: Db, target: ForecastTarget, max = MAX_GROUPS): { series: TargetSeries[]; dropped: number; source: 'telemetry' | 'billing' | null } {
  const tg = TELEMETRY_GPU_GROUP[target]
  if (tg && hasTable(db, 'rollup_1h')) {
    const marks = GPU_UTIL_METRICS.map(() => '?').join(',')
    const rows = db
      .prepare(
        `SELECT g, date(bucket_start / 1000, 'unixepoch') AS d, COUNT(*) AS v FROM (
           SELECT DISTINCT ${tg} AS g, r.series_id, r.bucket_start FROM rollup_1h r JOIN series s ON s.id = r.series_id
           WHERE s.metric IN (${marks})) GROUP BY g, d ORDER BY d`,
      )
      .all(...GPU_UTIL_METRICS) as { g: string | null; d: string; v: number }[]
    if (rows.length > 0) {
      const start = rows[0]?.d as string
      const end = rows.reduce((m, r) => (r.d > m ? r.d : m), start)
      const { kept, dropped } = topGroups(densify(rows, start, end), max)
      return {
        series: kept.map(([name, values]) => ({ key: `${target}:${name}`, target, label: `${LABEL_PREFIX[target]} ${name}`, unit: 'GPU-hours', start, values })),
        dropped,
        source: 'telemetry',
      }
    }
  }
  const bg = BILLING_GPU_GROUP[target]
  const period = billingPeriod(db)
  if (!bg || !period) return { series: [], dropped: 0, source: null }
  const rows = db
    .prepare(
      `SELECT ${bg} AS g, substr("ChargePeriodStart",1,10) AS d, SUM(COALESCE("ConsumedQuantity", 0) * accelerator_count) AS v
       FROM billing_line WHERE accelerator_count > 0 AND lower(COALESCE("ConsumedUnit", 'hours')) LIKE 'hour%' GROUP BY g, d`,
    )
    .all() as { g: string | null; d: string; v: number | null }[]
  if (rows.length === 0) return { series: [], dropped: 0, source: null }
  const { kept, dropped } = topGroups(densify(rows.map((r) => ({ ...r, v: r.v ?? 0 })), period.start, period.end), max)
  return {
    series: kept.map(([name, values]) => ({ key: `${target}:${name}`, target, label: `${LABEL_PREFIX[target]} ${name}`, unit: 'GPU-hours', start: period.start, values })),
    dropped,
    source: 'billing',
  }
}

export function loadTargets(db: Db, targets: readonly ForecastTarget[], metric: string): { series: TargetSeries[]; notes: string[] } {
  const series: TargetSeries[] = []
  const notes: string[] = []
  for (const t of targets) {
    if (t.startsWith('cost-')) {
      const r = costSeries(db, t, metric)
      series.push(...r.series)
      if (r.dropped) notes.push(`${t}: ${r.dropped} smaller groups left out (top ${MAX_GROUPS} kept)`)
    } else {
      const r = gpuHoursSeries(db, t)
      series.push(...r.series)
      if (r.source === null) notes.push(`${t}: no GPU-hours yet (import telemetry or accelerator billing)`)
      else notes.push(`${t}: GPU-hours from ${r.source}`)
      if (r.dropped) notes.push(`${t}: ${r.dropped} smaller groups left out (top ${MAX_GROUPS} kept)`)
    }
  }
  return { series, notes }
}
