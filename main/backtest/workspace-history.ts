/**
 * The workspace's own hourly accelerator demand per accelerator type: from telemetry when GPUs reported
 * utilisation (busy accelerators per hour: distinct GPUs that a pod held or that did any work), else from
 * billing (accelerator-hours of usage lines, ConsumedQuantity × accelerators per instance, spread evenly over
 * each line's charge period). Billing also says where each type ran (the provider and region with the most
 * accelerator-hours), which prices the type when the user names no price book.
 */
import type { Db } from '../db/open'
import { GPU_UTIL_METRICS } from '../forecast/targets'
import { providerId } from '../simulate/scenarios'

export interface WorkspaceHistory {
  source: 'telemetry' | 'billing' | null
  types: string[]
  values: number[][]
  /** Epoch ms of the first hour. */
  start: number | null
  seenAt: Record<string, { provider: string; region: string }>
}

const HOUR = 3_600_000
const EMPTY: WorkspaceHistory = { source: null, types: [], values: [], start: null, seenAt: {} }

/** FOCUS date-times as stored: "2024-09-01 00:00:00" (UTC) or ISO 8601 with a zone. */
export function focusMs(s: string): number {
  const t = s.trim().replace(' ', 'T')
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t}Z`)
}

function hasTable(db: Db, name: string): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?").get(name))
}

function densify(points: Map<string, Map<number, number>>): { types: string[]; values: number[][]; start: number | null } {
  let lo = Infinity
  let hi = -Infinity
  for (const m of points.values()) for (const h of m.keys()) {
    lo = Math.min(lo, h)
    hi = Math.max(hi, h)
  }
  if (!Number.isFinite(lo)) return { types: [], values: [], start: null }
  const sums = [...points.entries()].map(([t, m]) => [t, [...m.values()].reduce((a, b) => a + b, 0)] as const).sort((a, b) => b[1] - a[1])
  const types = sums.map((s) => s[0])
  const values = types.map((t) => {
    const arr = new Array<number>(hi - lo + 1).fill(0)
    for (const [h, v] of points.get(t)!) arr[h - lo] = v
    return arr
  })
  return { types, values, start: lo * HOUR }
}

export function workspaceHistory(db: Db): WorkspaceHistory {
  if (hasTable(db, 'rollup_1h')) {
    const marks = GPU_UTIL_METRICS.map(() => '?').join(',')
    // One GPU is one accelerator whichever of its utilisation metrics it reports (dcgm-exporter's default set has
    // both DCGM_FI_DEV_GPU_UTIL and DCGM_FI_PROF_GR_ENGINE_ACTIVE): counted by its UUID, else its label set.
    // It is busy in an hour when a pod holds it (the pod label dcgm-exporter adds in Kubernetes) or its
    // utilisation rose above zero — an idle GPU still reports, and demand is what work held, not what exists.
    const rows = db
      .prepare(
        `SELECT s.gpu_model AS g, r.bucket_start AS b,
                COUNT(DISTINCT CASE WHEN r.max > 0 OR COALESCE(s.pod, '') <> '' THEN COALESCE(s.gpu_uuid, s.labels) END) AS v
         FROM rollup_1h r JOIN series s ON s.id = r.series_id
         WHERE s.metric IN (${marks}) AND s.gpu_model IS NOT NULL GROUP BY g, b`,
      )
      .all(...GPU_UTIL_METRICS) as { g: string; b: number; v: number }[]
    if (rows.length > 0) {
      const points = new Map<string, Map<number, number>>()
      for (const r of rows) {
        const m = points.get(r.g) ?? new Map<number, number>()
        m.set(Math.floor(r.b / HOUR), r.v)
        points.set(r.g, m)
      }
      const h = densify(points)
      // A pool that reported but never worked has no demand to plan for.
      const keep = h.values.map((v) => v.some((x) => x > 0))
      if (keep.some(Boolean)) return { source: 'telemetry', types: h.types.filter((_, i) => keep[i]), values: h.values.filter((_, i) => keep[i]), start: h.start, seenAt: {} }
    }
  }
  const rows = db
    .prepare(
      `SELECT accelerator_type AS g, "ChargePeriodStart" AS s, "ChargePeriodEnd" AS e, "ProviderName" AS p, "RegionId" AS r,
              SUM(COALESCE("ConsumedQuantity", 0) * accelerator_count) AS v
       FROM billing_line
       WHERE accelerator_count > 0 AND accelerator_type IS NOT NULL AND "ChargePeriodStart" IS NOT NULL
         AND lower(COALESCE("ConsumedUnit", 'hours')) LIKE 'hour%'
       GROUP BY g, s, e, p, r`,
    )
    .all() as { g: string; s: string; e: string | null; p: string | null; r: string | null; v: number | null }[]
  if (rows.length === 0) return EMPTY
  const points = new Map<string, Map<number, number>>()
  const where = new Map<string, Map<string, number>>()
  for (const row of rows) {
    const v = row.v ?? 0
    if (!(v > 0)) continue
    const s = focusMs(row.s)
    const e = row.e ? focusMs(row.e) : s + HOUR
    if (!Number.isFinite(s)) continue
    const h0 = Math.floor(s / HOUR)
    const n = Math.max(1, Math.round(((Number.isFinite(e) ? e : s + HOUR) - s) / HOUR))
    const m = points.get(row.g) ?? new Map<number, number>()
    for (let k = 0; k < n; k++) m.set(h0 + k, (m.get(h0 + k) ?? 0) + v / n)
    points.set(row.g, m)
    const key = `${providerId(row.p)}|${row.r ?? ''}`
    const w = where.get(row.g) ?? new Map<string, number>()
    w.set(key, (w.get(key) ?? 0) + v)
    where.set(row.g, w)
  }
  const seenAt: WorkspaceHistory['seenAt'] = {}
  for (const [g, w] of where) {
    const [provider, region] = ([...w.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '|').split('|')
    if (provider && region) seenAt[g] = { provider, region }
  }
  return { source: 'billing', ...densify(points), seenAt }
}
