/** Domain types of the catalog, scenarios, simulation and optimizer. Plain data only. */

export const WORKLOAD_CLASSES = ['llm-training', 'llm-inference', 'vision', 'diffusion', 'speech', 'recommender'] as const
export type WorkloadClass = (typeof WORKLOAD_CLASSES)[number]

export const PURCHASE_OPTIONS = ['on-demand', 'spot', 'reserved-1y', 'reserved-3y', 'capacity-block', 'on-prem'] as const
export type PurchaseOption = (typeof PURCHASE_OPTIONS)[number]

export const QUEUE_POLICIES = ['fifo', 'priority', 'fair-share'] as const
export type QueuePolicy = (typeof QUEUE_POLICIES)[number]

/** Where a figure comes from. `uncertain` names fields that could not be verified and must be re-checked. */
export interface Sourced {
  source: string
  date: string
  uncertain?: string[]
  /** True when the user's override replaced at least one field of this record. */
  overridden?: string[]
}

export interface Accelerator {
  id: string
  vendor: string
  name: string
  kind: 'gpu' | 'tpu' | 'asic' | 'fpga'
  memoryGb: number
  bf16DenseTflops: number | null
  fp8DenseTflops: number | null
  tdpW: number
  idleW: number
  interconnect: string
  capabilities: string[]
  source: { url: string; date: string; note?: string }
  uncertain?: string[]
  overridden?: string[]
}

export interface PriceEntry extends Sourced {
  accelerator: string
  provider: string
  region: string
  option: PurchaseOption
  usdPerAccelHour: number
  /** Spot only: fraction of instances interrupted per month. */
  interruptionPerMonth?: number
  /** Derived from another row (e.g. reserved = on-demand × (1 − discount)); the source says how. */
  derived?: boolean
}

export interface OnPremDefaults extends Sourced {
  lifeYears: number
  electricityUsdPerKwh: number
  hostingUsdPerAccelHour: number
  pue: number
}

export interface CarbonRegion extends Sourced {
  provider: string
  region: string
  location: string
  gridGco2ePerKwh: number
  pue: number
}

export interface WorkloadClassInfo {
  id: WorkloadClass
  label: string
  meanJobHours: number
  minMemoryGb: number
  training: boolean
  needsFp8: boolean
}

export interface ThroughputEntry extends Sourced {
  accelerator: string
  values: Partial<Record<WorkloadClass, number>>
  basis: 'reference' | 'mlperf' | 'gavel' | 'estimate' | 'telemetry'
}

export const OVERRIDE_KINDS = ['accelerator', 'price', 'carbon', 'throughput', 'onprem'] as const
export type OverrideKind = (typeof OVERRIDE_KINDS)[number]

/**
 * A user's figure, stored in the workspace apart from the bundled defaults. Keys:
 * accelerator `H100`; price `H100|gcp|us-east4|on-demand`; carbon `gcp|us-east4`; throughput `H100|vision`;
 * onprem `defaults` or `capex|H100`.
 */
export interface CatalogOverride {
  kind: OverrideKind
  key: string
  field: string
  value: number
  note: string
  updatedAt: string
}

export interface Catalog {
  updated: string
  accelerators: Accelerator[]
  prices: PriceEntry[]
  onPrem: { defaults: OnPremDefaults; capex: (Sourced & { accelerator: string; usdPerAccel: number })[] }
  carbon: { rangePct: number; regions: CarbonRegion[] }
  throughput: { reference: string; classes: WorkloadClassInfo[]; entries: ThroughputEntry[] }
  overrides: CatalogOverride[]
  attribution: string[]
}

// ---- scenarios ----

/** One pool of the fleet: a type × region × purchase option, with a count of accelerators. */
export interface FleetPool {
  accelerator: string
  provider: string
  region: string
  option: PurchaseOption
  count: number
  /**
   * Paid per accelerator-hour in use — how clouds bill on-demand and spot instances that scale with the work —
   * instead of count × hours. The baseline marks its on-demand and spot pools so: `count` is then the most
   * the pool scales to, and simulating the billed period reproduces the bill.
   */
  perUse?: boolean
}

