/**
 * How Kubernetes names accelerators: the extended resources the device plugins advertise (what a pod
 * requests) and the node labels their feature-discovery companions set (what a pod selects a type with).
 * The admission policies read these, and the replay writes them into the requests it builds.
 */

/** Extended resources of accelerator device plugins (NVIDIA, AMD, GKE TPU, Intel Gaudi, AWS Neuron). */
export const ACCELERATOR_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu', 'google.com/tpu', 'habana.ai/gaudi', 'aws.amazon.com/neuron'] as const
export type AcceleratorResource = (typeof ACCELERATOR_RESOURCES)[number]

/**
 * Node-selector keys that name an accelerator type, first match wins: NVIDIA GPU Feature Discovery, the AMD
 * GPU operator's labeller, GKE's GPU and TPU node labels, and Fleetplan's own fallback label.
 */
export const ACCELERATOR_SELECTOR_KEYS = [
  'nvidia.com/gpu.product',
  'amd.com/gpu.product-name',
  'amd.com/gpu.device-id',
  'cloud.google.com/gke-accelerator',
  'cloud.google.com/gke-tpu-accelerator',
  'karpenter.k8s.aws/instance-gpu-name',
  'fleetplan.io/accelerator',
] as const

interface NodeLabel {
  resource: AcceleratorResource
  /** The selector a pod uses to ask for this type. */
  key: (typeof ACCELERATOR_SELECTOR_KEYS)[number]
  value: string
  /** Other values of the selector keys meaning the same type (GKE names, other memory variants). */
  aliases?: { key: (typeof ACCELERATOR_SELECTOR_KEYS)[number]; value: string }[]
}

/** Catalog accelerator id → how a pod requests and selects it (values as the feature-discovery tools write them). */
export const ACCELERATOR_NODE_LABELS: Readonly<Record<string, NodeLabel>> = {
  H100: {
    resource: 'nvidia.com/gpu',
    key: 'nvidia.com/gpu.product',
    value: 'NVIDIA-H100-80GB-HBM3',
    aliases: [
      { key: 'cloud.google.com/gke-accelerator', value: 'nvidia-h100-80gb' },
      { key: 'cloud.google.com/gke-accelerator', value: 'nvidia-h100-mega-80gb' },
      { key: 'karpenter.k8s.aws/instance-gpu-name', value: 'h100' },
    ],
  },
  H200: {
    resource: 'nvidia.com/gpu',
    key: 'nvidia.com/gpu.product',
    value: 'NVIDIA-H200',
    aliases: [
      { key: 'cloud.google.com/gke-accelerator', value: 'nvidia-h200-141gb' },
      { key: 'karpenter.k8s.aws/instance-gpu-name', value: 'h200' },
    ],
  },
  B200: { resource: 'nvidia.com/gpu', key: 'nvidia.com/gpu.product', value: 'NVIDIA-B200', aliases: [{ key: 'cloud.google.com/gke-accelerator', value: 'nvidia-b200' }] },
  A100: {
    resource: 'nvidia.com/gpu',
    key: 'nvidia.com/gpu.product',
    value: 'NVIDIA-A100-SXM4-80GB',
    aliases: [
      { key: 'nvidia.com/gpu.product', value: 'NVIDIA-A100-SXM4-40GB' },
      { key: 'cloud.google.com/gke-accelerator', value: 'nvidia-a100-80gb' },
      { key: 'cloud.google.com/gke-accelerator', value: 'nvidia-tesla-a100' },
    ],
  },
  L40S: { resource: 'nvidia.com/gpu', key: 'nvidia.com/gpu.product', value: 'NVIDIA-L40S' },
  L4: { resource: 'nvidia.com/gpu', key: 'nvidia.com/gpu.product', value: 'NVIDIA-L4', aliases: [{ key: 'cloud.google.com/gke-accelerator', value: 'nvidia-l4' }] },
  V100: { resource: 'nvidia.com/gpu', key: 'nvidia.com/gpu.product', value: 'Tesla-V100-SXM2-16GB', aliases: [{ key: 'cloud.google.com/gke-accelerator', value: 'nvidia-tesla-v100' }] },
  T4: { resource: 'nvidia.com/gpu', key: 'nvidia.com/gpu.product', value: 'Tesla-T4', aliases: [{ key: 'cloud.google.com/gke-accelerator', value: 'nvidia-tesla-t4' }] },
  P100: { resource: 'nvidia.com/gpu', key: 'nvidia.com/gpu.product', value: 'Tesla-P100-PCIE-16GB', aliases: [{ key: 'cloud.google.com/gke-accelerator', value: 'nvidia-tesla-p100' }] },
  K80: { resource: 'nvidia.com/gpu', key: 'nvidia.com/gpu.product', value: 'Tesla-K80', aliases: [{ key: 'cloud.google.com/gke-accelerator', value: 'nvidia-tesla-k80' }] },
  // The AMD GPU operator's labeller sets both the product name and the PCI device id.
  MI300X: { resource: 'amd.com/gpu', key: 'amd.com/gpu.product-name', value: 'AMD_Instinct_MI300X', aliases: [{ key: 'amd.com/gpu.device-id', value: '74a1' }] },
  MI325X: { resource: 'amd.com/gpu', key: 'amd.com/gpu.product-name', value: 'AMD_Instinct_MI325X', aliases: [{ key: 'amd.com/gpu.device-id', value: '74a5' }] },
  TPUv5e: { resource: 'google.com/tpu', key: 'cloud.google.com/gke-tpu-accelerator', value: 'tpu-v5-lite-podslice' },
  TPUv5p: { resource: 'google.com/tpu', key: 'cloud.google.com/gke-tpu-accelerator', value: 'tpu-v5p-slice' },
  TPUv6e: { resource: 'google.com/tpu', key: 'cloud.google.com/gke-tpu-accelerator', value: 'tpu-v6e-slice' },
  Gaudi3: { resource: 'habana.ai/gaudi', key: 'fleetplan.io/accelerator', value: 'Gaudi3' },
  Trainium2: { resource: 'aws.amazon.com/neuron', key: 'fleetplan.io/accelerator', value: 'Trainium2' },
  Inferentia2: { resource: 'aws.amazon.com/neuron', key: 'fleetplan.io/accelerator', value: 'Inferentia2' },
}

/** How a pod asks for an accelerator type: known types as their feature-discovery label, others by name. */
export function nodeLabelFor(type: string): NodeLabel {
  return ACCELERATOR_NODE_LABELS[type] ?? { resource: 'nvidia.com/gpu', key: 'fleetplan.io/accelerator', value: type }
}

/** Every (selector value → catalog id) pair, for the policy's parameters. */
export function selectorValueToType(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [id, l] of Object.entries(ACCELERATOR_NODE_LABELS)) {
    out[l.value] = id
    for (const a of l.aliases ?? []) out[a.value] = id
  }
  return out
}
