import { dailyCostForecastOnPool } from '../../forecast/daily-cost-forecast'
import { forecastHistory, queryCost } from '../../workspace/cost-queries'
import { billingVersion } from '../../workspace/cost-day'
import type { HandlerContext, HandlerTable } from '../handler-types'

/** The one cost forecast of the open workspace (Forecast page, plans, Reconcile), computed on the worker pool. */
export async function workspaceCostForecast(ctx: HandlerContext, horizonDays: number, metric: 'BilledCost' | 'EffectiveCost' | 'ListCost' = 'BilledCost') {
  const { history, partialDay } = forecastHistory(ctx.ws.db, metric)
  const fc = await dailyCostForecastOnPool(ctx.pool, history, horizonDays, { metric, version: `${ctx.ws.path}|${billingVersion(ctx.ws.db)}` })
  if (!partialDay) return fc
  const note = `${partialDay} is left out: the data covers only part of that day.`
  return { ...fc, note: fc.note ? `${fc.note}; ${note}` : note }
}

export const costHandlers: HandlerTable<'cost-query' | 'cost-forecast'> = {
  'cost-query': ({ by, metric, top }, { ws }) => queryCost(ws.db, by, metric, top),
  'cost-forecast': ({ horizonDays, metric }, ctx) => workspaceCostForecast(ctx, horizonDays, metric),
}
