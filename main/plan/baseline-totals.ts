/**
 * The baseline plan's figures — one definition each, stated in the plan itself (`totals.definitions`):
 * the run rate, the projected spend and its bands, the accelerator share. plans.ts, the plan preview and the
 * CLI all take them from here, and the projected spend is the one cost forecast (main/forecast/daily-cost-forecast.ts),
 * the same numbers the Forecast page shows for the same horizon.
 */
import { ApiError } from '../../shared/errors'
import type { BaselineScenario, CostForecast, PlanTotals } from '../../shared/types'
import type { Db } from '../db/open'
import { dailyCostForecast } from '../forecast/daily-cost-forecast'
import { forecastHistory, queryCost } from '../workspace/cost-queries'

/** Run rates are measured on the last 30 days of data: a rate, not the average of a long history. */
export const RUN_RATE_DAYS = 30

const round = (x: number): number => Math.round(x * 100) / 100

export const PLAN_DEFINITIONS = (growthPct: number, horizonDays: number, fc: CostForecast): Record<string, string> => ({
  basisCost: 'BilledCost of every billing line — accelerators and every other service — from the first to the last day of data.',
  monthlyRunRate: `BilledCost of every billing line (all services) in the last ${RUN_RATE_DAYS} days of data (all of it when shorter), scaled to 30 days.`,
  acceleratorMonthlyRunRate: `BilledCost of the lines that name an accelerator (GPU, TPU, …) in the same ${RUN_RATE_DAYS} days, scaled to 30 days.`,
  forecastCost: `Sum over the next ${horizonDays} days of the daily cost forecast (${fc.model}${fc.speed ? `, chosen by backtest among the "${fc.speed}" candidates` : ''}) of ${fc.includes}${growthPct !== 0 ? `, with ${growthPct} %/month extra growth compounded daily on top` : ''}.`,
  forecastLo80: 'Lower end of the 80 % band: the daily lower bounds (never below zero) summed (errors of consecutive days assumed to move together, so the band is conservative).',
  forecastHi80: 'Upper end of the 80 % band, summed the same way.',
  forecastLo95: 'Lower end of the 95 % band, summed the same way.',
  forecastHi95: 'Upper end of the 95 % band, summed the same way.',
  forecastFirstMonth: 'The forecast for the first 30 days after the data: the monthly spend the forecast starts from (it starts from the recent level, not from the average of the history).',
  monthlyRunRateAtHorizon: 'The forecast for the last 30 days before the horizon (extra growth included): the monthly spend at the end of the plan.',
})

/** Sum of daily values from index `from` (inclusive) to `to` (exclusive), growth applied per day ahead. */
function grownSum(values: readonly number[], g: number, from: number, to: number): number {
  let s = 0
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) s += (values[i] as number) * Math.pow(1 + g, (i + 1) / 30)
  return s
}

/**
 * The baseline scenario: the spend seen in the workspace, carried forward by the one cost forecast (pass the
 * forecast computed on the worker pool; without it the same function runs inline and gives the same result).
 */
export function baselineScenario(
  db: Db,
  growthPctPerMonth: number,
  horizonDays: number,
  forecast?: CostForecast,
): { scenario: BaselineScenario; totals: PlanTotals } {
  const { history } = forecastHistory(db, 'BilledCost')
  if (history.length === 0) {
    throw new ApiError({ code: 'conflict', message: 'The workspace has no billing data yet: import a FOCUS file before creating a plan.' })
  }
  const fc = forecast && forecast.forecast.length === horizonDays ? forecast : dailyCostForecast(history, horizonDays)
  const byProvider = queryCost(db, ['ProviderName'], 'BilledCost')
  const byService = queryCost(db, ['ServiceName'], 'BilledCost', 10)
  const span = db
    .prepare(`SELECT MIN(substr("ChargePeriodStart", 1, 10)) AS s, MAX(substr("ChargePeriodStart", 1, 10)) AS e, COALESCE(SUM("BilledCost"), 0) AS total,
                     COALESCE(SUM(CASE WHEN accelerator_type IS NOT NULL THEN "BilledCost" END), 0) AS acc FROM billing_line`)
    .get() as { s: string; e: string; total: number; acc: number }
  const days = Math.round((Date.parse(`${span.e}T00:00:00Z`) - Date.parse(`${span.s}T00:00:00Z`)) / 86_400_000) + 1
  // The run-rate window: the last 30 calendar days of data.
  const windowDays = Math.min(RUN_RATE_DAYS, days)
  const windowStart = new Date(Date.parse(`${span.e}T00:00:00Z`) - (windowDays - 1) * 86_400_000).toISOString().slice(0, 10)
  const win = db
    .prepare(`SELECT COALESCE(SUM("BilledCost"), 0) AS total, COALESCE(SUM(CASE WHEN accelerator_type IS NOT NULL THEN "BilledCost" END), 0) AS acc
                FROM billing_line WHERE substr("ChargePeriodStart", 1, 10) >= ?`)
    .get(windowStart) as { total: number; acc: number }

  const g = growthPctPerMonth / 100
  const mean = fc.forecast.map((p) => p.mean)
  // Spend is never negative: a day's lower bound below zero (wide bands on a small, noisy bill) counts as zero.
  const col = (k: 'lo80' | 'hi80' | 'lo95' | 'hi95'): number => grownSum(fc.forecast.map((p) => Math.max(0, p[k])), g, 0, horizonDays)
  const sortDesc = (rows: typeof byProvider.rows, key: 'ProviderName' | 'ServiceName'): { key: string; cost: number }[] =>
    rows.map((r) => ({ key: r.keys[key] ?? '(none)', cost: round(r.cost) })).sort((a, b) => b.cost - a.cost)
  const scenario: BaselineScenario = {
    kind: 'baseline',
    growthPctPerMonth,
    horizonDays,
    basis: { start: span.s, end: span.e, days },
    costByProvider: sortDesc(byProvider.rows, 'ProviderName'),
    costByService: sortDesc(byService.rows, 'ServiceName'),
    acceleratorCost: round(span.acc),
    forecastModel: fc.model,
    forecastSpeed: fc.speed,
    forecastCoverage: fc.coverage,
    runRateWindow: { start: windowStart, end: span.e, days: windowDays },
  }
  const totals: PlanTotals = {
    currency: byProvider.currency ?? 'USD',
    basisCost: round(span.total),
    monthlyRunRate: round((win.total / windowDays) * 30),
    forecastCost: round(grownSum(mean, g, 0, horizonDays)),
    forecastLo80: round(col('lo80')),
    forecastHi80: round(col('hi80')),
    forecastLo95: round(col('lo95')),
    forecastHi95: round(col('hi95')),
    acceleratorMonthlyRunRate: round((win.acc / windowDays) * 30),
    forecastFirstMonth: round((grownSum(mean, g, 0, 30) / Math.min(30, horizonDays)) * 30),
    monthlyRunRateAtHorizon: round((grownSum(mean, g, horizonDays - 30, horizonDays) / Math.min(30, horizonDays)) * 30),
    definitions: PLAN_DEFINITIONS(growthPctPerMonth, horizonDays, fc),
  }
  return { scenario, totals }
}
