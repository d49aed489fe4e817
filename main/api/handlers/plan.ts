import type { TableName } from '../../../shared/tables'
import { defaultApprover } from '../../gitops/identity'
import { diffPlan, exportPlan, renderInProcess } from '../../gitops/plan-export'
import { workspaceCostForecast } from '../../forecast/workspace-cost-forecast'
import { previewBaselinePlan } from '../../plan/plan-preview'
import { approvePlan, copyPlan, createPlan, editPlan, getPlan, listPlans, recordExport, submitPlan } from '../../plan/plans'
import type { HandlerTable } from '../handler-types'
import { changed } from '../tables-changed'
import { planPolicyManifests } from '../../policy/export'
import { refreshWorkloads } from '../workload-refresh'

const PLAN_TABLES: TableName[] = ['plan', 'plan_audit']

export const planHandlers: HandlerTable<
  'plan-list' | 'plan-get' | 'plan-preview' | 'plan-create' | 'plan-submit' | 'plan-edit' | 'plan-copy' | 'plan-approve' | 'plan-export' | 'plan-diff' | 'plan-manifests' | 'plan-identity'
> = {
  'plan-list': (_input, { ws }) => listPlans(ws.db),
  'plan-get': ({ id }, { ws }) => getPlan(ws.db, id),
  // Preview and plan carry the one cost forecast, computed off the main thread like the Forecast page's.
  'plan-preview': async ({ growthPctPerMonth, horizonDays }, ctx) =>
    previewBaselinePlan(ctx.ws.db, growthPctPerMonth, horizonDays, await workspaceCostForecast(ctx.ws, ctx.pool, horizonDays)),
  'plan-create': async (input, ctx) => {
    const { ws, events, now } = ctx
    // A baseline plan's spend forecast on the pool; a fleet plan's horizon comes from its scenario, and its
    // baseline figures (when the workspace has billing) are computed inline by the same function.
    const baseline = !input.scenarioId && !input.scenario
    const forecast = baseline ? await workspaceCostForecast(ctx.ws, ctx.pool, input.horizonDays ?? 30) : undefined
    const by = input.by ?? (await defaultApprover()).name
    const plan = createPlan(ws.db, { ...input, by, forecast }, now)
    events.emit({ type: 'tables-changed', tables: PLAN_TABLES })
    return plan
  },
  'plan-submit': (input, { ws, events, now }) => {
    return changed(events, ['plan_audit'], submitPlan(ws.db, input, now))
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
  'plan-export': async ({ id, repoPath, root }, { ws, pool, events, now }) => {
    const plan = getPlan(ws.db, id)
    if (plan.policies.length) await refreshWorkloads({ ws, pool, events })
    const result = await exportPlan(plan, repoPath, { root, now, extra: planPolicyManifests(ws.db, plan, now) })
    let superseded: string[] = []
    if (result.status === 'exported') {
      // The person exporting: the checkout's Git identity (else the global one, else the OS user).
      const by = (await defaultApprover(result.repoPath)).name
      superseded = recordExport(ws.db, id, { repoPath: result.repoPath, branch: result.branch, commit: result.commit, at: result.at }, by)
      events.emit({ type: 'tables-changed', tables: ['plan_audit'] })
    }
    return { ...result, superseded }
  },
  'plan-diff': async ({ id, repoPath, root }, { ws, now }) => {
    const plan = getPlan(ws.db, id)
    return diffPlan(plan, repoPath, root, planPolicyManifests(ws.db, plan, now))
  },
  'plan-manifests': async ({ id }, { ws, now }) => {
    const plan = getPlan(ws.db, id)
    const r = await renderInProcess(plan, null, planPolicyManifests(ws.db, plan, now))
    return { files: r.cluster, problems: r.problems }
  },
  'plan-identity': ({ repoPath }) => defaultApprover(repoPath),
}
