/**
 * Generates resources/demo/demo-accelerator-telemetry.json — SYNTHETIC DCGM-style telemetry for the demo
 * fleet, as a Prometheus `query_range` answer (step 1 h, `avg_over_time(…[1h])`, points at the middle of
 * each hour), consistent with resources/demo/demo-accelerator-spend.focus.csv:
 *
 *   npx tsx scripts/generate-demo-telemetry.ts
 *
 * For every billed pool-hour with N instances, nodes 0…N−1 of that pool report (8 accelerators each), so
 * the telemetry covers exactly the billed accelerator-hours. Nodes are named after the billed resource
 * (VMSS computer-name style `vmss-helix-h100000003`, GCP MIG `mig-orca-a3-k3f9`, Lambda `lumen-vision-h100-2`),
 * which is how Explore joins a GPU to the line that billed it.
 *
 * Series written (labels as dcgm-exporter / kube-state-metrics write them):
 * - `DCGM_FI_DEV_GPU_UTIL` (%) per NVIDIA GPU: `gpu, UUID, pci_bus_id, device, modelName, Hostname,
 *   DCGM_FI_DRIVER_VERSION, container, namespace, pod` (pod labels empty when no pod holds the GPU);
 *   time-sliced GPUs get one series per pod (`vgpu` label) with that pod's measured activity.
 * - `DCGM_FI_PROF_GR_ENGINE_ACTIVE` (ratio) per MIG instance: `GPU_I_ID`, `GPU_I_PROFILE` (e.g. `3g.40gb`).
 * - `gpu_gfx_activity` (%) per AMD MI300X (ROCm device-metrics-exporter): `gpu_id, gpu_uuid, card_model, hostname, …`.
 * - `kube_pod_labels{namespace,pod,label_team,label_project,label_app}` (some labels missing on purpose),
 *   `kube_pod_info{namespace,pod,node,created_by_kind,created_by_name}`,
 *   `kube_pod_container_info{namespace,pod,container,image}`,
 *   `kube_pod_container_resource_requests{namespace,pod,container,node,resource,unit="integer"}`.
 *
 * Patterns: inference follows the day (idle nights), training runs flat with checkpoint stalls, the MI300X
 * pilot and the Lambda experiment nodes sit idle at night and at weekends while still billed, recsys retrains
 * at night. Shared GPUs: two MIG-partitioned H100s on helix node 0 (slices for speech, reranking, moderation,
 * embeddings, thumbnails; one slice unused) and four time-sliced H100s on the Lambda node 0 (notebooks and
 * fine-tunes). Pod names hint at model types (whisper, sdxl, llama, bge-reranker, …) for the classifier.
 *
 * Deterministic: mulberry32 seeded with SEED; every run writes the same bytes.
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rng } from '../main/forecast/stats'

const SCRIPT_DIR = dirname(fileURLToPath(import.meta.url))
const SPEND = resolve(SCRIPT_DIR, '..', 'resources', 'demo', 'demo-accelerator-spend.focus.csv')
const OUT = resolve(SCRIPT_DIR, '..', 'resources', 'demo', 'demo-accelerator-telemetry.json')
const SEED = 20240902
const HOUR = 3600

const rnd = rng(SEED)
const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('')
const alnum = (n: number): string => Array.from({ length: n }, () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(rnd() * 27)]).join('')
const clamp = (x: number, lo = 0, hi = 1): number => Math.min(hi, Math.max(lo, x))
const noise = (sd: number): number => (rnd() + rnd() + rnd() - 1.5) * 2 * sd

/** Minimal CSV reader for the generated spend file (quoted fields, doubled quotes, no line breaks in fields). */
function parseCsvLine(line: string): string[] {
  const out: string[] = []
  let i = 0
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1
      let s = ''
      for (;;) {
        const q = line.indexOf('"', j)
        if (line[q + 1] === '"') {
          s += line.slice(j, q + 1)
          j = q + 2
        } else {
          s += line.slice(j, q)
          i = q + 2
          break
        }
      }
      out.push(s)
    } else {
      const c = line.indexOf(',', i)
      const end = c < 0 ? line.length : c
      out.push(line.slice(i, end))
      i = end + 1
    }
  }
  return out
}

