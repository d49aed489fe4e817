/**
 * Accelerator activity per hour from the telemetry rollups (rollup_1h, never raw samples): which accelerators
 * reported, on which host, held by which pods, with what measured activity — the input of the attribution.
 */
import type { Db } from '../db/open'
import { migSliceShare, type GpuHour } from './attribution'

/** Utilisation metrics, preferred first, and whether their values are percent (else ratios 0..1). */
export const UTIL_METRICS: readonly { metric: string; percent: boolean }[] = [
  { metric: 'DCGM_FI_DEV_GPU_UTIL', percent: true },
  { metric: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', percent: false },
  { metric: 'DCGM_FI_PROF_SM_ACTIVE', percent: false },
  { metric: 'gpu_gfx_activity', percent: true },
  { metric: 'nvidia_gpu_utilization', percent: true },
  { metric: 'gpu_utilization', percent: true },
  { metric: 'gpu_duty_cycle', percent: true },
  { metric: 'pod_gpu_duty_cycle_anon', percent: true },
  { metric: 'habanalabs_utilization', percent: true },
]
const RANK = new Map(UTIL_METRICS.map((m, i) => [m.metric, i]))

export interface ObservedGpu extends GpuHour {
  gpu: string
  host: string | null
  model: string | null
}

interface Entry {
  rank: number
  value: number
  owner: string | null
  mig: number | null
}

/** Owner key of a pod as attribution stores it. */
export const podKey = (namespace: string | null, pod: string): string => `${namespace ?? ''}/${pod}`

/**
 * Calls `onHour` once per hour (ascending) with every accelerator that reported in it. Overlapping snapshots of
 * the same series and hour count once (the fuller bucket wins, as in telemetry-query).
 */
export function forEachGpuHour(db: Db, onHour: (hour: number, gpus: ObservedGpu[]) => void): void {
  const marks = UTIL_METRICS.map(() => '?').join(',')
  const metrics = UTIL_METRICS.map((m) => m.metric)
  // Series first (few), so the rollup scan below reads three numbers per row and parses no JSON.
  const meta = new Map<number, { gpu: string; host: string | null; model: string | null; rank: number; percent: boolean; owner: string | null; mig: number | null }>()
  for (const r of db
    .prepare(
      `SELECT id, metric, gpu_uuid AS uuid, host, gpu_model AS model, namespace AS ns, pod, json_extract(labels, '$.GPU_I_PROFILE') AS profile,
              coalesce(json_extract(labels, '$.gpu'), json_extract(labels, '$.gpu_id'), json_extract(labels, '$.device')) AS idx
       FROM series WHERE metric IN (${marks})`,
    )
    .all(...metrics) as { id: number; metric: string; uuid: string | null; host: string | null; model: string | null; ns: string | null; pod: string | null; profile: string | null; idx: string | null }[]) {
    const rank = RANK.get(r.metric) ?? 99
    // One accelerator: its UUID, else host + index, else the series' pod (a per-pod duty-cycle export), else the series.
    const gpu = r.uuid ?? (r.host && r.idx !== null ? `${r.host}#${r.idx}` : r.pod ? `pod:${podKey(r.ns, r.pod)}` : `series:${r.id}`)
    meta.set(r.id, { gpu, host: r.host, model: r.model, rank, percent: UTIL_METRICS[rank]?.percent ?? false, owner: r.pod ? podKey(r.ns, r.pod) : null, mig: r.profile ? migSliceShare(r.profile) : null })
  }
  // One pass in the primary key's order (no temporary B-trees): the fullest bucket of each series and hour
  // (overlapping snapshots) is kept, then the hours are walked in order.
  const stmt = db.prepare(
    `SELECT r.bucket_start AS t, r.series_id AS sid, r.count AS n, r.avg AS v
     FROM series s CROSS JOIN rollup_1h r ON r.series_id = s.id WHERE s.metric IN (${marks})`,
  )
  const byHour = new Map<number, Map<number, { n: number; v: number }>>()
  for (const r of stmt.all(...metrics) as { t: number; sid: number; n: number; v: number }[]) {
    let h = byHour.get(r.t)
    if (!h) byHour.set(r.t, (h = new Map<number, { n: number; v: number }>()))
    const seen = h.get(r.sid)
    if (!seen || r.n > seen.n) h.set(r.sid, { n: r.n, v: r.v })
  }
  for (const hour of [...byHour.keys()].sort((a, b) => a - b)) {
    const gpus = new Map<string, { host: string | null; model: string | null; entries: Entry[] }>()
    for (const [sid, r] of byHour.get(hour) ?? []) {
      const m = meta.get(sid)
      if (!m) continue
      const ratio = Math.min(1, Math.max(0, m.percent ? r.v / 100 : r.v))
      let g = gpus.get(m.gpu)
      if (!g) gpus.set(m.gpu, (g = { host: m.host, model: m.model, entries: [] }))
      g.entries.push({ rank: m.rank, value: ratio, owner: m.owner, mig: m.mig })
    }
    if (gpus.size > 0) onHour(hour, [...gpus.entries()].map(([gpu, g]) => toGpuHour(gpu, g.host, g.model, g.entries)))
  }
}

function toGpuHour(gpu: string, host: string | null, model: string | null, all: Entry[]): ObservedGpu {
  const mig = all.filter((e) => e.mig !== null)
  if (mig.length > 0) {
    const consumers = mig.filter((e) => e.owner).map((e) => ({ owner: e.owner as string, activity: e.value * (e.mig as number) }))
    const util = Math.min(1, mig.reduce((s, e) => s + e.value * (e.mig as number), 0))
    return { gpu, host, model, mode: 'mig', consumers, util }
  }
  const best = Math.min(...all.map((e) => e.rank))
  const entries = all.filter((e) => e.rank === best)
  const level = entries.find((e) => e.owner === null)
  const byOwner = new Map<string, number>()
  for (const e of entries) if (e.owner) byOwner.set(e.owner, Math.max(byOwner.get(e.owner) ?? 0, e.value))
  const consumers = [...byOwner.entries()].map(([owner, activity]) => ({ owner, activity }))
  if (consumers.length === 0) return { gpu, host, model, mode: 'unallocated', consumers, util: level?.value ?? 0 }
  if (consumers.length === 1) return { gpu, host, model, mode: 'exclusive', consumers, util: (consumers[0] as { activity: number }).activity }
  const first = (consumers[0] as { activity: number }).activity
  const equalCopies = consumers.every((c) => Math.abs(c.activity - first) < 1e-9)
  const split = equalCopies ? consumers.map((c) => ({ owner: c.owner, activity: c.activity / consumers.length })) : consumers
  const util = level?.value ?? Math.min(1, split.reduce((s, c) => s + c.activity, 0))
  return { gpu, host, model, mode: 'time-slicing', consumers: split, util, equalCopies }
}

/** Requests per hour per pod from QPS-like gauges (requests per second), for cost per 1k requests. */
export function requestsPerHour(db: Db): { hour: number; owner: string; requests: number }[] {
  const rows = db
    .prepare(
      // Series first (CROSS JOIN keeps that order): the few QPS series, then their rollups by primary key.
      `SELECT r.bucket_start AS t, s.namespace AS ns, s.pod AS pod, max(r.count) AS n, r.avg AS v FROM series s CROSS JOIN rollup_1h r ON r.series_id = s.id
       WHERE s.pod IS NOT NULL AND (lower(s.metric) LIKE '%qps%' OR lower(s.metric) LIKE '%requests_per_second%' OR lower(s.metric) LIKE '%request_rate%')
       GROUP BY r.series_id, r.bucket_start`,
    )
    .all() as { t: number; ns: string | null; pod: string; v: number }[]
  const acc = new Map<string, { hour: number; owner: string; requests: number }>()
  for (const r of rows) {
    const owner = podKey(r.ns, r.pod)
    const k = `${r.t}|${owner}`
    const a = acc.get(k)
    if (a) a.requests += r.v * 3600
    else acc.set(k, { hour: r.t, owner, requests: r.v * 3600 })
  }
  return [...acc.values()]
}
