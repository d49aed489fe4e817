/** Contract methods: forecast runs. */
import { z } from 'zod'
import { FORECAST_MODELS, FORECAST_SPEEDS, FORECAST_TARGETS, type ForecastRun, type ForecastRunSummary } from '../forecast-types'
import { COST_METRICS } from '../types'
import { call, job, result } from './spec'

export const forecastMethods = {
  'forecast-run': job(
    'Forecast daily cost / GPU-hours per target group: every model backtested on rolling origins, the best by MASE kept, with 50/80/95 % intervals; stored as a run.',
    z
      .object({
        targets: z.array(z.enum(FORECAST_TARGETS)).min(1).max(FORECAST_TARGETS.length),
        /** Days ahead: up to 18 months. */
        horizon: z.number().int().min(1).max(548).default(30),
        levels: z.array(z.number().int().min(1).max(99)).min(1).max(5).default([50, 80, 95]),
        metric: z.enum(COST_METRICS).default('BilledCost'),
        origins: z.number().int().min(1).max(6).default(4),
        /** Candidate models (default: all; the ensemble is always formed from the best). */
        models: z.array(z.enum(FORECAST_MODELS).exclude(['ensemble'])).min(1).optional(),
        /** Speed preset: fast (seasonal naive variants + seasonal profile), balanced (ARIMA, MSTL, global net added), best (everything, fresh fits). */
        speed: z.enum(FORECAST_SPEEDS).default('balanced'),
      })
      .strict(),
    result<ForecastRun>(),
  ),
  'forecast-run-list': call(
    'Forecast runs, newest first.',
    z.object({ limit: z.number().int().min(1).max(500).default(20) }).strict(),
    result<ForecastRunSummary[]>(),
  ),
  'forecast-run-get': call(
    'One forecast run with every series: history, forecast, intervals, backtest scores and coverage.',
    z.object({ id: z.number().int().positive() }).strict(),
    result<ForecastRun>(),
  ),
} as const
