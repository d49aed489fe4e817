/**
 * Dimensions derived from a billing line at import: who (team, project), what (model type) and on which
 * accelerator. Tag keys are the common spellings; the accelerator catalog (resources/) will replace the
 * instance-type table below when it lands.
 */

export interface DerivedDimensions {
  team: string | null
  project: string | null
  modelType: string | null
  acceleratorType: string | null
  acceleratorCount: number | null
}

export const DEFAULT_TAG_KEYS = {
  team: ['team', 'Team', 'owner_team', 'business_unit', 'k8s-label/team'],
  project: ['project', 'Project', 'application', 'app'],
  modelType: ['model_type', 'ModelType', 'workload', 'workload_type'],
} as const

/**
 * Known multi-GPU instance types, from the providers' instance documentation (8 GPUs each unless named).
 * Azure ND-series names, GCP A3/A2 machine types, AWS P-family, Lambda instance names.
 */
const INSTANCE_ACCELERATORS: readonly [RegExp, string, number][] = [
  [/^p5en?\.48xlarge$/i, 'H200', 8],
  [/^p5\.48xlarge$/i, 'H100', 8],
  [/^p4de?\.24xlarge$/i, 'A100', 8],
  [/^p6-b200\.48xlarge$/i, 'B200', 8],
  [/^a3-(high|mega|edge)gpu-8g$/i, 'H100', 8],
  [/^a3-ultragpu-8g$/i, 'H200', 8],
  [/^a4-highgpu-8g$/i, 'B200', 8],
  [/^a2-(ultra|high)gpu-(\d+)g$/i, 'A100', 0],
]

const ACCELERATOR_NAMES: readonly [RegExp, string][] = [
  [/\bMI325X\b/i, 'MI325X'],
  [/\bMI300X\b/i, 'MI300X'],
  [/\bGH200\b/i, 'GH200'],
  [/\bH200\b/i, 'H200'],
  [/\bH100\b/i, 'H100'],
  [/\bB200\b/i, 'B200'],
  [/\bA100\b/i, 'A100'],
  [/\bL40S\b/i, 'L40S'],
  [/\bGaudi ?3\b/i, 'Gaudi3'],
  [/\btpu[- ]?v5p\b/i, 'TPUv5p'],
  [/\btpu[- ]?v5e\b/i, 'TPUv5e'],
  [/\btpu[- ]?v6e\b/i, 'TPUv6e'],
]

export function deriveAccelerator(
  skuId: string | null,
  description: string | null,
  resourceName: string | null,
): { type: string | null; count: number | null } {
  for (const text of [skuId, resourceName]) {
    if (!text) continue
    for (const [re, type, count] of INSTANCE_ACCELERATORS) {
      const m = re.exec(text)
      if (m) return { type, count: count || Number(m[2] ?? 1) }
    }
  }
  const hay = [skuId, description].filter(Boolean).join(' ').replace(/_/g, ' ')
  for (const [re, type] of ACCELERATOR_NAMES) {
    if (re.test(hay)) {
      // "8x H100", "gpu 8x h100", "ND96isr H100 v5" (ND96 = 8 GPUs)
      const n = /\b(\d+)\s*x\s*/i.exec(hay) ?? /\bND96/i.exec(hay)
      const count = n ? (n[1] ? Number(n[1]) : 8) : null
      return { type, count }
    }
  }
  return { type: null, count: null }
}

export function deriveDimensions(
  tags: Record<string, unknown> | null,
  skuId: string | null,
  description: string | null,
  resourceName: string | null,
): DerivedDimensions {
  const pick = (keys: readonly string[]): string | null => {
    if (!tags) return null
    for (const k of keys) {
      const v = tags[k]
      if (typeof v === 'string' && v.trim() !== '') return v.trim()
    }
    return null
  }
  const acc = deriveAccelerator(skuId, description, resourceName)
  return {
    team: pick(DEFAULT_TAG_KEYS.team),
    project: pick(DEFAULT_TAG_KEYS.project),
    modelType: pick(DEFAULT_TAG_KEYS.modelType),
    acceleratorType: acc.type,
    acceleratorCount: acc.count,
  }
}
