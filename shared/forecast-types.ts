/** Forecast runs, backtests and anomalies: plain data shared by every process. */

/** What a forecast run can target. Cost targets read billing_line; GPU-hours targets read telemetry rollups. */
export const FORECAST_TARGETS = [
  'cost-total',
  'cost-provider',
  'cost-service',
  'cost-team',
  'gpu-hours-pool',
  'gpu-hours-team',
  'gpu-hours-model-type',
] as const
export type ForecastTarget = (typeof FORECAST_TARGETS)[number]

export const FORECAST_MODELS = ['snaive', 'naive2', 'swa', 'snaive-long', 'sprofile', 'ets', 'theta', 'dotm', 'arima', 'mstl', 'global', 'ensemble'] as const
export type ForecastModelName = (typeof FORECAST_MODELS)[number]

/**
 * Speed presets of the automatic model selection (same backtest, different candidate sets and fitting):
 * fast = seasonal-naive variants and a seasonal profile + level (seconds for hundreds of series); balanced = the strong models with
 * warm-started refits across rolling origins; best = every candidate, each searched afresh at every origin.
 */
export const FORECAST_SPEEDS = ['fast', 'balanced', 'best'] as const
export type ForecastSpeed = (typeof FORECAST_SPEEDS)[number]

export interface BacktestScoreRow {
  model: ForecastModelName
  /** Mean absolute scaled error over the rolling origins (scale: in-sample seasonal naive). */
  mase: number
  smape: number
}

export interface ForecastSeriesResult {
  key: string
  target: ForecastTarget
  /** What a person reads: "AWS", "team ml-research". */
  label: string
  unit: 'USD' | 'GPU-hours'
  /** ISO date of the first history point; one point per day. */
  start: string
  history: number[]
  model: ForecastModelName
  detail: string
  mean: number[]
  intervals: { level: number; lo: number[]; hi: number[] }[]
  backtest: BacktestScoreRow[]
  backtestHorizon: number
  origins: number
  /**
   * Empirical interval coverage on the backtests (leave-one-origin-out), per level; `n` = backtest points it
   * was measured on (absent in runs stored before it was recorded).
   */
  coverage: { level: number; coverage: number | null; n?: number }[]
  note: string | null
}

export type ForecastRunStatus = 'running' | 'done' | 'failed' | 'cancelled'

export interface ForecastRunSummary {
  id: number
  createdAt: string
  finishedAt: string | null
  status: ForecastRunStatus
  targets: ForecastTarget[]
  horizon: number
  levels: number[]
  metric: string
  /** Speed preset the run used ('best' for runs stored before presets existed). */
  speed: ForecastSpeed
  seriesCount: number
  durationMs: number | null
  /** Mean backtest MASE of the chosen models and of seasonal naive, over the run's series. */
  meanMase: number | null
  meanMaseSnaive: number | null
  error: string | null
}

export interface ForecastRun extends ForecastRunSummary {
  series: ForecastSeriesResult[]
}

export type AnomalySeverity = 'low' | 'medium' | 'high'
export type AnomalyKind = 'cost' | 'gpu-utilisation'

export interface AnomalyDriver {
  dimension: 'Team' | 'ServiceName' | 'SkuId' | 'AcceleratorType' | 'ProviderName'
  value: string
  actual: number
  expected: number
  /** actual − expected. */
  excess: number
  /** Share of the day's total excess (0..1; can exceed 1 when other groups fell). */
  share: number
}

export interface Anomaly {
  id: number
  kind: AnomalyKind
  seriesKey: string
  label: string
  /** ISO date (cost: the charge day) or ISO hour (utilisation). */
  at: string
  actual: number
  expected: number
  lo: number
  hi: number
  /** Dollars above the band's centre (cost) or percentage points lost (utilisation). */
  excess: number
  severity: AnomalySeverity
  explanation: string
  drivers: AnomalyDriver[]
  snapshotId: number | null
  detectedAt: string
}

export interface AnomalyLineItem {
  chargePeriodStart: string
  provider: string | null
  service: string | null
  sku: string | null
  team: string | null
  acceleratorType: string | null
  resource: string | null
  billedCost: number
}
