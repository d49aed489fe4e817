import type { StateCreator } from 'zustand'
import type { PlanPreview } from '../../../shared/types'
import { call, toApiError } from '../api/client'
import type { AppState } from './index'
import { IDLE, LOADING, READY, failed, type LoadState } from './types'

/** The Baseline section's live figures: what a baseline plan with this growth and horizon would carry (plan-preview). */
export interface BaselinePlanSlice {
  planPreview: { growth: number; horizon: number; data: PlanPreview | null; load: LoadState }
  loadPlanPreview: (growth: number, horizon: number) => Promise<void>
  /** Billing changed: the shown preview is recomputed. */
  refreshPlanPreview: () => Promise<void>
}

let seq = 0

export const createBaselinePlanSlice: StateCreator<AppState, [], [], BaselinePlanSlice> = (set, get) => ({
  planPreview: { growth: 0, horizon: 0, data: null, load: IDLE },

  loadPlanPreview: async (growth, horizon) => {
    const mine = ++seq
    set((s) => ({ planPreview: { ...s.planPreview, growth, horizon, load: LOADING(s.planPreview.load) } }))
    try {
      const data = await call('plan-preview', { growthPctPerMonth: growth, horizonDays: horizon })
      if (mine === seq) set({ planPreview: { growth, horizon, data, load: READY } })
    } catch (err) {
      if (mine === seq) set((s) => ({ planPreview: { ...s.planPreview, data: null, load: failed(toApiError(err)) } }))
    }
  },

  refreshPlanPreview: async () => {
    const p = get().planPreview
    if (p.load.status !== 'idle') await get().loadPlanPreview(p.growth, p.horizon)
  },
})
