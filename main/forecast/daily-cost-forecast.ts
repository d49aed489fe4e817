import type { ForecastSpeed } from '../../shared/forecast-types'
import type { CostForecast, CostMetric, ForecastPoint } from '../../shared/types'
import type { JobPool } from '../jobs/job-table'
import type { forecastJobs } from './worker-jobs'
import { forecastTotal } from './forecast-total'
import { forecastSeries, type EngineOptions, type SeriesForecast, type SeriesInput } from './engine'
import { runForecasts } from './orchestrate'
import { DAILY_SEASONS, DEFAULT_SPEED, SPEED_PRESETS, presetModels } from './presets'
import { seasonalNaiveForecast } from './seasonal-naive'

/** Below three weeks of daily history there is nothing to backtest on: seasonal naive, as it says. */
const MIN_DAYS = 21
const ORIGINS = 4
const LEVELS = [50, 80, 95]
/** The one cost forecast uses the engine's default preset, like a forecast run started with defaults. */
export const COST_FORECAST_SPEED: ForecastSpeed = DEFAULT_SPEED

export const COST_INCLUDES: Record<CostMetric, string> = {
  BilledCost: 'BilledCost (what the invoices charge) of every billing line — accelerators and every other service — summed per charge day',
  EffectiveCost: 'EffectiveCost (amortised: commitment purchases spread over the usage they cover) of every billing line, summed per charge day',
  ListCost: 'ListCost (public prices before discounts) of every billing line, summed per charge day',
}

type History = { date: string; value: number }[]

/** The engine call behind the cost forecast: the same series and options in the worker pool and inline. */
function engineCall(history: History, horizon: number): { series: SeriesInput; opts: EngineOptions } {
  return {
    series: { id: 'cost-total', y: history.map((h) => h.value), seasons: DAILY_SEASONS },
    opts: {
      h: horizon,
      levels: LEVELS,
      origins: ORIGINS,
      models: presetModels(COST_FORECAST_SPEED, DAILY_SEASONS[0] as number),
      warmStart: SPEED_PRESETS[COST_FORECAST_SPEED].warmStart,
    },
  }
}

function fromEngine(history: History, r: SeriesForecast, metric: CostMetric): CostForecast {
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
    speed: COST_FORECAST_SPEED,
    metric,
    includes: COST_INCLUDES[metric],
    seasonLength: DAILY_SEASONS[0] as number,
    history,
    forecast,
    total: forecastTotal(forecast),
    backtestMase: chosen ? chosen.mase : null,
    backtest: { origins: r.origins, horizon: r.backtestHorizon, seasonalNaiveMase: r.backtest.find((s) => s.model === 'snaive')?.mase ?? null },
    coverage: r.coverage.filter((c) => c.level !== 50).map((c) => ({ level: c.level, coverage: c.coverage, n: c.n })),
    note: r.note,
  }
}

function shortHistory(history: History, horizon: number, metric: CostMetric): CostForecast {
  return { ...seasonalNaiveForecast(history, horizon), metric, includes: COST_INCLUDES[metric] }
}

/**
 * The one cost forecast, computed inline: the forecast engine's model selection with the default speed preset
 * on the daily cost, 4 rolling origins, conformal 50 / 80 / 95 % bands. Gives what the worker pool gives once
 * MSTL's wasm is loaded in this thread (`loadMstl()`, which the backend does at start).
 */
export function dailyCostForecast(history: History, horizon: number, metric: CostMetric = 'BilledCost'): CostForecast {
  if (history.length < MIN_DAYS) return shortHistory(history, horizon, metric)
  const { series, opts } = engineCall(history, horizon)
  return fromEngine(history, forecastSeries(series, opts), metric)
}

const cache = new Map<string, CostForecast>()
const CACHE_SIZE = 16

/**
 * The same forecast on the worker pool (the models' fits take up to a second or two: never on the main
 * thread), remembered per data version so the Forecast page, the plan form and Reconcile share one result.
 */
export async function dailyCostForecastOnPool(
  pool: JobPool<typeof forecastJobs>,
  history: History,
  horizon: number,
  opts: { metric?: CostMetric; version?: string; signal?: AbortSignal } = {},
): Promise<CostForecast> {
  const metric = opts.metric ?? 'BilledCost'
  if (history.length < MIN_DAYS) return shortHistory(history, horizon, metric)
  const key = opts.version ? `${opts.version}|${metric}|${horizon}` : null
  const hit = key ? cache.get(key) : undefined
  if (hit) return hit
  const { series, opts: o } = engineCall(history, horizon)
  const { results } = await runForecasts(pool, [series], { h: o.h, levels: o.levels, origins: o.origins, speed: COST_FORECAST_SPEED, signal: opts.signal })
  const fc = fromEngine(history, results[0] as SeriesForecast, metric)
  if (key) {
    cache.set(key, fc)
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  }
  return fc
}
