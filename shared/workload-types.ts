/**
 * Workloads: one row per pod, job or billed instance, derived at import from telemetry series labels,
 * job traces and billing lines. What a policy is replayed on. Plain data only.
 */
import type { Snapshot } from './types'

export const WORKLOAD_SOURCES = ['telemetry', 'job-trace', 'billing'] as const
export type WorkloadSource = (typeof WORKLOAD_SOURCES)[number]

/** Pod and Job come from Kubernetes telemetry and job traces; Instance from billing lines alone. */
export const WORKLOAD_KINDS = ['Pod', 'Job', 'Instance'] as const
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number]

/** billed: billing lines identify the workload; catalog: accelerator-hours × the catalog price; unpriced: neither. */
export const COST_SOURCES = ['billed', 'catalog', 'unpriced'] as const
export type CostSource = (typeof COST_SOURCES)[number]

export interface WorkloadContainer {
  name: string
  /** Init container (its requests count as in Kubernetes: max(Σ app, max init)). */
  init?: boolean
  /** Resource name → quantity text ("2", "500m", "16Gi"). */
  requests: Record<string, string>
  limits?: Record<string, string>
}

/** What a workload is and asks for, in every form it takes (a fact from one import, the merged row, the API's). */
export interface WorkloadIdentity {
  /** Stable identity across imports: `pod:<ns>/<name>`, `job:<ns>/<name>` or `res:<ResourceId>`. */
  uid: string
  kind: WorkloadKind
  name: string
  namespace: string | null
  team: string | null
  project: string | null
  modelType: string | null
  acceleratorType: string | null
  /** Accelerators requested (devices), the Kubernetes effective request when containers are known. */
  accelerators: number
  containers: WorkloadContainer[] | null
  labels: Record<string, string>
}

export interface Workload extends WorkloadIdentity {
  id: number
  /** ISO 8601 UTC; null when unknown. */
  start: string | null
  end: string | null
  hours: number | null
  acceleratorHours: number | null
  cost: number | null
  costSource: CostSource
  /** How the cost was found, for a person: the billing lines, or the formula and the price used. */
  costBasis: string
  sources: WorkloadSource[]
  provider: string | null
  region: string | null
  node: string | null
}

export const WORKLOAD_DIMENSIONS = ['Team', 'Project', 'Namespace', 'AcceleratorType', 'Kind', 'CostSource', 'ModelType', 'Source', 'Provider'] as const
export type WorkloadDimension = (typeof WORKLOAD_DIMENSIONS)[number]

export interface WorkloadFilter {
  team?: string | undefined
  project?: string | undefined
  namespace?: string | undefined
  acceleratorType?: string | undefined
  kind?: WorkloadKind | undefined
  costSource?: CostSource | undefined
  source?: WorkloadSource | undefined
  /** Text found in the name or uid. */
  search?: string | undefined
  /** ISO date/time: workloads starting at or after / before. */
  from?: string | undefined
  to?: string | undefined
  /** Only workloads requesting accelerators. */
  acceleratorsOnly?: boolean | undefined
}

export interface WorkloadGroupRow {
  keys: Partial<Record<WorkloadDimension, string | null>>
  workloads: number
  acceleratorHours: number
  costUsd: number
  /** Of costUsd, the part billing lines identify (the rest is catalog-priced). */
  billedUsd: number
  unpriced: number
}

export interface WorkloadQueryResult {
  by: WorkloadDimension[]
  rows: WorkloadGroupRow[]
  total: { workloads: number; acceleratorHours: number; costUsd: number; billedUsd: number; unpriced: number }
}

export interface WorkloadListResult {
  rows: Workload[]
  total: number
  /** Distinct values for the filter menus. */
  facets: { teams: string[]; namespaces: string[]; acceleratorTypes: string[]; projects: string[] }
}

/** What one job-trace file's import did. */
export interface JobTraceImportOutcome {
  fileName: string
  status: 'imported' | 'duplicate'
  snapshot: Snapshot
  jobs: number
  workloads: number
  warnings: string[]
}
