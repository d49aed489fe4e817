import { getCatalog } from '../../catalog/catalog'
import { pricedPools } from '../../catalog/pool-price'
import { problemFromScenario } from '../../optimize/problem-from-scenario'
import { getScenario, listScenarios } from '../../simulate/scenarios'
import type { HandlerTable } from '../handler-types'

export const optimizeHandlers: HandlerTable<'optimize-problem' | 'pool-prices'> = {
  'optimize-problem': ({ id, scenario, settings, currentId }, { ws }) => {
    const s = id ? getScenario(ws.db, id) : scenario!
    // The current fleet: the one asked for, else the newest baseline (the fleet read from billing), else none.
    const baselineId = currentId === undefined ? listScenarios(ws.db).find((x) => x.basis === 'baseline')?.id : currentId
    const current = baselineId ? getScenario(ws.db, baselineId) : null
    return problemFromScenario(s, settings, current)
  },
  'pool-prices': ({ utilisation, ...pricing }, { ws }) => pricedPools(getCatalog(ws.db), pricing, utilisation),
}