/** Demand of one team for one workload class, in H100-equivalent accelerator-hours per hour (busy H100s). */
export interface DemandStream {
  team: string
  workloadClass: WorkloadClass
  /** Mean demand at the start of the horizon. */
  base: number
  growthPctPerMonth: number
  /** Higher is served first under the priority policy. */
  priority?: number
  /** Share weight under fair share. */
  weight?: number
  /**
   * Where the stream's work runs: share per pool key (`type|provider|region|option`), as the bill shows it
   * for the baseline. Pools missing from the fleet or unable to run the class are dropped and the rest
   * renormalised; without routing (or when none of its pools remain) work goes to every compatible pool in
   * proportion to its capacity.
   */
  routing?: Record<string, number>
}

/**
 * Demand sample paths, e.g. from the forecasting engine: paths × streams × steps, in H100-equivalent
 * accelerator-hours per hour, at `stepHours` resolution (1 hourly, 24 daily). Path i of a simulation uses
 * sample path i mod paths. Until forecasts exist, paths are generated from history × growth (`DemandModel`).
 */
export interface DemandPaths {
  streams: { team: string; workloadClass: WorkloadClass }[]
  stepHours: number
  values: number[][][]
  source: string
}

/** History-based demand: each stream's base × growth (uncertain) × daily/weekly profile × AR(1) daily noise. */
export interface DemandModel {
  streams: DemandStream[]
  /** Day-to-day noise, standard deviation in percent (log scale). */
  noisePct: number
  /** Standard deviation of the monthly growth rate, percentage points. */
  growthSdPct: number
  /** Amplitude of the daily cycle (0..1). */
  diurnalAmplitude: number
  /** Weekend dip (0..1). */
  weekendDip: number
  /** Sample paths from a forecast; when present they replace the generated paths. */
  paths?: DemandPaths
}

export interface ScenarioPolicy {
  queue: QueuePolicy
  /** Work that waited this long is abandoned and counted as unmet demand. */
  maxWaitHours: number
  /** A team whose share of demand met falls below this is a "resource desert". */
  fairnessFloor: number
}

export interface Scenario {
  /** sc_… once saved. */
  id?: string
  name: string
  description?: string
  /** 'baseline' when derived from imported billing. */
  basis?: 'baseline' | 'variant' | 'optimizer' | 'file'
  horizonHours: number
  fleet: FleetPool[]
  demand: DemandModel
  policy: ScenarioPolicy
  /** Multiplies every price of the fleet (what-if on prices). */
  priceMultiplier?: number
  /** Per-pool price replacing the catalog's, keyed `type|provider|region|option`. */
  priceOverrides?: Record<string, number>
  onPrem?: Partial<Pick<OnPremDefaults, 'lifeYears' | 'electricityUsdPerKwh' | 'hostingUsdPerAccelHour' | 'pue'>>
  /**
   * `warmupHours`: simulated before the horizon and not measured, so work is in flight when it starts (Reconcile's
   * replay of a billed period); demand paths then cover warm-up + horizon.
   */
  simulation: { paths: number; seed: number; warmupHours?: number }
  createdAt?: string
  updatedAt?: string
}

export interface ScenarioSummary {
  id: string
  name: string
  basis: string
  accelerators: number
  pools: number
  updatedAt: string
  lastRun: { id: string; at: string; costUsd: number; waitP95Hours: number } | null
}

// ---- simulation ----

export const KPI_NAMES = [
  'costUsd',
  'utilisation',
  'waitP50Hours',
  'waitP95Hours',
  'meanWaitHours',
  'unmetFraction',
  'unmetAccelHours',
  'spotInterruptions',
  'carbonTonnes',
  'jain',
  'deserts',
] as const
export type KpiName = (typeof KPI_NAMES)[number]

/** A KPI across Monte Carlo paths: mean with its 95 % confidence interval, and the 5th–95th percentile spread. */
export interface KpiStat {
  mean: number
  ci95: [number, number]
  p05: number
  p95: number
}

