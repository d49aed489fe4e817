/**
 * Domain types of the catalog, scenarios, simulation and optimizer. Plain data only. What a user gives
 * (scenarios, problems, overrides) is derived from its schema (scenario-schemas.ts), never written twice.
 */
import type { z } from 'zod'
import {
  OVERRIDE_KINDS,
  PURCHASE_OPTIONS,
  QUEUE_POLICIES,
  WORKLOAD_CLASSES,
  type demandModelSchema,
  type demandPathsSchema,
  type demandStreamSchema,
  type fleetPoolSchema,
  type currentFleetSchema,
  type fleetEvaluationSchema,
  type optimizeDemandSchema,
  type optimizeSettingsSchema,
  type overrideSchema,
  type problemSchema,
  type scenarioPolicySchema,
  type scenarioSchema,
} from './scenario-schemas'

export { OVERRIDE_KINDS, PURCHASE_OPTIONS, QUEUE_POLICIES, WORKLOAD_CLASSES }
export type WorkloadClass = (typeof WORKLOAD_CLASSES)[number]
export type PurchaseOption = (typeof PURCHASE_OPTIONS)[number]
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

export type OverrideKind = (typeof OVERRIDE_KINDS)[number]

/** A user's figure as `catalog-override` receives it (value null removes it). */
export type CatalogOverrideInput = z.output<typeof overrideSchema>

/** A stored override: the user's figure and when it was set (keys: see overrideSchema). */
export type CatalogOverride = Omit<CatalogOverrideInput, 'value'> & { value: number; updatedAt: string }

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

// ---- scenarios (derived from their schemas) ----

export type FleetPool = z.output<typeof fleetPoolSchema>
export type DemandStream = z.output<typeof demandStreamSchema>
export type DemandPaths = z.output<typeof demandPathsSchema>
export type DemandModel = z.output<typeof demandModelSchema>
export type ScenarioPolicy = z.output<typeof scenarioPolicySchema>
export type Scenario = z.output<typeof scenarioSchema>

export interface ScenarioSummary {
  id: string
  name: string
  basis: string
  accelerators: number
  pools: number
  updatedAt: string
  lastRun: { id: string; at: string; costUsd: number; waitP95Hours: number } | null
}

// ---- the one price of a pool (main/catalog/pool-price.ts) ----

/** A scenario's (or optimizer problem's) own price inputs. */
export interface PoolPricing {
  priceOverrides?: Record<string, number> | undefined
  priceMultiplier?: number | undefined
  onPrem?: Scenario['onPrem'] | undefined
}

export interface PoolRef {
  accelerator: string
  provider: string
  region: string
  option: PurchaseOption
}

export interface PoolPrice extends PoolRef {
  key: string
  utilisation: number
  /** USD per accelerator-hour whether busy or idle (× multiplier). */
  fixedUsdPerHour: number
  /** On-prem energy at this utilisation, USD per accelerator-hour (× multiplier); 0 for cloud. */
  energyUsdPerHour: number
  /** fixed + energy: the figure every screen shows and the optimizer minimises. */
  usdPerHour: number
  kgCo2ePerHour: number
  /** Engine inputs, so the simulation charges energy by the busy hours it simulates. */
  idleKw: number
  busyExtraKw: number
  pue: number
  gridKgPerKwh: number
  /** × multiplier; 0 for cloud pools. */
  electricityUsdPerKwh: number
  interruptionPerMonth: number | null
  /** Where the fixed part comes from. */
  source: 'scenario' | 'yours' | 'catalog'
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

export type OptimizeDemand = z.output<typeof optimizeDemandSchema>
export type OptimizeProblem = z.output<typeof problemSchema>
/** A scenario's demand and queueing policy, to simulate candidate fleets against. */
export type FleetEvaluation = z.output<typeof fleetEvaluationSchema>
/** A fleet the optimizer's answer is compared with. */
export type CurrentFleet = z.output<typeof currentFleetSchema>
/** How the optimizer sizes a fleet for a scenario's demand (optimize-problem). */
export type OptimizeSettings = z.output<typeof optimizeSettingsSchema>

/** One fleet in the optimizer's comparison: priced at the target utilisation, and briefly simulated. */
export interface FleetAssessment {
  name: string
  accelerators: number
  usdPerHour: number
  monthlyUsd: number
  horizonUsd: number
  carbonKgPerHour: number
  carbonTonnesPerMonth: number
  /** From the short simulation at the demand sized for; null for an empty fleet. */
  waitP95Hours: number | null
  unmetFraction: number | null
  /** Jain's index over teams' served shares. */
  jain: number | null
  utilisation: number | null
}

/** The optimizer's answer as a decision: its cost per month and over the horizon, and the change against the current fleet. */
export interface OptimizeDecision {
  horizonHours: number
  /** Hours in the month the monthly figures use (730: a year ÷ 12). */
  hoursPerMonth: number
  targetUtilisation: number
  /** One sentence: how both fleets were priced and simulated. */
  basis: string
  proposed: FleetAssessment
  current: FleetAssessment | null
  /** proposed − current. */
  delta: {
    usdPerHour: number
    monthlyUsd: number
    horizonUsd: number
    costPct: number | null
    carbonTonnesPerMonth: number
    waitP95Hours: number | null
    unmetFraction: number | null
    jain: number | null
  } | null
  /** The same in plain words: a headline, what it is compared with, then one sentence per figure. */
  summary: { headline: string; against: string; points: string[] }
}

export interface OptimizeResult {
  /** The stored optimization run (set once recorded). */
  runId?: string
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
  /** Constraints that shape the answer; `sentence` says what each means for the fleet, in plain words. */
  binding: { constraint: string; slack: number; shadowPrice: number | null; meaning: string; sentence: string }[]
  /** What one more unit of budget / carbon allowance buys, by re-solving. */
  sensitivity: { change: string; objectiveDelta: number; costDelta: number; carbonDelta: number; unmetDelta: number }[]
  /** The greedy heuristic's answer (cheapest accelerator per unit of work, one demand at a time) and the comparison in words. */
  greedy?: { costUsdPerHour: number; unmet: number; sentence: string }
  /** How good the answer is proven to be, in plain words (from the MIP gap). */
  proof: string
  decision?: OptimizeDecision
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
  /** The stored optimization run (set once recorded). */
  runId?: string
  axis: 'carbon' | 'wait'
  points: ParetoPoint[]
  notes: string[]
}
