/** Domain types shared by every process. Plain data only: no behaviour, no Node or DOM types. */
import type { FleetTotals, PlanAuditEntry, PlanKind, PlanSnapshot, PlanState, Recommendations } from './plan-types'
import type { ForecastSpeed } from './forecast-types'
import { FOCUS_DIMENSIONS } from './focus-dimensions'
import type { SignedPlanPolicy } from './policy-types'

/** A workspace the person opened before, newest first. */
export interface RecentWorkspace {
  path: string
  openedAt: string
  /** False when the file was moved or deleted since. */
  exists: boolean
  isDemo: boolean
}

/** What the workspace menu shows: the open workspace, the recent ones, and the demo's state. */
export interface WorkspaceList {
  current: WorkspaceInfo
  recent: RecentWorkspace[]
  demo: { path: string; exists: boolean; removed: boolean }
  /** Where new workspaces go by default (the data folder). */
  dataDir: string
}

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
  ...FOCUS_DIMENSIONS,
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

/** A horizon total: the sum of the daily means, and of the daily bounds (errors on consecutive days move together). */
export interface ForecastTotal {
  /** First and last forecast day (inclusive) and how many days. */
  start: string
  end: string
  days: number
  mean: number
  lo80: number
  hi80: number
  lo95: number
  hi95: number
}

/**
 * The one cost forecast (Forecast page, baseline plans, Reconcile): the forecast engine's model selection
 * (`speed` preset) on the workspace's daily cost, with conformal 80 / 95 % bands and their measured coverage.
 */
export interface CostForecast {
  /** The chosen model as the engine describes it, e.g. "ets ETS(M,N,M)". */
  model: string
  /** Speed preset whose candidates the backtest chose from; null on short histories (plain seasonal naive). */
  speed: ForecastSpeed | null
  metric: CostMetric
  /** What the figure includes, in words. */
  includes: string
  seasonLength: number
  history: { date: string; value: number }[]
  forecast: ForecastPoint[]
  total: ForecastTotal | null
  /**
   * Mean absolute scaled error of the chosen model on its rolling-origin backtest (`backtest`), scaled by the
   * in-sample error of last week's same day; without a backtest (under three weeks of history), on the last
   * season held out and scaled by the day-to-day change. Null when too short for either.
   */
  backtestMase: number | null
  /** The rolling-origin backtest behind `backtestMase`, absent for short histories. */
  backtest?: { origins: number; horizon: number; seasonalNaiveMase: number | null }
  /** Measured coverage of each band on the backtest (leave one origin out), with the points it was measured on. */
  coverage: { level: number; coverage: number | null; n: number }[]
  note: string | null
}

export type PlanStatus = PlanState

/** The minimal scenario a plan carries until the scenario engine lands: the current spend, carried forward. */
export interface BaselineScenario {
  kind: 'baseline'
  /** Extra growth applied on top of the forecast, in percent per month. */
  growthPctPerMonth: number
  horizonDays: number
  basis: { start: string; end: string; days: number }
  costByProvider: { key: string; cost: number }[]
  costByService: { key: string; cost: number }[]
  /** BilledCost of the lines that name an accelerator, over the basis period. */
  acceleratorCost: number
  /** The forecast model the spend was carried forward with (absent in plans made before it was recorded). */
  forecastModel?: string
  /** The forecast engine's speed preset (null: plain seasonal naive on a short history). */
  forecastSpeed?: ForecastSpeed | null
  /** The forecast's measured band coverage on its backtest, with the points it was measured on. */
  forecastCoverage?: { level: number; coverage: number | null; n: number }[]
  /** The days the run rates are measured on (the last 30 days of data, or all of it when shorter). */
  runRateWindow?: { start: string; end: string; days: number }
}

export interface PlanTotals {
  currency: string
  /** BilledCost of every line (all services) in the basis period. */
  basisCost: number
  /** BilledCost of every line (all services) in the run-rate window (the last 30 days), per 30 days. */
  monthlyRunRate: number
  /** The forecast's total over the horizon, with the extra growth applied. */
  forecastCost: number
  forecastLo80: number
  forecastHi80: number
  /** Absent in plans made before the 95 % band was carried. */
  forecastLo95?: number
  forecastHi95?: number
  /** BilledCost of accelerator lines in the run-rate window, per 30 days. */
  acceleratorMonthlyRunRate?: number
  /** The forecast's first 30 days (growth applied): the monthly spend the forecast starts from. */
  forecastFirstMonth?: number
  /** The forecast's last 30 days before the horizon (growth applied): the monthly spend it ends at. */
  monthlyRunRateAtHorizon?: number
  /** What each figure includes, keyed by the field name: one sentence each. */
  definitions?: Record<string, string>
}

/** What plan-create would store for these settings (the Scenarios page's live figures). */
export interface PlanPreview {
  scenario: BaselineScenario
  totals: PlanTotals
}

export interface Plan {
  id: string
  name: string
  slug: string
  description: string
  kind: PlanKind
  /** draft → in-review → approved → exported → superseded, from the audit log. */
  status: PlanStatus
  createdAt: string
  /** The Kubernetes cluster the plan's manifests are for (`clusters/<cluster>/` in the export). */
  cluster: string
  /** The workspace's spend carried forward (null when the workspace has no billing data). */
  scenario: BaselineScenario | null
  totals: PlanTotals | null
  /** Fleet plans: the frozen decision, its figures and the recommendations as reviewed. */
  snapshot: PlanSnapshot | null
  fleet: FleetTotals | null
  /** Fleet plans: each frozen pool's price per month (730 h, on-prem energy included), in `snapshot.pools` order; derived, not signed. */
  poolMonthlyUsd: number[] | null
  recommendations: Recommendations | null
  /** Cost policies attached to the plan (frozen copies, signed with it; exported under clusters/<cluster>/policies/). */
  policies: SignedPlanPolicy[]
  /** sha256 of what an approval signs, for the content as it is now (equals approval.contentHash once approved). */
  contentHash: string
  approval: { by: string; at: string; comment: string; contentHash: string } | null
  exports: PlanExport[]
  audit: PlanAuditEntry[]
  copiedFrom: string | null
}

export interface PlanExport {
  repoPath: string
  branch: string
  commit: string
  at: string
}

export interface PlanExportResult extends PlanExport {
  /** Files written (added or changed) by the commit. */
  files: string[]
  /** Files the commit removed (generated by an earlier plan, no longer part of this one). */
  removed: string[]
  /** 'unchanged': the checkout already holds exactly this plan, so no commit and no branch were made. */
  status: 'exported' | 'already-exported' | 'unchanged'
  /** Earlier plans for the same cluster this export superseded. */
  superseded: string[]
}
