/**
 * Plans as frozen decisions, their recommendations (Kueue, quotas, autoscaling, capacity, budgets), the review
 * diff against a Git checkout, and the approval. Plain data shared by every process.
 */
import type { ForecastSeriesResult, ForecastSpeed } from './forecast-types'
import type {
  FleetPool,
  KpiStat,
  OptimizeProblem,
  OptimizeResult,
  ParetoResult,
  PurchaseOption,
  Scenario,
  SimulationResult,
  WorkloadClass,
  WorkloadClassInfo,
} from './scenario-types'

/** draft → in-review → approved → exported (→ superseded when a later plan for the same cluster is exported). */
export const PLAN_STATES = ['draft', 'in-review', 'approved', 'exported', 'superseded'] as const
export type PlanState = (typeof PLAN_STATES)[number]

/** 'baseline': the spend carried forward (no fleet, no manifests); 'fleet': a scenario's fleet and what follows. */
export type PlanKind = 'baseline' | 'fleet'

/** One pool of the plan's fleet with the catalog facts the decision used, frozen at plan creation. */
export interface FrozenPool extends FleetPool {
  vendor: string
  kind: 'gpu' | 'tpu' | 'asic' | 'fpga'
  acceleratorName: string
  memoryGb: number
  fp8: boolean
  capabilities: string[]
  tdpW: number
  idleW: number
  /** USD per accelerator-hour the plan prices the pool at (scenario override and multiplier applied). */
  usdPerAccelHour: number
  priceSource: string
  /** Spot only: fraction of instances interrupted per month. */
  interruptionPerMonth: number | null
  gridGco2ePerKwh: number
  pue: number
  /** On-prem only: electricity billed apart from the hourly price. */
  electricityUsdPerKwh: number
  /** Relative throughput per workload class (H100 = 1). */
  throughput: Partial<Record<WorkloadClass, number>>
  /** The provider's instance types carrying this accelerator (from the instance catalog), for node selection. */
  instanceTypes: string[]
}

/** The forecast run the scenario's demand came from: the series the plan uses, frozen. */
export interface FrozenForecast {
  runId: number
  createdAt: string
  speed: ForecastSpeed
  horizon: number
  series: Pick<ForecastSeriesResult, 'key' | 'label' | 'unit' | 'start' | 'model' | 'mean' | 'intervals' | 'coverage'>[]
}

/**
 * A policy attached to the plan (issue 11 fills this in): signed with the plan, exported under
 * `clusters/<cluster>/policies/`. The body is the policy document as the policy engine stores it.
 */
export interface PlanPolicyAttachment {
  id: string
  name: string
  body: Record<string, unknown>
}

/**
 * Everything the decision rests on, copied into the plan (not referenced by id): deleting or editing the
 * scenario, its runs or the catalog later changes nothing in the plan.
 */
export interface PlanSnapshot {
  version: 1
  scenario: Scenario
  pools: FrozenPool[]
  workloadClasses: WorkloadClassInfo[]
  /** The scenario's latest simulation run at plan creation, if it had one. */
  simulation: { runId: string; createdAt: string; result: SimulationResult } | null
  /** The optimization run the scenario was made from, if any (a single solve or a Pareto sweep). */
  optimization:
    | { runId: string; createdAt: string; kind: 'optimize'; problem: OptimizeProblem; result: OptimizeResult }
    | { runId: string; createdAt: string; kind: 'pareto'; problem: OptimizeProblem; result: ParetoResult }
    | null
  forecast: FrozenForecast | null
  policies: PlanPolicyAttachment[]
  catalogUpdated: string
}

