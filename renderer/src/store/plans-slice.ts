import type { StateCreator } from 'zustand'
import type { InputOf } from '../../../shared/contract'
import type { Plan, PlanExportResult } from '../../../shared/types'
import { call, toApiError } from '../api/client'
import type { AppState } from './index'
import { IDLE, LOADING, OP_IDLE, READY, failed, type LoadState, type OpState } from './types'

export interface PlansSlice {
  plans: Plan[]
  plansLoad: LoadState
  selectedPlanId: string | null
  /** Full plans (with approval and exports) by id, as plan-get answered. */
  planDetails: Partial<Record<string, Plan>>
  planDetailLoad: Partial<Record<string, LoadState>>
  planCreateOp: OpState
  planApproveOps: Partial<Record<string, OpState>>
  planExportOps: Partial<Record<string, OpState>>
  /** The last export result per plan, shown until the next attempt. */
  lastExports: Partial<Record<string, PlanExportResult>>
  loadPlans: () => Promise<void>
  loadPlan: (id: string) => Promise<void>
  refreshPlans: () => Promise<void>
  selectPlan: (id: string | null) => void
  /** Creates a draft plan and opens it on the Plans page; false when it failed (error in planCreateOp). */
  createPlan: (input: InputOf<'plan-create'>) => Promise<boolean>
  approvePlan: (id: string, by: string, comment: string) => Promise<void>
  exportPlan: (id: string, repoPath: string) => Promise<void>
}

let listSeq = 0
const detailSeqs = new Map<string, number>()

export const createPlansSlice: StateCreator<AppState, [], [], PlansSlice> = (set, get) => {
  const storePlan = (plan: Plan): void =>
    set((s) => ({
      planDetails: { ...s.planDetails, [plan.id]: plan },
      planDetailLoad: { ...s.planDetailLoad, [plan.id]: READY },
      plans: s.plans.some((p) => p.id === plan.id) ? s.plans.map((p) => (p.id === plan.id ? plan : p)) : [plan, ...s.plans],
    }))

  return {
    plans: [],
    plansLoad: IDLE,
    selectedPlanId: null,
    planDetails: {},
    planDetailLoad: {},
    planCreateOp: OP_IDLE,
    planApproveOps: {},
    planExportOps: {},
    lastExports: {},

    loadPlans: async () => {
      const seq = ++listSeq
      set((s) => ({ plansLoad: LOADING(s.plansLoad) }))
      try {
        const plans = await call('plan-list', {})
        if (seq === listSeq) set({ plans, plansLoad: READY })
      } catch (err) {
        if (seq === listSeq) set({ plansLoad: failed(toApiError(err)) })
      }
    },

    loadPlan: async (id) => {
      const seq = (detailSeqs.get(id) ?? 0) + 1
      detailSeqs.set(id, seq)
      set((s) => ({ planDetailLoad: { ...s.planDetailLoad, [id]: LOADING(s.planDetailLoad[id] ?? IDLE) } }))
      try {
        const plan = await call('plan-get', { id })
        if (detailSeqs.get(id) === seq) storePlan(plan)
      } catch (err) {
        if (detailSeqs.get(id) === seq) set((s) => ({ planDetailLoad: { ...s.planDetailLoad, [id]: failed(toApiError(err)) } }))
      }
    },

    refreshPlans: async () => {
      const { plansLoad, selectedPlanId, planDetails } = get()
      const jobs: Promise<void>[] = []
      if (plansLoad.status !== 'idle') jobs.push(get().loadPlans())
      if (selectedPlanId && planDetails[selectedPlanId]) jobs.push(get().loadPlan(selectedPlanId))
      await Promise.all(jobs)
    },

    selectPlan: (id) => set({ selectedPlanId: id }),

    createPlan: async (input) => {
      set({ planCreateOp: { pending: true, error: null } })
      try {
        const plan = await call('plan-create', input)
        storePlan(plan)
        set({ planCreateOp: OP_IDLE, selectedPlanId: plan.id, page: 'plans' })
        return true
      } catch (err) {
        set({ planCreateOp: { pending: false, error: toApiError(err) } })
        return false
      }
    },

    approvePlan: async (id, by, comment) => {
      const setOp = (op: OpState): void => set((s) => ({ planApproveOps: { ...s.planApproveOps, [id]: op } }))
      setOp({ pending: true, error: null })
      try {
        storePlan(await call('plan-approve', { id, by, comment }))
        setOp(OP_IDLE)
      } catch (err) {
        setOp({ pending: false, error: toApiError(err) })
      }
    },

    exportPlan: async (id, repoPath) => {
      const setOp = (op: OpState): void => set((s) => ({ planExportOps: { ...s.planExportOps, [id]: op } }))
      setOp({ pending: true, error: null })
      set((s) => {
        const rest = { ...s.lastExports }
        delete rest[id]
        return { lastExports: rest }
      })
      try {
        const result = await call('plan-export', { id, repoPath })
        set((s) => ({ lastExports: { ...s.lastExports, [id]: result } }))
        setOp(OP_IDLE)
        await get().loadPlan(id)
      } catch (err) {
        setOp({ pending: false, error: toApiError(err) })
      }
    },
  }
}
