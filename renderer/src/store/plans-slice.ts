import type { StateCreator } from 'zustand'
import type { InputOf, ResultOf } from '../../../shared/contract'
import type { EditTarget, PlanDiff } from '../../../shared/plan-types'
import type { Plan, PlanExportResult } from '../../../shared/types'
import { call, toApiError } from '../api/client'
import type { AppState } from './index'
import { IDLE, LOADING, OP_IDLE, READY, failed, type LoadState, type OpState } from './types'

export type Identity = ResultOf<'plan-identity'>

/** The Git checkout plans are reviewed against and exported to (remembered across sessions on this machine). */
export interface CheckoutTarget {
  repoPath: string
  /** Folder inside the checkout ('fleetplan' by default). */
  root: string
}

const CHECKOUT_KEY = 'fleetplan.checkout'
function loadCheckout(): CheckoutTarget {
  try {
    const v = JSON.parse(localStorage.getItem(CHECKOUT_KEY) ?? '{}') as Partial<CheckoutTarget>
    return { repoPath: typeof v.repoPath === 'string' ? v.repoPath : '', root: typeof v.root === 'string' ? v.root : 'fleetplan' }
  } catch {
    return { repoPath: '', root: 'fleetplan' }
  }
}

export interface PlanDiffEntry {
  /** The checkout and plan content the diff was computed for: a later edit or another checkout makes it stale. */
  target: CheckoutTarget
  contentHash: string
  diff: PlanDiff | null
  load: LoadState
}

export interface PlansSlice {
  plans: Plan[]
  plansLoad: LoadState
  selectedPlanId: string | null
  /** Full plans (with approval and exports) by id, as plan-get answered. */
  planDetails: Partial<Record<string, Plan>>
  planDetailLoad: Partial<Record<string, LoadState>>
  planCreateOp: OpState
  /** Scenario to preselect in the Plans page's create form (set by "Create plan" on the Scenarios page). */
  planCreateFor: string | null
  planApproveOps: Partial<Record<string, OpState>>
  planExportOps: Partial<Record<string, OpState>>
  /** Submit, edit and copy of one plan share one op: one thing at a time per plan. */
  planActionOps: Partial<Record<string, OpState>>
  planDiffs: Partial<Record<string, PlanDiffEntry>>
  /** The last export result per plan, shown until the next attempt. */
  lastExports: Partial<Record<string, PlanExportResult>>
  checkout: CheckoutTarget
  identity: Identity | null
  /** The name reviews and approvals are recorded under (defaults to the Git identity). */
  reviewer: string
  loadPlans: () => Promise<void>
  loadPlan: (id: string) => Promise<void>
  refreshPlans: () => Promise<void>
  selectPlan: (id: string | null) => void
  /** Creates a draft plan and opens it on the Plans page; false when it failed (error in planCreateOp). */
  createPlan: (input: InputOf<'plan-create'>) => Promise<boolean>
  openPlanCreate: (scenarioId: string | null) => void
  submitPlan: (id: string) => Promise<void>
  editPlan: (id: string, target: EditTarget, value: number | string | null) => Promise<boolean>
  copyPlan: (id: string) => Promise<void>
  approvePlan: (id: string, by: string, comment: string, contentHash?: string) => Promise<boolean>
  exportPlan: (id: string) => Promise<void>
  setCheckout: (c: Partial<CheckoutTarget>) => void
  loadDiff: (id: string) => Promise<void>
  loadIdentity: () => Promise<void>
  setReviewer: (name: string) => void
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
  const setOp = (key: 'planActionOps' | 'planApproveOps' | 'planExportOps', id: string, op: OpState): void =>
    set((s) => ({ [key]: { ...s[key], [id]: op } }))
  /** Runs one action on a plan with its pending state and error kept per plan; true when it succeeded. */
  const withOp = async (key: 'planActionOps' | 'planApproveOps' | 'planExportOps', id: string, work: () => Promise<void>): Promise<boolean> => {
    setOp(key, id, { pending: true, error: null })
    try {
      await work()
      setOp(key, id, OP_IDLE)
      return true
    } catch (err) {
      setOp(key, id, { pending: false, error: toApiError(err) })
      return false
    }
  }
  /** Who an action is recorded under: the name in the approver field, else the Git identity (loaded if needed). */
  const by = async (): Promise<string> => {
    if (!get().reviewer.trim() && !get().identity) await get().loadIdentity()
    return get().reviewer.trim() || get().identity?.name || 'unknown'
  }

