import type { TableName } from '../../../shared/tables'
import { defaultApprover } from '../../gitops/identity'
import { diffPlan, exportPlan, renderInProcess } from '../../gitops/plan-export'
import { previewBaselinePlan } from '../../plan/plan-preview'
import { approvePlan, copyPlan, createPlan, editPlan, getPlan, listPlans, recordExport, submitPlan } from '../../plan/plans'
import type { HandlerTable } from '../handler-types'

const PLAN_TABLES: TableName[] = ['plan', 'plan_audit']

export const planHandlers: HandlerTable<
  'plan-list' | 'plan-get' | 'plan-preview' | 'plan-create' | 'plan-submit' | 'plan-edit' | 'plan-copy' | 'plan-approve' | 'plan-export' | 'plan-diff' | 'plan-manifests' | 'plan-identity'
> = {
  'plan-list': (_input, { ws }) => listPlans(ws.db),
  'plan-get': ({ id }, { ws }) => getPlan(ws.db, id),
  'plan-preview': ({ growthPctPerMonth, horizonDays }, { ws }) => previewBaselinePlan(ws.db, growthPctPerMonth, horizonDays),
  'plan-create': (input, { ws, events, now }) => {
    const plan = createPlan(ws.db, input, now)
    events.emit({ type: 'tables-changed', tables: PLAN_TABLES })
    return plan
  },
  'plan-submit': (input, { ws, events, now }) => {
    const plan = submitPlan(ws.db, input, now)
    events.emit({ type: 'tables-changed', tables: ['plan_audit'] })
    return plan
  },
  'plan-edit': (input, { ws, events, now }) => {
    const plan = editPlan(ws.db, input, now)
    events.emit({ type: 'tables-changed', tables: PLAN_TABLES })
    return plan
  },
  'plan-copy': (input, { ws, events, now }) => {
    const plan = copyPlan(ws.db, input, now)
    events.emit({ type: 'tables-changed', tables: PLAN_TABLES })
    return plan
  },
  'plan-approve': (input, { ws, events, now }) => {
    const plan = approvePlan(ws.db, input, now)
    events.emit({ type: 'tables-changed', tables: PLAN_TABLES })
    return plan
  },
  'plan-export': async ({ id, repoPath, root }, { ws, events, now }) => {
    const plan = getPlan(ws.db, id)
    const result = await exportPlan(plan, repoPath, { root, now })
    let superseded: string[] = []
    if (result.status === 'exported') {
      superseded = recordExport(ws.db, id, { repoPath: result.repoPath, branch: result.branch, commit: result.commit, at: result.at })
      events.emit({ type: 'tables-changed', tables: ['plan_audit'] })
    }
    return { ...result, superseded }
  },
  'plan-diff': async ({ id, repoPath, root }, { ws }) => diffPlan(getPlan(ws.db, id), repoPath, root),
  'plan-manifests': async ({ id }, { ws }) => {
    const r = await renderInProcess(getPlan(ws.db, id), null)
    return { files: r.cluster, problems: r.problems }
  },
  'plan-identity': ({ repoPath }) => defaultApprover(repoPath),
}
