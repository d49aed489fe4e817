import type { CostForecast, ForecastPoint } from '../../shared/types'
import { forecastSeries } from './engine'
import { presetModels } from './presets'
import { seasonalNaiveForecast } from './seasonal-naive'

/** Below three weeks of daily history there is nothing to backtest on: seasonal naive, as it says. */
const MIN_DAYS = 21
const ORIGINS = 4

/**
 * The quick daily-cost forecast (Forecast page, a plan's baseline): the engine's `fast` preset — the
 * seasonal-naive family and the seasonal profile, chosen for this workspace by a rolling-origin backtest,
 * with conformal 80 / 95 % bands from the backtest errors. Closed forms only (milliseconds), so it answers
 * the request directly; forecast runs (jobs) offer the slower presets.
 */
export function dailyCostForecast(history: { date: string; value: number }[], horizon: number): CostForecast {
  if (history.length < MIN_DAYS) return seasonalNaiveForecast(history, horizon)
  const y = history.map((h) => h.value)
  const r = forecastSeries({ id: 'daily-cost', y, seasons: [7] }, { h: horizon, levels: [80, 95], origins: ORIGINS, models: presetModels('fast', 7) })
  const band = (level: number) => r.intervals.find((i) => i.level === level)
  const b80 = band(80)
  const b95 = band(95)
  const lastDay = Date.parse(`${history.at(-1)?.date}T00:00:00Z`)
  const forecast: ForecastPoint[] = r.mean.map((mean, k) => ({
    date: new Date(lastDay + (k + 1) * 86_400_000).toISOString().slice(0, 10),
    mean,
    lo80: b80?.lo[k] ?? mean,
    hi80: b80?.hi[k] ?? mean,
    lo95: b95?.lo[k] ?? mean,
    hi95: b95?.hi[k] ?? mean,
  }))
  const chosen = r.backtest.find((s) => s.model === r.model)
  return {
    model: r.detail,
    seasonLength: 7,
    history,
    forecast,
    backtestMase: chosen ? chosen.mase : null,
    backtest: { origins: r.origins, horizon: r.backtestHorizon, seasonalNaiveMase: r.backtest.find((s) => s.model === 'snaive')?.mase ?? null },
    note: r.note,
  }
}
