/** Backtests of the commitment decision (issue 14): plain data shared by the main process, the CLI and the renderer. */
import type { ForecastSpeed } from './forecast-types'
import type { PurchaseOption } from './scenario-types'

/** Options a commitment can use: paid every hour of the test period, used or not. */
export const COMMITTED_OPTIONS = ['reserved-1y', 'reserved-3y', 'capacity-block', 'on-prem'] as const
export type CommittedOption = (typeof COMMITTED_OPTIONS)[number]
/** Options paid by use that absorb demand above the commitments. */
export const ELASTIC_OPTIONS = ['on-demand', 'spot'] as const
export type ElasticOption = (typeof ELASTIC_OPTIONS)[number]

/** What `fleetplan backtest` allows when `--options` is not given (the list). */
export const DEFAULT_BACKTEST_OPTIONS: PurchaseOption[] = ['reserved-1y', 'reserved-3y', 'on-prem', 'on-demand', 'spot']

export const BASELINE_NAMES = ['all-on-demand', 'commit-train-mean', 'commit-train-peak', 'cloud-recommendation'] as const
export type BaselineName = (typeof BASELINE_NAMES)[number]

/** The prices one demand column is replayed against, per accelerator-hour, with where each figure came from. */
export interface TypePrices {
  /** The column of the demand history. */
  type: string
  /** Catalog accelerator id the column is priced as. */
  accelerator: string
  provider: string
  region: string
  committed: {
    option: CommittedOption
    /** Paid every hour of the period for each committed accelerator (on-prem: capex ÷ life + hosting + idle power). */
    fixedUsdPerHour: number
    /** Paid on top for each hour a committed accelerator is busy (on-prem: the extra power over idle). */
    busyUsdPerHour: number
    source: string
  }[]
  onDemand: { usdPerHour: number; source: string } | null
  /** `avail` = the share of a spot hour that does useful work (1 − monthly interruption rate, as the optimizer); `cap` = most spot accelerators at once. */
  spot: { usdPerHour: number; avail: number; cap: number; source: string } | null
}

/** Accelerators committed per option for the whole test period. */
export type Commitment = Partial<Record<CommittedOption, number>>

/** A commitment replayed hour by hour against the actual demand. */
export interface ReplayOutcome {
  commitment: Commitment
  costUsd: number
  committedUsd: number
  onDemandUsd: number
  spotUsd: number
  /** Demand above what the plan could serve (no on-demand allowed, spot cap reached), accelerator-hours. */
  unmetHours: number
  demandHours: number
  /** Busy committed accelerator-hours ÷ committed accelerator-hours (null without a commitment). */
  utilisation: number | null
}

export interface BacktestBaseline {
  name: BaselineName
  label: string
  costUsd: number
  unmetFraction: number
  /** Total accelerators committed over all types. */
  committed: number
  /** Busy committed accelerator-hours ÷ committed accelerator-hours over all types (null without a commitment). */
  utilisation: number | null
}

export interface BacktestTypeResult {
  type: string
  accelerator: string
  prices: TypePrices
  trainHours: number
  testHours: number
  demandHours: number
  forecast: { model: string; detail: string; mase: number | null; note: string | null }
  /** Newsvendor view of the plan: the cheapest commitment's price over the elastic price, and the forecast quantile it implies. */
  fractile: { option: CommittedOption; ratio: number; level: number } | null
  plan: ReplayOutcome
  hindsight: ReplayOutcome
  baselines: (ReplayOutcome & { name: BaselineName })[]
  regret: number | null
  coverage80: number | null
  coverage95: number | null
  /** Hourly series of the test period for the chart. */
  chart: {
    demand: number[]
    mean: number[]
    lo95: number[]
    hi95: number[]
    /** The plan's unmet accelerators per hour (all zero when on-demand can always absorb the rest). */
    unmet: number[]
    /** Accelerators committed over the test period: the plan's and the hindsight-optimal. */
    planCommitted: number
    hindsightCommitted: number
  }
}

export interface BacktestResult {
  source: string
  /** Epoch ms of the first test hour (null when the history has hour indices, not dates). */
  testStart: number | null
  /** Epoch ms of the first history hour (null without dates). */
  historyStart: number | null
  split: number
  trainHours: number
  testHours: number
  speed: ForecastSpeed
  options: PurchaseOption[]
  planCostUsd: number
  hindsightCostUsd: number
  regret: number
  unmetFraction: number
  /** Unmet share of the hindsight-optimal commitment (0 whenever on-demand is allowed). */
  hindsightUnmetFraction: number
  /** The plan's committed capacity in use: busy committed accelerator-hours ÷ committed accelerator-hours, all types (null without a commitment). */
  utilisation: number | null
  hindsightUtilisation: number | null
  coverage80: number | null
  coverage95: number | null
  demandHours: number
  baselines: BacktestBaseline[]
  types: BacktestTypeResult[]
  notes: string[]
  elapsedMs: number
}

/** What the workspace's own history holds for a backtest (the panel shows it before a run). */
export interface BacktestHistoryInfo {
  source: 'telemetry' | 'billing' | null
  /** Epoch ms of the first hour. */
  start: number | null
  hours: number
  types: { type: string; accelerator: string | null; demandHours: number; seenAt: { provider: string; region: string } | null }[]
}
