import { ApiError } from '../../../shared/errors'
import type { Scenario } from '../../../shared/scenario-types'
import { getCatalog, setOverride } from '../../catalog/catalog'
import { compileScenario } from '../../simulate/compile'
import { simulateOnPool } from '../../simulate/run-on-pool'
import { baselineFromBilling, deleteScenario, getScenario, listRuns, listScenarios, recordRun, saveScenario } from '../../simulate/scenarios'
import { getRun as getForecastRun, listRuns as listForecastRuns } from '../../forecast/run-store'
import { demandPathsFromForecast } from '../../simulate/forecast-demand'
import { recordOptimizeRun, recordParetoRun } from '../../optimize/runs'
import type { HandlerTable } from '../handler-types'
import { changed } from '../tables-changed'

export const scenarioHandlers: HandlerTable<
  | 'catalog-get'
  | 'catalog-override'
  | 'scenario-list'
  | 'scenario-get'
  | 'scenario-baseline'
  | 'scenario-save'
  | 'scenario-delete'
  | 'scenario-demand-from-forecast'
  | 'scenario-simulate'
  | 'scenario-runs'
  | 'scenario-compare'
  | 'optimize'
  | 'pareto'
> = {
  'catalog-get': (_input, { ws }) => getCatalog(ws.db),
  'catalog-override': (input, { ws, events, now }) => {
    return changed(events, ['catalog_override'], setOverride(ws.db, input, now))
  },
  'scenario-list': (_input, { ws }) => listScenarios(ws.db),
  'scenario-get': ({ id }, { ws }) => getScenario(ws.db, id),
  'scenario-baseline': ({ save, horizonHours, paths }, { ws, events, now }) => {
    const s = baselineFromBilling(ws.db, getCatalog(ws.db), { ...(horizonHours ? { horizonHours } : {}), ...(paths ? { paths } : {}) })
    if (!save) return s
    return changed(events, ['scenario'], saveScenario(ws.db, s, now))
  },
  'scenario-save': ({ scenario }, { ws, events, now }) => {
    // Fail early on unknown types / unpriced pools, before anything is stored.
    compileScenario(scenario, getCatalog(ws.db))
    return changed(events, ['scenario'], saveScenario(ws.db, scenario, now))
  },
  'scenario-demand-from-forecast': ({ id, runId, paths, seed }, { ws, events, now }) => {
    const scenario = getScenario(ws.db, id)
    const chosen = runId ?? listForecastRuns(ws.db, 50).find((r) => r.status === 'done' && r.targets.includes('gpu-hours-team'))?.id
    const run = chosen === undefined ? null : getForecastRun(ws.db, chosen)
    if (!run) {
      throw new ApiError({
        code: 'not-found',
        message: runId ? `No forecast run #${runId}.` : 'No finished forecast with the "GPU-hours per team" target yet: run one on the Forecast page first.',
      })
    }
    const { paths: demandPaths } = demandPathsFromForecast(run, scenario, { paths, seed })
    return changed(events, ['scenario'], saveScenario(ws.db, { ...scenario, demand: { ...scenario.demand, paths: demandPaths } }, now))
  },
  'scenario-delete': ({ id }, { ws, events }) => {
    const deleted = deleteScenario(ws.db, id)
    if (deleted) events.emit({ type: 'tables-changed', tables: ['scenario'] })
    return { deleted }
  },
  'scenario-simulate': async (input, ctx, job) => {
    const base = input.id ? getScenario(ctx.ws.db, input.id) : input.scenario
    if (!base) throw new ApiError({ code: 'invalid-input', message: 'give either id or scenario' })
    const s: Scenario = {
      ...base,
      simulation: { paths: input.paths ?? base.simulation.paths, seed: input.seed ?? base.simulation.seed },
    }
    const result = await simulateOnPool(ctx.pool, s, getCatalog(ctx.ws.db), job, input.workers)
    return changed(ctx.events, ['simulation_run'], recordRun(ctx.ws.db, s, result, ctx.now))
  },
  'scenario-runs': ({ scenarioId }, { ws }) => listRuns(ws.db, scenarioId),
  'scenario-compare': ({ ids }, { ws }) => ({
    scenarios: ids.map((id) => {
      const s = getScenario(ws.db, id)
      return { id, name: s.name, run: listRuns(ws.db, id)[0] ?? null }
    }),
  }),
  optimize: async ({ problem, greedy }, { ws, pool, events, now }, job) => {
    job.progress('Solving the procurement MILP', 0, 1)
    const solved = await pool.run('optimize', { problem, catalog: getCatalog(ws.db), greedy }, { signal: job.signal })
    const result = recordOptimizeRun(ws.db, problem, solved, now)
    events.emit({ type: 'tables-changed', tables: ['optimization_run'] })
    job.progress('Solved', 1, 1)
    return result
  },
  pareto: async ({ problem, axis, points }, { ws, pool, events, now }, job) => {
    const solved = await pool.run('pareto', { problem, catalog: getCatalog(ws.db), axis, points }, {
      signal: job.signal,
      onProgress: (p) => job.progress(p.step, p.current, p.total),
    })
    return changed(events, ['optimization_run'], recordParetoRun(ws.db, { problem, axis, points }, solved, now))
  },
}
