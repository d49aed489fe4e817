/**
 * Workload facts from one telemetry snapshot: every pod its series name (DCGM exporter's `namespace`/`pod`/
 * `container`/`modelName` labels, kube-state-metrics' `kube_pod_*` series). Per pod: the GPUs it held (distinct
 * device UUIDs, MIG instances counted by their share of the GPU), its accelerator type, node, labels
 * (`kube_pod_labels`), containers' requests (`kube_pod_container_resource_requests` and the init-container
 * series) and its life (`kube_pod_start_time` / `kube_pod_completion_time` when scraped, else the first and
 * last sample plus one sampling step); its accelerator-hours count the scrapes it was seen in (gaps are not
 * running time).
 */
import { ACCELERATOR_RESOURCES } from '../../shared/accelerator-k8s'
import type { WorkloadContainer } from '../../shared/workload-types'
import type { Db } from '../db/open'
import { UNBILLED, type FactRow } from './facts'
import { effectiveAccelerators } from './requests'

interface SeriesRow {
  id: number
  metric: string
  labels: string
  gpu_uuid: string | null
  gpu_model: string | null
  host: string | null
  namespace: string | null
  pod: string
  team: string | null
  project: string | null
  samples: number
  first_ts: number
  last_ts: number
}

/** kube-state-metrics writes resource names with `.` and `/` as `_` (nvidia.com/gpu → nvidia_com_gpu). */
const KSM_RESOURCES: Record<string, string> = Object.fromEntries([...ACCELERATOR_RESOURCES, 'cpu', 'memory'].map((r) => [r.replace(/[./-]/g, '_'), r]))

/** A kube-state-metrics request value as the quantity a pod spec would carry. */
export function quantityText(resource: string, unit: string | undefined, value: number): string {
  if (resource === 'memory' || unit === 'byte') {
    for (const [suffix, f] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) if (value >= f && Number.isInteger(value / f)) return `${value / f}${suffix}`
    return String(Math.round(value))
  }
  if (resource === 'cpu' || unit === 'core') {
    const milli = Math.round(value * 1000)
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`
  }
  return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`
}

const isGpuMetric = (m: string): boolean => /^(DCGM_|dcgm_)/.test(m) || /^gpu_(gfx_activity|utilization|power|memory|umc_activity)/.test(m)

/** MIG profile "3g.40gb" → 3/7 of the GPU (A100 / H100 have seven compute slices). */
function migShare(profile: string | undefined): number {
  const m = /^(\d+)g\./.exec(profile ?? '')
  return m ? Math.min(1, Number(m[1]) / 7) : 1
}

const medianOf = (xs: number[]): number => {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1] as number
}

