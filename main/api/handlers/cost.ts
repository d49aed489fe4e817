import { workspaceCostForecast } from '../../forecast/workspace-cost-forecast'
import { queryCost } from '../../workspace/cost-queries'
import type { HandlerTable } from '../handler-types'

export const costHandlers: HandlerTable<'cost-query' | 'cost-forecast'> = {
  'cost-query': ({ by, metric, top }, { ws }) => queryCost(ws.db, by, metric, top),
  'cost-forecast': ({ horizonDays, metric }, { ws, pool }) => workspaceCostForecast(ws, pool, horizonDays, metric),
}
