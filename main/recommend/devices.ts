/**
 * How Kubernetes sees each accelerator: the extended resource its device plugin advertises and the node labels
 * providers and device plugins set. Values that could not be checked offline against the provider's
 * documentation are listed in `verify` and surface in review ("check with kubectl get nodes -L <label>").
 */
import type { CapacityType } from '../../shared/plan-types'
import type { PurchaseOption } from '../../shared/scenario-types'

export interface DeviceInfo {
  /** Extended resource name requested by pods. */
  resource: string
  /** Label set by the vendor's device plugin / feature discovery on any provider (and on-prem). */
  product: { key: string; value: string } | null
  /** GKE's own accelerator label (GKE installs drivers without NVIDIA's feature discovery). */
  gke: { key: string; value: string } | null
  /** Label Karpenter's AWS provider sets from the instance type. */
  aws: { key: string; value: string } | null
  /** Label keys whose value above is unverified. */
  verify: string[]
}

const NVIDIA = 'nvidia.com/gpu'
const GFD = 'nvidia.com/gpu.product'
const GKE_GPU = 'cloud.google.com/gke-accelerator'
const GKE_TPU = 'cloud.google.com/gke-tpu-accelerator'
const AWS_GPU = 'karpenter.k8s.aws/instance-gpu-name'
const AWS_FAMILY = 'karpenter.k8s.aws/instance-family'
const AMD_DEVICE = 'amd.com/gpu.device-id'

const nvidia = (gfd: string, gke: string | null, aws: string | null, verify: string[] = []): DeviceInfo => ({
  resource: NVIDIA,
  product: { key: GFD, value: gfd },
  gke: gke ? { key: GKE_GPU, value: gke } : null,
  aws: aws ? { key: AWS_GPU, value: aws } : null,
  verify,
})

/** Keyed by the catalog's accelerator id (resources/catalog/accelerators.json). */
export const DEVICES: Record<string, DeviceInfo> = {
  H100: nvidia('NVIDIA-H100-80GB-HBM3', 'nvidia-h100-80gb', 'h100'),
  H200: nvidia('NVIDIA-H200', 'nvidia-h200-141gb', 'h200', [GFD]),
  B200: nvidia('NVIDIA-B200', 'nvidia-b200', 'b200', [GFD, GKE_GPU]),
  A100: nvidia('NVIDIA-A100-SXM4-80GB', 'nvidia-a100-80gb', 'a100'),
  L40S: nvidia('NVIDIA-L40S', null, 'l40s'),
  V100: nvidia('Tesla-V100-SXM2-16GB', 'nvidia-tesla-v100', 'v100'),
  P100: nvidia('Tesla-P100-PCIE-16GB', 'nvidia-tesla-p100', null, [GFD]),
  K80: nvidia('Tesla-K80', 'nvidia-tesla-k80', 'k80'),
  MI300X: { resource: 'amd.com/gpu', product: { key: AMD_DEVICE, value: '74a1' }, gke: null, aws: null, verify: [] },
  MI325X: { resource: 'amd.com/gpu', product: { key: AMD_DEVICE, value: '74a5' }, gke: null, aws: null, verify: [AMD_DEVICE] },
  TPUv5e: { resource: 'google.com/tpu', product: null, gke: { key: GKE_TPU, value: 'tpu-v5-lite-podslice' }, aws: null, verify: [] },
  TPUv5p: { resource: 'google.com/tpu', product: null, gke: { key: GKE_TPU, value: 'tpu-v5p-slice' }, aws: null, verify: [] },
  TPUv6e: { resource: 'google.com/tpu', product: null, gke: { key: GKE_TPU, value: 'tpu-v6e-slice' }, aws: null, verify: [] },
  Gaudi3: { resource: 'habana.ai/gaudi', product: null, gke: null, aws: null, verify: [] },
  Trainium2: { resource: 'aws.amazon.com/neuron', product: null, gke: null, aws: { key: AWS_FAMILY, value: 'trn2' }, verify: [] },
  Inferentia2: { resource: 'aws.amazon.com/neuron', product: null, gke: null, aws: { key: AWS_FAMILY, value: 'inf2' }, verify: [] },
  AlveoV80: { resource: 'amd.com/xilinx_v80', product: null, gke: null, aws: null, verify: ['amd.com/xilinx_v80 (resource name depends on the FPGA shell)'] },
}

export function deviceOf(accelerator: string): DeviceInfo {
  return DEVICES[accelerator] ?? { resource: 'accelerators.fleetplan.dev/unknown', product: null, gke: null, aws: null, verify: [`resource name of ${accelerator}`] }
}

/** Providers with a Karpenter provider, and the node class kind its NodePools reference. */
export const KARPENTER_NODE_CLASS: Record<string, { group: string; kind: string; note: string }> = {
  aws: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', note: 'Karpenter AWS provider' },
  azure: { group: 'karpenter.azure.com', kind: 'AKSNodeClass', note: 'Karpenter Azure provider (AKS node auto-provisioning)' },
  gcp: { group: 'karpenter.k8s.gcp', kind: 'GCENodeClass', note: 'Karpenter GCP provider (preview)' },
}

/** Provider ids of scenarios → the provider names of the instance-type catalog. */
export const INSTANCE_CATALOG_PROVIDER: Record<string, string> = { aws: 'AWS', gcp: 'Google', azure: 'Microsoft', lambda: 'Lambda', oracle: 'Oracle', oci: 'Oracle' }

/** Purchase option → Karpenter capacity type (`karpenter.sh/capacity-type`: on-demand, spot, reserved). */
export function capacityTypeOf(option: PurchaseOption): CapacityType {
  if (option === 'spot') return 'spot'
  if (option === 'on-demand') return 'on-demand'
  if (option === 'on-prem') return 'on-prem'
  return 'reserved'
}

export const CAPACITY_TYPE_LABEL = 'karpenter.sh/capacity-type'
export const REGION_LABEL = 'topology.kubernetes.io/region'
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type'