export function telemetryFacts(db: Db, snapshotId: number): FactRow[] {
  const series = db
    .prepare(
      `SELECT s.id, s.metric, s.labels, s.gpu_uuid, s.gpu_model, s.host, s.namespace, s.pod, s.team, s.project, ss.samples, ss.first_ts, ss.last_ts
         FROM snapshot_series ss JOIN series s ON s.id = ss.series_id
        WHERE ss.snapshot_id = ? AND s.pod IS NOT NULL AND s.pod != ''
        ORDER BY s.namespace, s.pod, s.id`,
    )
    .all(snapshotId) as SeriesRow[]
  const lastValue = db.prepare('SELECT value FROM sample WHERE series_id = ? AND snapshot_id = ? ORDER BY ts DESC LIMIT 1').pluck()
  const byPod = new Map<string, SeriesRow[]>()
  for (const s of series) {
    const key = `${s.namespace ?? ''}/${s.pod}`
    const list = byPod.get(key) ?? []
    list.push(s)
    byPod.set(key, list)
  }
  // The snapshot's sampling step (series with gaps space their samples wider; the median is the scrape step).
  const snapshotStep = Math.round(medianOf(series.filter((s) => s.samples > 1).map((s) => (s.last_ts - s.first_ts) / (s.samples - 1))))
  const facts: FactRow[] = []
  for (const [key, list] of byPod) {
    const ns = list[0]?.namespace ?? null
    const pod = list[0]?.pod as string
    const labels: Record<string, string> = {}
    const containers = new Map<string, WorkloadContainer>()
    const devices = new Map<string, number>()
    let type: string | null = null
    let node: string | null = null
    let team: string | null = null
    let project: string | null = null
    let startMs: number | null = null
    let endMs: number | null = null
    let explicitStart: number | null = null
    let explicitEnd: number | null = null
    let seen = 0
    for (const s of list) {
      const l = JSON.parse(s.labels) as Record<string, string>
      startMs = startMs === null ? s.first_ts : Math.min(startMs, s.first_ts)
      endMs = endMs === null ? s.last_ts : Math.max(endMs, s.last_ts)
      seen = Math.max(seen, s.samples)
      team ??= s.team
      project ??= s.project
      if (s.metric === 'kube_pod_labels') {
        for (const [k, v] of Object.entries(l)) if (k.startsWith('label_') && v !== '') labels[k.slice(6)] = v
      } else if (s.metric === 'kube_pod_info') {
        node ??= l.node ?? null
      } else if (s.metric === 'kube_pod_container_resource_requests' || s.metric === 'kube_pod_init_container_resource_requests') {
        const resource = KSM_RESOURCES[l.resource ?? ''] ?? l.resource
        const v = lastValue.get(s.id, snapshotId) as number | undefined
        if (!resource || v === undefined) continue
        const init = s.metric === 'kube_pod_init_container_resource_requests'
        const cname = `${init ? 'init:' : ''}${l.container ?? 'main'}`
        const c = containers.get(cname) ?? { name: l.container ?? 'main', ...(init ? { init: true } : {}), requests: {} }
        c.requests[resource] = quantityText(resource, l.unit, v)
        containers.set(cname, c)
      } else if (s.metric === 'kube_pod_start_time' || s.metric === 'kube_pod_completion_time') {
        const v = lastValue.get(s.id, snapshotId) as number | undefined
        if (v !== undefined && v > 0) {
          if (s.metric === 'kube_pod_start_time') explicitStart = v * 1000
          else explicitEnd = v * 1000
        }
      } else if (isGpuMetric(s.metric)) {
        const uuid = s.gpu_uuid ?? `${s.host ?? ''}#${l.gpu ?? l.gpu_id ?? l.device ?? ''}`
        const mig = l.GPU_I_ID
        devices.set(mig !== undefined && mig !== '' ? `${uuid}/mig${mig}` : uuid, mig !== undefined && mig !== '' ? migShare(l.GPU_I_PROFILE) : 1)
        type ??= s.gpu_model
        node ??= s.host
      }
    }
    const step = snapshotStep
    const spec = [...containers.values()]
    const requested = effectiveAccelerators(spec)
    const accelerators = requested > 0 ? requested : devices.size
    const share = devices.size ? [...devices.values()].reduce((a, b) => a + b, 0) : accelerators
    const start = explicitStart ?? startMs
    // Hours it held its accelerators: the samples it was seen in (a pod missing from some scrapes was not
    // running then), unless kube-state-metrics gives its start and completion times.
    const hours = explicitStart !== null && explicitEnd !== null ? Math.max(0, explicitEnd - explicitStart) / 3.6e6 : (seen * step) / 3.6e6
    facts.push({
      uid: `pod:${key}`,
      source: 'telemetry',
      kind: 'Pod',
      name: pod,
      namespace: ns,
      team: labels.team ?? team,
      project: labels.project ?? project,
      modelType: labels.model_type ?? null,
      acceleratorType: type,
      accelerators,
      containers: spec.length ? spec : null,
      labels,
      startMs: start,
      endMs: endMs,
      stepMs: explicitEnd !== null ? 0 : step,
      acceleratorHours: (requested > 0 ? requested : share) * hours,
      ...UNBILLED,
      node,
    })
    if (explicitEnd !== null) (facts.at(-1) as FactRow).endMs = explicitEnd
  }
  return facts
}
