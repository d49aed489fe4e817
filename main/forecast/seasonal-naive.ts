import type { CostForecast, ForecastPoint } from '../../shared/types'
import { forecastTotal } from './forecast-total'

const Z80 = 1.2815515655446004
const Z95 = 1.959963984540054

/**
 * Seasonal naive: tomorrow looks like the same weekday last week. Intervals are model-based
 * (Hyndman & Athanasopoulos, FPP3 §5.5): sigma from the in-sample seasonal differences, widened with
 * sqrt(k + 1) where k is the number of whole seasons ahead. Costs cannot go below zero, so bands are floored.
 */
export function seasonalNaiveForecast(
  history: { date: string; value: number }[],
  horizon: number,
  seasonLength = 7,
): CostForecast {
  const y = history.map((h) => h.value)
  const n = y.length
  const common = { speed: null, metric: 'BilledCost' as const, includes: 'BilledCost of every billing line, summed per charge day', coverage: [] }
  if (n === 0) return { ...common, model: 'none', seasonLength, history, forecast: [], total: null, backtestMase: null, note: 'No cost data yet: import a billing file first.' }
  const m = n >= 2 * seasonLength ? seasonLength : 1
  const residuals: number[] = []
  for (let t = m; t < n; t++) residuals.push((y[t] as number) - (y[t - m] as number))
  const sigma = residuals.length > 1 ? Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (residuals.length - 1)) : 0
  const lastDay = Date.parse(`${history[n - 1]?.date}T00:00:00Z`)
  const forecast: ForecastPoint[] = []
  for (let h = 1; h <= horizon; h++) {
    const base = y[n - m + ((h - 1) % m)] as number
    const k = Math.floor((h - 1) / m)
    const sd = sigma * Math.sqrt(k + 1)
    forecast.push({
      date: new Date(lastDay + h * 86_400_000).toISOString().slice(0, 10),
      mean: base,
      lo80: Math.max(0, base - Z80 * sd),
      hi80: base + Z80 * sd,
      lo95: Math.max(0, base - Z95 * sd),
      hi95: base + Z95 * sd,
    })
  }
  return {
    ...common,
    model: m === 1 ? 'naive' : `seasonal-naive (m=${m})`,
    seasonLength: m,
    history,
    forecast,
    total: forecastTotal(forecast),
    backtestMase: backtestMase(y, m),
    note:
      m === 1
        ? `Only ${n} days of history: fewer than two weeks, so the forecast repeats the last day.`
        : null,
  }
}

/**
 * Holds out the last season, forecasts it from what came before, and scales the error by the in-sample
 * one-step naive error (MASE with m = 1), so 1.0 means "as good as yesterday's value".
 */
function backtestMase(y: number[], m: number): number | null {
  const n = y.length
  const hold = Math.max(m, 1)
  if (n < hold + m + 2) return null
  const train = y.slice(0, n - hold)
  let scale = 0
  for (let t = 1; t < train.length; t++) scale += Math.abs((train[t] as number) - (train[t - 1] as number))
  scale /= train.length - 1
  if (scale === 0) return null
  let err = 0
  for (let h = 0; h < hold; h++) {
    const f = train[train.length - m + (h % m)] as number
    err += Math.abs((y[n - hold + h] as number) - f)
  }
  return err / hold / scale
}