interface PoolHours {
  name: string
  provider: string
  /** instances per hour index (0 = 2024-09-01T00) */
  instances: Map<number, number>
}

function readPools(): Map<string, PoolHours> {
  const lines = readFileSync(SPEND, 'utf8').split('\n').filter(Boolean)
  const header = parseCsvLine(lines[0] as string)
  const col = (n: string): number => header.indexOf(n)
  const [cName, cStart, cQty, cProv] = [col('ResourceName'), col('ChargePeriodStart'), col('ConsumedQuantity'), col('ProviderName')]
  const t0 = Date.UTC(2024, 8, 1) / 1000
  const pools = new Map<string, PoolHours>()
  for (const line of lines.slice(1)) {
    const f = parseCsvLine(line)
    const name = f[cName] as string
    let p = pools.get(name)
    if (!p) pools.set(name, (p = { name, provider: f[cProv] as string, instances: new Map() }))
    const h = (Date.parse(`${(f[cStart] as string).replace(' ', 'T')}Z`) / 1000 - t0) / HOUR
    p.instances.set(h, Math.round(Number(f[cQty])))
  }
  return pools
}

type Labels = Record<string, string>
interface Series {
  metric: Labels
  values: [number, string][]
}
const series = new Map<string, Series>()
function point(labels: Labels, ts: number, v: string): void {
  const key = JSON.stringify(labels)
  let s = series.get(key)
  if (!s) series.set(key, (s = { metric: labels, values: [] }))
  s.values.push([ts, v])
}

interface PodSpec {
  namespace: string
  pod: string
  container: string
  image: string
  app: string
  team: string | null
  project: string | null
  kind: string
  owner: string
}

const podsEmitted = new Set<string>()
/** kube-state-metrics series for a pod in this hour. */
function kube(p: PodSpec, node: string, ts: number, resource: string, count: number): void {
  const lab: Labels = { __name__: 'kube_pod_labels', namespace: p.namespace, pod: p.pod, label_app: p.app }
  if (p.team) lab.label_team = p.team
  if (p.project) lab.label_project = p.project
  point(lab, ts, '1')
  point({ __name__: 'kube_pod_info', namespace: p.namespace, pod: p.pod, node, created_by_kind: p.kind, created_by_name: p.owner }, ts, '1')
  point({ __name__: 'kube_pod_container_info', namespace: p.namespace, pod: p.pod, container: p.container, image: p.image }, ts, '1')
  point(
    { __name__: 'kube_pod_container_resource_requests', namespace: p.namespace, pod: p.pod, container: p.container, node, resource, unit: 'integer' },
    ts,
    String(count),
  )
  podsEmitted.add(`${p.namespace}/${p.pod}`)
}