  return {
    plans: [],
    plansLoad: IDLE,
    selectedPlanId: null,
    planDetails: {},
    planDetailLoad: {},
    planCreateOp: OP_IDLE,
    planCreateFor: null,
    planApproveOps: {},
    planExportOps: {},
    planActionOps: {},
    planDiffs: {},
    lastExports: {},
    checkout: loadCheckout(),
    identity: null,
    reviewer: '',

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
        set({ planCreateOp: OP_IDLE, selectedPlanId: plan.id, page: 'plans', planCreateFor: null })
        return true
      } catch (err) {
        set({ planCreateOp: { pending: false, error: toApiError(err) } })
        return false
      }
    },

    openPlanCreate: (scenarioId) => set({ planCreateFor: scenarioId ?? 'baseline', page: 'plans', planCreateOp: OP_IDLE }),

    submitPlan: async (id) => {
      await withOp('planActionOps', id, async () => storePlan(await call('plan-submit', { id, by: await by() })))
    },

    editPlan: (id, target, value) => withOp('planActionOps', id, async () => storePlan(await call('plan-edit', { id, target, value, by: await by() }))),

    copyPlan: async (id) => {
      await withOp('planActionOps', id, async () => {
        const copy = await call('plan-copy', { id, by: await by() })
        storePlan(copy)
        set({ selectedPlanId: copy.id })
      })
    },

    approvePlan: (id, approver, comment, contentHash) =>
      withOp('planApproveOps', id, async () => storePlan(await call('plan-approve', { id, by: approver, comment, ...(contentHash ? { contentHash } : {}) }))),

    exportPlan: async (id) => {
      const { repoPath, root } = get().checkout
      set((s) => {
        const rest = { ...s.lastExports }
        delete rest[id]
        return { lastExports: rest }
      })
      const exported = await withOp('planExportOps', id, async () => {
        const result = await call('plan-export', { id, repoPath, root })
        set((s) => ({ lastExports: { ...s.lastExports, [id]: result } }))
      })
      if (exported) await get().loadPlan(id)
    },

    setCheckout: (c) => {
      const checkout = { ...get().checkout, ...c }
      set({ checkout })
      try {
        localStorage.setItem(CHECKOUT_KEY, JSON.stringify(checkout))
      } catch {
        // Storage unavailable (private mode): the path just is not remembered.
      }
    },

    loadDiff: async (id) => {
      const plan = get().planDetails[id]
      const target = { ...get().checkout }
      const contentHash = plan?.contentHash ?? ''
      set((s) => ({ planDiffs: { ...s.planDiffs, [id]: { target, contentHash, diff: s.planDiffs[id]?.diff ?? null, load: LOADING(s.planDiffs[id]?.load ?? IDLE) } } }))
      try {
        const diff = await call('plan-diff', { id, repoPath: target.repoPath, root: target.root })
        set((s) => ({ planDiffs: { ...s.planDiffs, [id]: { target, contentHash, diff, load: READY } } }))
        void get().loadIdentity()
      } catch (err) {
        set((s) => ({ planDiffs: { ...s.planDiffs, [id]: { target, contentHash, diff: null, load: failed(toApiError(err)) } } }))
      }
    },

    loadIdentity: async () => {
      const repoPath = get().checkout.repoPath.trim()
      try {
        const identity = await call('plan-identity', repoPath ? { repoPath } : {})
        const previous = get().identity?.name
        set((s) => ({ identity, reviewer: !s.reviewer || s.reviewer === previous ? identity.name : s.reviewer }))
      } catch (err) {
        get().reportError('Could not read your Git identity', err)
      }
    },

    setReviewer: (name) => set({ reviewer: name }),
  }
}
