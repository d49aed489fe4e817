/** Domain types shared by every process. Plain data only: no behaviour, no Node or DOM types. */

export interface WorkspaceInfo {
  path: string
  name: string
  isDemo: boolean
  schemaVersion: number
  snapshotCount: number
  billingRows: number
  /** First and last ChargePeriodStart day (YYYY-MM-DD, both inclusive) of all billing rows, null when empty. */
  period: { start: string; end: string } | null
  totalBilledCost: number
  currency: string | null
}

export type SnapshotKind = 'billing' | 'telemetry'

export interface Snapshot {
  id: number
  kind: SnapshotKind
  format: string
  fileName: string
  contentHash: string
  rows: number
  /** Earliest ChargePeriodStart (inclusive), ISO 8601 UTC. */
  periodStart: string | null
  /** Latest ChargePeriodEnd — exclusive, as in FOCUS (a September bill ends 2024-10-01T00:00:00Z). */
  periodEnd: string | null
  totalBilledCost: number
  importedAt: string
  warnings: string[]
}

export interface ImportOutcome {
  fileName: string
  status: 'imported' | 'duplicate'
  snapshot: Snapshot
}

/** FOCUS dimensions a cost query may group by; `ChargeDay`/`ChargeMonth` bucket ChargePeriodStart. */
export const COST_DIMENSIONS = [
  'ProviderName',
  'ServiceName',
  'ServiceCategory',
  'RegionId',
  'SubAccountName',
  'ChargeCategory',
  'PricingCategory',
  'SkuId',
  'ChargeDay',
  'ChargeMonth',
  'Team',
  'Project',
  'ModelType',
  'AcceleratorType',
] as const
export type CostDimension = (typeof COST_DIMENSIONS)[number]

export const COST_METRICS = ['BilledCost', 'EffectiveCost', 'ListCost'] as const
export type CostMetric = (typeof COST_METRICS)[number]

export interface CostRow {
  keys: Partial<Record<CostDimension, string | null>>
  cost: number
  rows: number
}

export interface CostQueryResult {
  by: CostDimension[]
  metric: CostMetric
  rows: CostRow[]
  total: number
  currency: string | null
}

export interface ForecastPoint {
  date: string
  mean: number
  lo80: number
  hi80: number
  lo95: number
  hi95: number
}

export interface CostForecast {
  model: string
  seasonLength: number
  history: { date: string; value: number }[]
  forecast: ForecastPoint[]
  /**
   * Mean absolute scaled error of the chosen model on its rolling-origin backtest (`backtest`), scaled by the
   * in-sample error of last week's same day; without a backtest (under three weeks of history), on the last
   * season held out and scaled by the day-to-day change. Null when too short for either.
   */
  backtestMase: number | null
  /** The rolling-origin backtest behind `backtestMase`, absent for short histories. */
  backtest?: { origins: number; horizon: number; seasonalNaiveMase: number | null }
  note: string | null
}

export type PlanStatus = 'draft' | 'approved'

/** The minimal scenario a plan carries until the scenario engine lands: the current spend, carried forward. */
export interface BaselineScenario {
  kind: 'baseline'
  /** Growth applied to the forecast, in percent per month. */
  growthPctPerMonth: number
  horizonDays: number
  basis: { start: string; end: string; days: number }
  costByProvider: { key: string; cost: number }[]
  costByService: { key: string; cost: number }[]
  acceleratorCost: number
  /** The forecast model the spend was carried forward with (absent in plans made before it was recorded). */
  forecastModel?: string
}

export interface PlanTotals {
  currency: string
  /** Spend in the basis period. */
  basisCost: number
  /** Basis spend scaled to 30 days. */
  monthlyRunRate: number
  forecastCost: number
  forecastLo80: number
  forecastHi80: number
}

/** What plan-create would store for these settings (the Scenarios page's live figures). */
export interface PlanPreview {
  scenario: BaselineScenario
  totals: PlanTotals
  /** The monthly run rate after the horizon: growth compounded per day at the monthly rate. */
  runRateAtHorizon: number
}

export interface Plan {
  id: string
  name: string
  slug: string
  description: string
  status: PlanStatus
  createdAt: string
  scenario: BaselineScenario
  totals: PlanTotals
  approval: { by: string; at: string; comment: string; contentHash: string } | null
  exports: PlanExport[]
}

export interface PlanExport {
  repoPath: string
  branch: string
  commit: string
  at: string
}

export interface PlanExportResult extends PlanExport {
  files: string[]
  status: 'exported' | 'already-exported'
}
