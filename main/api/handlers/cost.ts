import { seasonalNaiveForecast } from '../../forecast/seasonal-naive'
import { dailyCost, queryCost } from '../../workspace/cost-queries'
import type { HandlerTable } from '../handler-types'

export const costHandlers: HandlerTable<'cost-query' | 'cost-forecast'> = {
  'cost-query': ({ by, metric, top }, { ws }) => queryCost(ws.db, by, metric, top),
  'cost-forecast': ({ horizonDays, metric }, { ws }) => seasonalNaiveForecast(dailyCost(ws.db, metric), horizonDays),
}
