/**
 * Plans page additions: the approval rules, each plan's rule check (which rule passes or fails, and why),
 * its attached policies, its plan-vs-actual status, approval by rule and Re-plan.
 */
import type { StateCreator } from 'zustand'
import type { PlanPolicy } from '../../../shared/policy-types'
import type { ApprovalEvaluation, ApprovalRules, PlanStatus } from '../../../shared/policy-types'
import { call, toApiError } from '../api/client'
import type { AppState } from './index'
import { OP_IDLE, type OpState } from './types'

export interface AutonomySlice {
  approvalRules: ApprovalRules | null
  approvalRulesOp: OpState
  ruleChecks: Partial<Record<string, ApprovalEvaluation>>
  planPolicyLists: Partial<Record<string, PlanPolicy[]>>
  planStatuses: Partial<Record<string, PlanStatus>>
  autonomyOps: Partial<Record<string, OpState>>
  loadApprovalRules: () => Promise<void>
  saveApprovalRules: (rules: Omit<ApprovalRules, 'updatedAt' | 'updatedBy'>, by: string) => Promise<void>
  /** Rule check, policies and status of one plan. */
  loadPlanAutonomy: (planId: string) => Promise<void>
  refreshAutonomy: () => Promise<void>
  approveByRule: (planId: string) => Promise<void>
  attachPolicyToPlan: (planId: string, policyId: string) => Promise<void>
  detachPolicyFromPlan: (planId: string, name: string) => Promise<void>
  setDriftDays: (planId: string, days: number) => Promise<void>
  replan: (planId: string) => Promise<void>
}

export const createAutonomySlice: StateCreator<AppState, [], [], AutonomySlice> = (set, get) => {
  const setOp = (planId: string, op: OpState): void => set((s) => ({ autonomyOps: { ...s.autonomyOps, [planId]: op } }))
  const guarded = async (planId: string, fn: () => Promise<void>): Promise<void> => {
    setOp(planId, { pending: true, error: null })
    try {
      await fn()
      setOp(planId, OP_IDLE)
    } catch (err) {
      setOp(planId, { pending: false, error: toApiError(err) })
    }
  }
  return {
    approvalRules: null,
    approvalRulesOp: OP_IDLE,
    ruleChecks: {},
    planPolicyLists: {},
    planStatuses: {},
    autonomyOps: {},

    loadApprovalRules: async () => {
      try {
        set({ approvalRules: await call('approval-rules-get', {}) })
      } catch (err) {
        get().reportError('Could not read the approval rules', err)
      }
    },
    saveApprovalRules: async (rules, by) => {
      set({ approvalRulesOp: { pending: true, error: null } })
      try {
        set({ approvalRules: await call('approval-rules-set', { ...rules, by }), approvalRulesOp: OP_IDLE })
        await get().refreshAutonomy()
      } catch (err) {
        set({ approvalRulesOp: { pending: false, error: toApiError(err) } })
      }
    },
    loadPlanAutonomy: async (planId) => {
      try {
        const [check, policies, status] = await Promise.all([
          call('plan-rules-check', { id: planId }),
          call('plan-policies', { planId }),
          call('plan-status', { id: planId }),
        ])
        set((s) => ({
          ruleChecks: { ...s.ruleChecks, [planId]: check },
          planPolicyLists: { ...s.planPolicyLists, [planId]: policies },
          planStatuses: { ...s.planStatuses, [planId]: status },
        }))
      } catch (err) {
        setOp(planId, { pending: false, error: toApiError(err) })
      }
    },
    refreshAutonomy: async () => {
      const id = get().selectedPlanId
      if (id && get().ruleChecks[id]) await get().loadPlanAutonomy(id)
    },
    approveByRule: (planId) =>
      guarded(planId, async () => {
        const r = await call('plan-approve-by-rule', { id: planId })
        set((s) => ({ ruleChecks: { ...s.ruleChecks, [planId]: r.evaluation } }))
        await get().loadPlan(planId)
        await get().loadPlans()
      }),
    attachPolicyToPlan: (planId, policyId) =>
      guarded(planId, async () => {
        await call('plan-policy-attach', { planId, id: policyId })
        await get().loadPlanAutonomy(planId)
      }),
    detachPolicyFromPlan: (planId, name) =>
      guarded(planId, async () => {
        await call('plan-policy-detach', { planId, name })
        await get().loadPlanAutonomy(planId)
      }),
    setDriftDays: (planId, days) =>
      guarded(planId, async () => {
        await call('plan-drift-days-set', { consecutiveDays: days })
        await get().loadPlanAutonomy(planId)
      }),
    replan: (planId) =>
      guarded(planId, async () => {
        const plan = await call('plan-replan', { id: planId })
        await get().loadPlans()
        get().selectPlan(plan.id)
        get().notify('Re-planned', `“${plan.name}” is a new draft made from the current data.`)
      }),
  }
}
