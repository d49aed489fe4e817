import { exportPlan } from '../../gitops/plan-export'
import { previewBaselinePlan } from '../../plan/plan-preview'
import { approvePlan, createPlan, getPlan, listPlans, recordExport } from '../../plan/plans'
import type { HandlerTable } from '../handler-types'

export const planHandlers: HandlerTable<'plan-list' | 'plan-get' | 'plan-preview' | 'plan-create' | 'plan-approve' | 'plan-export'> = {
  'plan-list': (_input, { ws }) => listPlans(ws.db),
  'plan-get': ({ id }, { ws }) => getPlan(ws.db, id),
  'plan-preview': ({ growthPctPerMonth, horizonDays }, { ws }) => previewBaselinePlan(ws.db, growthPctPerMonth, horizonDays),
  'plan-create': (input, { ws, events, now }) => {
    const plan = createPlan(ws.db, input, now)
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
