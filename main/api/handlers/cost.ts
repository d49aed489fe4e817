import { dailyCostForecast } from '../../forecast/daily-cost-forecast'
import { dailyCost, queryCost } from '../../workspace/cost-queries'
import type { HandlerTable } from '../handler-types'

export const costHandlers: HandlerTable<'cost-query' | 'cost-forecast'> = {
  'cost-query': ({ by, metric, top }, { ws }) => queryCost(ws.db, by, metric, top),
  'cost-forecast': ({ horizonDays, metric }, { ws }) => dailyCostForecast(dailyCost(ws.db, metric), horizonDays),
}
