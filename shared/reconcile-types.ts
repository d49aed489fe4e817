/**
 * Reconcile: the bill, the baseline fleet's simulation and the cost forecast side by side for the last full
 * month of data, with every difference between them named and priced.
 */

export type ReconcileReasonKey =
  | 'not-in-catalog'
  | 'price'
  | 'fixed-capacity'
  | 'work-volume'
  | 'pool-mix'
  | 'non-accelerator'
  | 'period-length'
  | 'recent-level'
  | 'forecast-movement'
  | 'forecast-error'

export interface ReconcileDifference {
  /** Which figure the step leads to, from the billed accelerator spend. */
  towards: 'simulated' | 'forecast' | 'next-month'
  key: ReconcileReasonKey
  /** One sentence, with the figures behind it. */
  reason: string
  /** Signed: positive when it raises the figure it leads to. */
  usd: number
}

export interface ReconcilePool {
  label: string
  count: number
  perUse: boolean
  usdPerAccelHour: number
  billedUsd: number
  billedAccelHours: number
  simulatedUsd: number
  simulatedBusyHours: number
}

export interface Reconciliation {
  /** The last full calendar month of data (start inclusive, end exclusive, ISO dates); the whole span when no month is complete. */
  period: { start: string; end: string; label: string; days: number; full: boolean }
  currency: string
  /** BilledCost of every line charged in the period (all services). */
  billedUsd: number
  /** BilledCost of the lines that name an accelerator. */
  billedAcceleratorUsd: number
  /** The baseline fleet simulated over the period with the period's billed demand (mean of the paths); null without a fleet. */
  simulatedUsd: number | null
  /** The cost forecast of the period made from the history before it; null when less than three weeks precede it. */
  forecastUsd: number | null
  forecast: { model: string | null; speed: string | null; lo80: number | null; hi80: number | null; lo95: number | null; hi95: number | null; note: string }
  /** The same forecast the plans use, for the 30 days after the data. */
  nextMonth: { start: string; end: string; days: number; forecastUsd: number; lo80: number; hi80: number; lo95: number; hi95: number; model: string } | null
  /** Steps from the billed accelerator spend to each other figure; each group sums exactly to its figure. */
  differences: ReconcileDifference[]
  simulation: {
    paths: number
    seed: number
    hours: number
    /** 95 % confidence interval of the simulated mean. */
    ci95: [number, number] | null
    unmetAccelHours: number
    pools: ReconcilePool[]
    note: string
  }
  tolerancePct: number
  /** |simulated − billed accelerator| ≤ tolerance × billed accelerator. */
  withinTolerance: boolean
  /** What is left once the named reasons are taken out, as a share of the billed accelerator spend. */
  unexplainedPct: number
  /** What each figure includes, one sentence each. */
  definitions: Record<'billedUsd' | 'billedAcceleratorUsd' | 'simulatedUsd' | 'forecastUsd' | 'nextMonth', string>
}