/** Fleet figures of a plan, each with one definition (see `basis`). */
export interface FleetTotals {
  currency: 'USD'
  accelerators: number
  pools: number
  horizonDays: number
  /** Σ count × price per accelerator-hour (on-prem: capex ÷ life + hosting, plus energy at full power). */
  usdPerHour: number
  /** usdPerHour × 730 h. */
  monthlyUsd: number
  /** usdPerHour × horizon hours: the fleet's price, whatever the utilisation. */
  horizonUsd: number
  /** The simulation's KPIs over the horizon (mean, 95 % CI, 5–95 % spread), when the scenario was simulated. */
  simulated: {
    runId: string
    paths: number
    costUsd: KpiStat
    carbonTonnes: KpiStat
    jain: KpiStat
    waitP95Hours: KpiStat
    utilisation: KpiStat
    unmetFraction: KpiStat
  } | null
  /**
   * The workspace's accelerator spend when the plan was made, per 730-hour month like `monthlyUsd`: the accelerator
   * run rate (`PlanTotals.acceleratorMonthlyRunRate`, last 30 days of data) per hour × 730 h; null without billing.
   */
  currentAcceleratorMonthlyUsd: number | null
  /** The run rate it comes from, per 30 days (the figure Scenarios → Baseline shows); absent in plans made before it was kept. */
  currentAcceleratorRunRateUsd?: number | null
  basis: string
}

// ---- recommendations ----

/** Where a recommended figure comes from: shown next to it in review and in plan.md. */
export interface Reasoning {
  text: string
  inputs: { label: string; value: string }[]
  formula?: string
}

export type CapacityType = 'on-demand' | 'spot' | 'reserved' | 'on-prem'

export interface FlavorRec {
  name: string
  accelerator: string
  provider: string
  option: PurchaseOption
  capacityType: CapacityType
  /** The extended resource the device plugin advertises (nvidia.com/gpu, amd.com/gpu, google.com/tpu, …). */
  resource: string
  /** Accelerators of this flavor in the plan's fleet. */
  capacity: number
  nodeLabels: Record<string, string>
  tolerations: { key: string; operator: 'Exists'; effect: 'NoSchedule' }[]
  /** Labels whose values could not be checked against the provider's documentation offline. */
  verify: string[]
  reasoning: Reasoning
}

export interface QueueQuotaRec {
  flavor: string
  resource: string
  nominalQuota: number
  /** What the team may borrow: what the other teams may lend, unless a reviewer set a lower cap. */
  borrowingLimit: number
  /** True when a reviewer capped borrowing below what the others lend: only then is borrowingLimit written. */
  borrowingCapped: boolean
  lendingLimit: number
  /** The team's typical (median) and high (97.5th percentile) demand routed to this flavor, in accelerators. */
  demandP50: number
  demandHi95: number
  reasoning: Reasoning
}

export interface TeamQueueRec {
  team: string
  namespace: string
  clusterQueue: string
  localQueue: string
  quotas: QueueQuotaRec[]
  reasoning: Reasoning
}

export interface KueueRec {
  cohort: string
  flavors: FlavorRec[]
  queues: TeamQueueRec[]
  reasoning: Reasoning
}

export interface NamespaceQuotaRec {
  team: string
  namespace: string
  name: string
  /** `requests.<resource>` → accelerators. */
  hard: Record<string, number>
  reasoning: Reasoning
}

export interface AutoscalerRec {
  name: string
  team: string
  namespace: string
  workloadClass: WorkloadClass
  engine: 'keda' | 'hpa'
  /** The Deployment serving the stream (a name the reviewer can change). */
  target: string
  accelerator: string
  resource: string
  acceleratorsPerReplica: number
  minReplicas: number
  maxReplicas: number
  /** Requests per second one replica serves at the target utilisation. */
  targetRpsPerReplica: number
  query: string
  serverAddress: string
  reasoning: Reasoning
}

export interface NodePoolRec {
  name: string
  accelerator: string
  provider: string
  capacityType: Exclude<CapacityType, 'on-prem'>
  resource: string
  /** Karpenter `limits`: at most this many accelerators. */
  limit: number
  weight: number
  requirements: { key: string; operator: 'In'; values: string[] }[]
  nodeClassRef: { group: string; kind: string; name: string }
  taints: { key: string; effect: 'NoSchedule' }[]
  reasoning: Reasoning
}

