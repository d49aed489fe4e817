import { exportPlan } from '../../gitops/plan-export'
import { previewBaselinePlan } from '../../plan/plan-preview'
import { approvePlan, createPlan, getPlan, listPlans, recordExport } from '../../plan/plans'
import type { HandlerTable } from '../handler-types'
import { workspaceCostForecast } from './cost'

export const planHandlers: HandlerTable<'plan-list' | 'plan-get' | 'plan-preview' | 'plan-create' | 'plan-approve' | 'plan-export'> = {
  'plan-list': (_input, { ws }) => listPlans(ws.db),
  'plan-get': ({ id }, { ws }) => getPlan(ws.db, id),
  // Preview and plan carry the one cost forecast, computed off the main thread like the Forecast page's.
  'plan-preview': async ({ growthPctPerMonth, horizonDays }, ctx) =>
    previewBaselinePlan(ctx.ws.db, growthPctPerMonth, horizonDays, await workspaceCostForecast(ctx, horizonDays)),
  'plan-create': async (input, ctx) => {
    const { ws, events, now } = ctx
    const forecast = await workspaceCostForecast(ctx, input.horizonDays)
    const plan = createPlan(ws.db, { ...input, forecast }, now)
    events.emit({ type: 'tables-changed', tables: ['plan', 'plan_event'] })
    return plan
  },
  'plan-approve': (input, { ws, events, now }) => {
    const plan = approvePlan(ws.db, input, now)
    events.emit({ type: 'tables-changed', tables: ['plan', 'plan_event'] })
    return plan
  },
  'plan-export': async ({ id, repoPath }, { ws, events, now }) => {
    const plan = getPlan(ws.db, id)
    const result = await exportPlan(plan, repoPath, now)
    if (result.status === 'exported') {
      recordExport(ws.db, id, { repoPath: result.repoPath, branch: result.branch, commit: result.commit, at: result.at })
      events.emit({ type: 'tables-changed', tables: ['plan_event'] })
    }
    return result
  },
}
