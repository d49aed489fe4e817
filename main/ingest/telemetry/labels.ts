/**
 * Label normalisation: the many spellings exporters use for the same thing (DCGM's `UUID` and `modelName`,
 * Prometheus' `instance`, DCGM's `Hostname`, Kubernetes' `pod` / `exported_pod`, OTel's `k8s.pod.name`, …)
 * become seven columns a chart can group by.
 */
import type { NormalisedLabels } from '../../../shared/telemetry-types'

export type { NormalisedLabels }

// First match wins, in this order.
const KEYS: Record<keyof NormalisedLabels, readonly string[]> = {
  gpuUuid: ['UUID', 'uuid', 'gpu_uuid', 'gpu.uuid', 'GPU_UUID', 'hw.gpu.uuid'],
  gpuModel: ['modelName', 'gpu_model', 'model_name', 'gpu.model', 'gpu_type', 'accelerator', 'accelerator_type', 'hw.model', 'cloud.google.com/gke-accelerator', 'nvidia.com/gpu.product', 'card_model', 'model'],
  host: ['Hostname', 'hostname', 'host', 'host.name', 'node', 'node_name', 'kubernetes_node', 'k8s.node.name', 'instance'],
  namespace: ['namespace', 'exported_namespace', 'k8s.namespace.name', 'kubernetes_namespace'],
  pod: ['pod', 'exported_pod', 'pod_name', 'k8s.pod.name', 'kubernetes_pod_name'],
  team: ['team', 'label_team', 'owner_team', 'fleetplan.team', 'k8s.namespace.label.team'],
  project: ['project', 'label_project', 'fleetplan.project', 'app', 'service.name'],
}

/**
 * Accelerator ids (as in the accelerator catalog) and the patterns that name them in exporter labels,
 * most specific first: "NVIDIA H100 80GB HBM3" → H100, "AMD Instinct MI300X" → MI300X, "tpu-v5-lite-podslice" → TPUv5e.
 */
const MODELS: readonly [RegExp, string][] = [
  [/GB200/i, 'GB200'],
  [/B200/i, 'B200'],
  [/H200/i, 'H200'],
  [/H100/i, 'H100'],
  [/H800/i, 'H800'],
  [/H20\b/i, 'H20'],
  [/A100/i, 'A100'],
  [/A800/i, 'A800'],
  [/L40S/i, 'L40S'],
  [/L40\b/i, 'L40'],
  [/\bL4\b/i, 'L4'],
  [/A10G/i, 'A10G'],
  [/\bA10\b/i, 'A10'],
  [/V100/i, 'V100'],
  [/\bT4\b/i, 'T4'],
  [/MI325X/i, 'MI325X'],
  [/MI300X/i, 'MI300X'],
  [/MI250X?/i, 'MI250'],
  [/Gaudi\s*-?\s*3|HL-?325/i, 'Gaudi3'],
  [/Gaudi\s*-?\s*2|HL-?225/i, 'Gaudi2'],
  [/v6e|trillium/i, 'TPUv6e'],
  [/v5p/i, 'TPUv5p'],
  [/v5e|v5-?lite|v5litepod/i, 'TPUv5e'],
  [/v4/i, 'TPUv4'],
]

/** The catalog id for an exporter's model name, or the trimmed name itself when it is not recognised. */
export function normaliseGpuModel(name: string): string {
  const s = name.trim()
  if (!s) return s
  const isTpu = /tpu/i.test(s)
  for (const [re, id] of MODELS) {
    if (id.startsWith('TPU') && !isTpu && !/trillium|v5litepod/i.test(s)) continue
    if (re.test(s)) return id
  }
  return s
}

/** `host:port` (Prometheus' instance label) → host; FQDNs keep their name. */
function hostOf(v: string): string {
  const m = /^\[?([^\]]+?)\]?:\d+$/.exec(v)
  return m ? (m[1] as string) : v
}

export function normaliseLabels(labels: Record<string, string>): NormalisedLabels {
  const out: NormalisedLabels = { gpuUuid: null, gpuModel: null, host: null, namespace: null, pod: null, team: null, project: null }
  for (const key of Object.keys(KEYS) as (keyof NormalisedLabels)[]) {
    for (const k of KEYS[key]) {
      const v = labels[k]
      if (v !== undefined && v !== '') {
        out[key] = v
        break
      }
    }
  }
  if (out.gpuModel) out.gpuModel = normaliseGpuModel(out.gpuModel)
  if (out.host) out.host = hostOf(out.host)
  return out
}

/** Canonical JSON of a label set: keys sorted, so equal label sets give equal text (the series identity). */
export function canonicalLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort()
  let s = '{'
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    if (i) s += ','
    s += `${JSON.stringify(k)}:${JSON.stringify(labels[k])}`
  }
  return `${s}}`
}