export interface SimulationResult {
  runId?: string
  scenarioId?: string
  scenarioName: string
  paths: number
  hours: number
  seed: number
  workers: number
  elapsedMs: number
  kpis: Record<KpiName, KpiStat>
  /** Carbon with the grid-intensity uncertainty: low/high intensity bounds around the mean. */
  carbonRange: { lo: number; hi: number; rangePct: number }
  teams: { team: string; servedShare: KpiStat; desertProbability: number }[]
  pools: { label: string; count: number; utilisation: number; costUsd: number; carbonTonnes: number }[]
  /** Weekly means over all paths, for charts. */
  weekly: { week: number; utilisation: number; unmetFraction: number; queued: number }[]
  /** Little's law check on the simulated runs: L (mean jobs queued) vs λ·W. */
  littlesLaw: { L: number; lambda: number; W: number }
  notes: string[]
}

export interface SimulationRunSummary {
  id: string
  scenarioId: string | null
  scenarioName: string
  createdAt: string
  paths: number
  seed: number
  result: SimulationResult
}

// ---- optimizer ----

export interface OptimizeDemand {
  team: string
  workloadClass: WorkloadClass
  /** Demand to meet, H100-equivalent busy accelerators (e.g. the chosen percentile of the forecast). */
  demand: number
  /** Overrides the class's minimum memory per accelerator. */
  minMemoryGb?: number
  needsFp8?: boolean
}

export interface OptimizeProblem {
  name?: string
  /** Candidate pools: type × provider × region × option. Empty = every priced combination in the catalog. */
  candidates?: { accelerator: string; provider: string; region: string; option: PurchaseOption; maxCount?: number }[]
  demand: OptimizeDemand[]
  /** Percentile label of the demand figures, for the report (e.g. 95). */
  demandPercentile?: number
  /** Target utilisation of purchased capacity (headroom for queueing). */
  targetUtilisation?: number
  /** Upper bound on cost per hour of the fleet, USD. */
  budgetUsdPerHour?: number
  /** Upper bound on emissions, kgCO2e per hour at target utilisation. */
  carbonCapKgPerHour?: number
  /** Each team gets at least this share of its demand. */
  fairnessFloor?: number
  /** When true, demand must be met entirely (no unmet slack). */
  requireDemand?: boolean
  /** Cost of one H100-hour of unmet demand (default 10 × the dearest price). */
  unmetPenaltyUsdPerHour?: number
  /** Weighted objective: cost + carbonPriceUsdPerTonne × tonnes. */
  carbonPriceUsdPerTonne?: number
  /** Existing commitments: lower bounds on counts. */
  commitments?: { accelerator: string; provider: string; region: string; option: PurchaseOption; count: number }[]
  /** Relative MIP gap to stop at (default 0.01). */
  mipGap?: number
  timeLimitSeconds?: number
  onPrem?: Scenario['onPrem']
}

export interface OptimizeResult {
  name: string
  status: string
  objective: number
  costUsdPerHour: number
  carbonKgPerHour: number
  mipGap: number | null
  solveMs: number
  fleet: (FleetPool & { usdPerAccelHour: number })[]
  allocation: { team: string; workloadClass: WorkloadClass; pool: string; accelerators: number; h100Equivalent: number }[]
  teams: { team: string; demand: number; served: number; share: number }[]
  unmet: number
  binding: { constraint: string; slack: number; shadowPrice: number | null; meaning: string }[]
  /** What one more unit of budget / carbon allowance buys, by re-solving. */
  sensitivity: { change: string; objectiveDelta: number; costDelta: number; carbonDelta: number; unmetDelta: number }[]
  greedy?: { costUsdPerHour: number; unmet: number }
  variables: number
  constraints: number
  notes: string[]
}

export interface ParetoPoint {
  costUsdPerHour: number
  carbonKgPerHour: number
  waitP95Hours: number | null
  unmet: number
  constraint: string
  fleet: FleetPool[]
  status: string
}

export interface ParetoResult {
  axis: 'carbon' | 'wait'
  points: ParetoPoint[]
  notes: string[]
}