export interface OnPremPoolRec {
  accelerator: string
  region: string
  count: number
  resource: string
  flavor: string
  reasoning: Reasoning
}

export interface BudgetRec {
  team: string
  namespace: string
  /** Expected spend per month at the median demand, and the 80 % / 95 % upper bands. */
  monthlyP50Usd: number
  monthlyHi80Usd: number
  monthlyHi95Usd: number
  /** Alert thresholds on the spend rate, USD per hour. */
  warningUsdPerHour: number
  criticalUsdPerHour: number
  spendRateExpr: string
  reasoning: Reasoning
}

/** Settings the recommendations follow; each can be edited in review like any figure. */
export interface RecommendSettings {
  autoscaler: 'keda' | 'hpa'
  prometheusUrl: string
  /** PromQL of a stream's request rate; `{namespace}` and `{deployment}` are filled in. */
  requestRateQuery: string
  /** Requests per second one H100 serves for an inference stream (scaled by relative throughput). */
  h100RequestsPerSecond: number
  /** Utilisation a replica is scaled at (headroom for bursts). */
  targetUtilisation: number
  /** PromQL of a namespace's spend rate in USD per hour; `{namespace}` is filled in (OpenCost metrics by default). */
  spendRateQuery: string
  /** Name of the Karpenter node class (EC2NodeClass / AKSNodeClass / GCENodeClass) the NodePools use. */
  nodeClassName: string
}

/** One figure a reviewer changed. `target` names it stably (team, flavor, field), never by array position. */
export type EditTarget =
  | { kind: 'queue'; team: string; flavor: string; field: 'nominalQuota' | 'borrowingLimit' | 'lendingLimit' }
  | { kind: 'resource-quota'; team: string; resource: string }
  | { kind: 'autoscaler'; name: string; field: 'minReplicas' | 'maxReplicas' | 'targetRpsPerReplica' | 'target' | 'query' }
  | { kind: 'node-pool'; name: string; field: 'limit' | 'weight' }
  | { kind: 'budget'; team: string; field: 'warningUsdPerHour' | 'criticalUsdPerHour' }
  | { kind: 'setting'; field: keyof RecommendSettings }

export interface RecommendationEdit {
  target: EditTarget
  value: number | string
  /** The value derived before the edit. */
  derived: number | string
  by: string
  at: string
}

export interface Recommendations {
  version: 1
  cluster: string
  settings: RecommendSettings
  kueue: KueueRec
  quotas: NamespaceQuotaRec[]
  autoscaling: AutoscalerRec[]
  nodePools: NodePoolRec[]
  onPrem: OnPremPoolRec[]
  budgets: BudgetRec[]
  /** Reviewer edits, applied in order on top of the derived figures. */
  edits: RecommendationEdit[]
  warnings: string[]
}

// ---- audit, review diff ----

export interface PlanAuditEntry {
  at: string
  kind: string
  actor: string | null
  details: Record<string, unknown>
}

export type FileChange = 'added' | 'changed' | 'removed' | 'unchanged'

export interface ManifestFileDiff {
  path: string
  change: FileChange
  /** Unified diff of the file's lines (empty when unchanged). */
  diff: string
  added: number
  removed: number
}

export interface PlanFigures {
  planId: string | null
  name: string | null
  monthlyUsd: number | null
  carbonTonnes: number | null
  jain: number | null
  waitP95Hours: number | null
}

/** The review diff: this plan against the plan currently exported in a Git checkout (read from its files). */
export interface PlanDiff {
  repoPath: string
  root: string
  cluster: string
  /** The commit the diff is against (the checkout's HEAD), null in a repository without commits. */
  base: string | null
  current: PlanFigures | null
  proposed: PlanFigures
  deltas: { monthlyUsd: number | null; carbonTonnes: number | null; jain: number | null; waitP95Hours: number | null }
  files: ManifestFileDiff[]
  notes: string[]
}

/** A manifest that failed validation: file, field (JSON pointer) and what is wrong, in words. */
export interface ManifestProblemShape {
  file: string
  kind: string
  name: string
  field: string
  message: string
}