interface Gpu {
  index: number
  uuid: string
  bus: string
}
const gpusOf = new Map<string, Gpu[]>()
function gpus(host: string): Gpu[] {
  let g = gpusOf.get(host)
  if (!g) {
    g = Array.from({ length: 8 }, (_, i) => ({
      index: i,
      uuid: `GPU-${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      bus: `00000000:${(0x18 + i * 0x11).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
    }))
    gpusOf.set(host, g)
  }
  return g
}

const DRIVER = '550.90.07'
function nvidiaUtil(host: string, model: string, g: Gpu, pod: PodSpec | null, ts: number, util: number, extra: Labels = {}): void {
  point(
    {
      __name__: 'DCGM_FI_DEV_GPU_UTIL',
      gpu: String(g.index),
      UUID: g.uuid,
      pci_bus_id: g.bus,
      device: `nvidia${g.index}`,
      modelName: model,
      Hostname: host,
      DCGM_FI_DRIVER_VERSION: DRIVER,
      container: pod?.container ?? '',
      namespace: pod?.namespace ?? '',
      pod: pod?.pod ?? '',
      ...extra,
    },
    ts,
    (clamp(util) * 100).toFixed(1),
  )
}

/** Hour-of-day factor of a UTC-5 working day (the demo's users sit on the US east coast). */
const local = (h: number): { hod: number; weekend: boolean } => {
  const t = Date.UTC(2024, 8, 1) + (h - 5) * 3_600_000
  const d = new Date(t)
  return { hod: d.getUTCHours(), weekend: d.getUTCDay() === 0 || d.getUTCDay() === 6 }
}
const diurnal = (hod: number): number => 0.5 - 0.5 * Math.cos(((hod - 3) / 24) * 2 * Math.PI)

function hostName(pool: PoolHours, slot: number): string {
  if (pool.provider === 'Microsoft') return `${pool.name}${slot.toString(36).padStart(6, '0')}`
  if (pool.provider === 'Google Cloud') return `${pool.name}-${['k3f9', 'x7m2', 'p4q8', 'd9w1', 'h2n6', 'r5t3', 'z8c4', 'b6v7'][slot] ?? `s${slot}`}`
  return `${pool.name}-${slot}`
}

/** A pod that lives while its node slot is up, replaced by a new one when the slot comes back. */
class SlotPods {
  private readonly current = new Map<number, PodSpec>()
  constructor(private readonly make: (slot: number, h: number) => PodSpec) {}
  at(slot: number, h: number, up: boolean): PodSpec | null {
    if (!up) {
      this.current.delete(slot)
      return null
    }
    let p = this.current.get(slot)
    if (!p) this.current.set(slot, (p = this.make(slot, h)))
    return p
  }
  renew(slot: number, h: number): PodSpec {
    const p = this.make(slot, h)
    this.current.set(slot, p)
    return p
  }
}

const rs = (): string => alnum(9).toLowerCase().slice(0, 9)
const deployment = (ns: string, app: string, container: string, image: string, team: string | null, project: string | null): PodSpec => {
  const hash = rs()
  return { namespace: ns, pod: `${app}-${hash}-${alnum(5)}`, container, image, app, team, project, kind: 'ReplicaSet', owner: `${app}-${hash}` }
}

function main(): void {
  const pools = readPools()
  const t0 = Date.UTC(2024, 8, 1) / 1000
  const HOURS = 30 * 24
  const ts = (h: number): number => t0 + h * HOUR + 1800

  // ---- helix: LLM chat serving on H100; node 0 also carries two MIG-partitioned GPUs ----
  {
    const pool = pools.get('vmss-helix-h100') as PoolHours
    const model = 'NVIDIA H100 80GB HBM3'
    const pods = new SlotPods(() => deployment('assistant', 'helix-chat-api', 'vllm', 'registry.example.com/assistant/vllm-openai:v0.6.1', 'assistant', 'helix-chat-api'))
    const mig = [
      { gpu: 6, id: '1', profile: '3g.40gb', spec: { namespace: 'assistant', app: 'whisper-large-v3-transcribe', container: 'asr', image: 'registry.example.com/assistant/whisper-triton:24.08', team: 'assistant', project: null }, base: 0.55 },
      { gpu: 6, id: '5', profile: '2g.20gb', spec: { namespace: 'search', app: 'bge-reranker-v2-m3', container: 'reranker', image: 'registry.example.com/search/tei:1.5', team: 'search-ranking', project: 'orca-recsys' }, base: 0.45 },
      { gpu: 6, id: '13', profile: '1g.10gb', spec: { namespace: 'trust-safety', app: 'llama-guard-3-1b', container: 'guard', image: 'registry.example.com/trust/vllm-openai:v0.6.1', team: null, project: null }, base: 0.35 },
      // GPU 6 slice 14 (1g.10gb) is left unused: its share is "shared/idle"
      { gpu: 7, id: '2', profile: '4g.40gb', spec: { namespace: 'search', app: 'e5-mistral-embed', container: 'embed', image: 'registry.example.com/search/tei:1.5', team: 'search-ranking', project: null }, base: 0.5 },
      { gpu: 7, id: '1', profile: '3g.40gb', spec: { namespace: 'vision', app: 'sdxl-turbo-thumbnails', container: 'diffusers', image: 'registry.example.com/vision/diffusers-serve:0.30', team: null, project: null }, base: 0.4 },
    ]
    const migPods = mig.map((m) => deployment(m.spec.namespace, m.spec.app, m.spec.container, m.spec.image, m.spec.team, m.spec.project))
    for (let h = 0; h < HOURS; h++) {
      const n = pool.instances.get(h) ?? 0
      const { hod, weekend } = local(h)
      const load = (0.35 + 0.6 * diurnal(hod)) * (weekend ? 0.75 : 1) * (1 + (0.4 * h) / HOURS)
      for (let slot = 0; slot < 12; slot++) {
        const pod = pods.at(slot, h, slot < n)
        if (!pod) continue
        const host = hostName(pool, slot)
        const gs = gpus(host)
        const exclusive = slot === 0 ? gs.slice(0, 6) : gs
        kube(pod, host, ts(h), 'nvidia_com_gpu', exclusive.length)
        // Replicas added for the peak run cooler: the autoscaler keeps headroom.
        const u = clamp(load * (slot < 2 ? 0.95 : 0.8) / Math.max(0.6, n / 6) + noise(0.04), 0.04, 0.97)
        for (const g of exclusive) nvidiaUtil(host, model, g, pod, ts(h), u + noise(0.02))
        if (slot === 0) {
          mig.forEach((m, i) => {
            const p = migPods[i] as PodSpec
            kube(p, host, ts(h), `nvidia_com_mig_${m.profile.replace('.', '_')}`, 1)
            const a = clamp(m.base * (0.5 + diurnal(hod)) + noise(0.05), 0.02, 0.98)
            const g = gs[m.gpu] as Gpu
            point(
              {
                __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
                gpu: String(g.index),
                UUID: g.uuid,
                pci_bus_id: g.bus,
                device: `nvidia${g.index}`,
                modelName: model,
                Hostname: host,
                DCGM_FI_DRIVER_VERSION: DRIVER,
                GPU_I_ID: m.id,
                GPU_I_PROFILE: m.profile,
                container: p.container,
                namespace: p.namespace,
                pod: p.pod,
              },
              ts(h),
              a.toFixed(4),
            )
          })
        }
      }
    }
  }

  // ---- atlas: LLM pre-training on H200, flat, with checkpoint stalls ----
  {
    const pool = pools.get('vmss-atlas-h200') as PoolHours
    const model = 'NVIDIA H200'
    for (let h = 0; h < HOURS; h++) {
      const n = pool.instances.get(h) ?? 0
      const stall = rnd() < 0.04
      for (let slot = 0; slot < n; slot++) {
        const host = hostName(pool, slot)
        const pod: PodSpec = {
          namespace: 'atlas',
          pod: `atlas-llm-pretrain-worker-${slot}`,
          container: 'megatron',
          image: 'registry.example.com/atlas/megatron-lm:24.08-py3',
          app: 'atlas-llm-pretrain',
          team: 'foundation-models',
          project: 'atlas-llm-pretrain',
          kind: 'StatefulSet',
          owner: 'atlas-llm-pretrain-worker',
        }
        kube(pod, host, ts(h), 'nvidia_com_gpu', 8)
        const u = stall ? 0.25 + noise(0.05) : 0.9 + noise(0.03)
        for (const g of gpus(host)) nvidiaUtil(host, model, g, pod, ts(h), u + noise(0.01))
      }
    }
  }

  // ---- orca: recsys retraining at night, ranking service by day (GCP A3) ----
  {
    const pool = pools.get('mig-orca-a3') as PoolHours
    const model = 'NVIDIA H100 80GB HBM3'
    const serving = new SlotPods(() => deployment('search', 'orca-ranker-serving', 'ranker', 'registry.example.com/search/torchrec-serve:0.8', 'search-ranking', null))
    let job = null as { name: string; day: number } | null
    for (let h = 0; h < HOURS; h++) {
      const n = pool.instances.get(h) ?? 0
      const hod = h % 24
      const night = hod < 6
      const day = Math.floor(h / 24)
      if (night && job?.day !== day) job = { name: `orca-recsys-train-202409${String(day + 1).padStart(2, '0')}`, day }
      for (let slot = 0; slot < n; slot++) {
        const host = hostName(pool, slot)
        let pod: PodSpec
        if (night) {
          const j = job as { name: string }
          pod = { namespace: 'search', pod: `${j.name}-worker-${slot}`, container: 'trainer', image: 'registry.example.com/search/torchrec-train:0.8', app: 'orca-recsys-train', team: 'search-ranking', project: 'orca-recsys', kind: 'Job', owner: j.name }
          serving.at(slot, h, false)
        } else pod = serving.at(slot, h, true) as PodSpec
        kube(pod, host, ts(h), 'nvidia_com_gpu', 8)
        const u = night ? 0.86 + noise(0.04) : 0.3 + 0.25 * diurnal(hod) + noise(0.05)
        for (const g of gpus(host)) nvidiaUtil(host, model, g, pod, ts(h), u + noise(0.02))
      }
    }
  }

  // ---- lumen batch: embeddings on spot H100, busy whenever up ----
  {
    const pool = pools.get('vmss-lumen-spot-h100') as PoolHours
    const model = 'NVIDIA H100 80GB HBM3'
    const pods = new SlotPods((slot, h) => {
      const job = `lumen-vision-batch-embed-${Math.floor(h / 24) + 1}`
      return { namespace: 'vision-batch', pod: `${job}-${slot}-${alnum(5)}`, container: 'clip-embed', image: 'registry.example.com/vision/open-clip-batch:2.26', app: 'lumen-vision-batch', team: 'vision', project: rnd() < 0.7 ? 'lumen-vision-batch' : null, kind: 'Job', owner: job }
    })
    for (let h = 0; h < HOURS; h++) {
      const n = pool.instances.get(h) ?? 0
      for (let slot = 0; slot < 12; slot++) {
        const pod = pods.at(slot, h, slot < n)
        if (!pod) continue
        const host = hostName(pool, slot)
        kube(pod, host, ts(h), 'nvidia_com_gpu', 8)
        const u = 0.82 + noise(0.06)
        for (const g of gpus(host)) nvidiaUtil(host, model, g, pod, ts(h), u + noise(0.03))
      }
    }
  }

  // ---- lumen interactive (Lambda): experiments by day; node 0's GPUs 0-3 time-sliced between notebooks ----
  {
    const pool = pools.get('lumen-vision-h100') as PoolHours
    const model = 'NVIDIA H100 80GB HBM3'
    const apps = ['lumen-vision-exp-vit-huge', 'lumen-vision-exp-dinov2', 'yolov8x-detector-train', 'sam-vit-h-finetune', 'clip-vit-l-eval']
    const pods = new SlotPods((slot) => {
      const app = apps[slot % apps.length] as string
      return deployment('vision', app, 'pytorch', 'registry.example.com/vision/pytorch:2.4-cuda12.4', 'vision', app.startsWith('lumen') ? 'lumen-vision' : null)
    })
    const shared = [
      { app: 'jupyter-mchen', container: 'notebook', image: 'quay.io/jupyter/pytorch-notebook:cuda12-2024-09', team: null, project: null },
      { app: 'sdxl-lora-finetune-product-shots', container: 'trainer', image: 'registry.example.com/vision/kohya-ss:24.07', team: 'vision', project: null },
      { app: 'jupyter-aokafor', container: 'notebook', image: 'quay.io/jupyter/pytorch-notebook:cuda12-2024-09', team: 'vision', project: 'lumen-vision' },
    ]
    const sharedPods = shared.map((s) => deployment('vision', s.app, s.container, s.image, s.team, s.project))
    for (let h = 0; h < HOURS; h++) {
      const n = pool.instances.get(h) ?? 0
      const { hod, weekend } = local(h)
      const work = hod >= 8 && hod < 18 && !weekend
      for (let slot = 0; slot < 8; slot++) {
        if (slot >= n) {
          pods.at(slot, h, false)
          continue
        }
        const host = hostName(pool, slot)
        const gs = gpus(host)
        if (slot === 0) {
          // Time-slicing: the notebooks share GPUs 0-3 (4 replicas each); GPUs 4-7 belong to no pod.
          shared.forEach((_, i) => kube(sharedPods[i] as PodSpec, host, ts(h), 'nvidia_com_gpu', 1))
          for (const g of gs.slice(0, 4)) {
            sharedPods.forEach((p, i) => {
              const a = work ? clamp([0.18, 0.45, 0.12][i] as number + noise(0.05), 0.01, 0.9) : clamp(0.02 + noise(0.01), 0.002, 0.05)
              nvidiaUtil(host, model, g, p, ts(h), a, { vgpu: String(i) })
            })
          }
          for (const g of gs.slice(4)) nvidiaUtil(host, model, g, null, ts(h), 0.01 + Math.abs(noise(0.005)))
          continue
        }
        // Off-hours nodes run without any experiment: billed, allocated to nobody, idle.
        const pod = work ? pods.at(slot, h, true) : pods.at(slot, h, false)
        if (pod) kube(pod, host, ts(h), 'nvidia_com_gpu', 8)
        const u = pod ? 0.62 + noise(0.12) : 0.01 + Math.abs(noise(0.005))
        for (const g of gs) nvidiaUtil(host, model, g, pod, ts(h), u + noise(0.03))
      }
    }
  }

  // ---- MI300X pilot: evaluation by day, idle nights and weekends (still billed) ----
  {
    const pool = pools.get('vmss-mi300x-eval') as PoolHours
    const pods = new SlotPods(() => deployment('research', 'mi300x-eval-llama-3-70b-vllm', 'vllm', 'registry.example.com/research/vllm-rocm:0.6.1', 'applied-research', null))
    for (let h = 0; h < HOURS; h++) {
      const n = pool.instances.get(h) ?? 0
      const { hod, weekend } = local(h)
      const work = hod >= 7 && hod < 20 && !weekend
      for (let slot = 0; slot < 10; slot++) {
        const up = slot < n
        const pod = pods.at(slot, h, up && (work || slot < 2))
        if (!up) continue
        const host = hostName(pool, slot)
        if (pod) kube(pod, host, ts(h), 'amd_com_gpu', 8)
        const u = pod && work ? 0.58 + noise(0.1) : 0.02 + Math.abs(noise(0.01))
        for (const g of gpus(host)) {
          point(
            {
              __name__: 'gpu_gfx_activity',
              gpu_id: String(g.index),
              gpu_uuid: g.uuid.replace('GPU-', 'AMD-'),
              card_model: 'AMD Instinct MI300X',
              hostname: host,
              container: pod?.container ?? '',
              namespace: pod?.namespace ?? '',
              pod: pod?.pod ?? '',
            },
            ts(h),
            (clamp(u + noise(0.02)) * 100).toFixed(1),
          )
        }
      }
    }
  }

  const result = [...series.values()].map((s) => {
    const { __name__, ...rest } = s.metric
    // Prometheus writes __name__ first, then the labels sorted.
    const metric: Labels = { __name__: __name__ as string }
    for (const k of Object.keys(rest).sort()) metric[k] = rest[k] as string
    return { metric, values: s.values }
  })
  const text = `{"status":"success","data":{"resultType":"matrix","result":[\n${result.map((r) => JSON.stringify(r)).join(',\n')}\n]}}\n`
  writeFileSync(OUT, text)
  const samples = result.reduce((n, r) => n + r.values.length, 0)
  process.stdout.write(
    `${OUT}: ${result.length} series, ${samples} samples, ${podsEmitted.size} pods, ${text.length} bytes, sha256 ${createHash('sha256').update(text).digest('hex')}\n`,
  )
}

main()
