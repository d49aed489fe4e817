import type { StateCreator } from 'zustand'
import type { CostQueryResult } from '../../../shared/types'
import { call, toApiError } from '../api/client'
import type { AppState } from './index'
import { IDLE, LOADING, READY, failed, type LoadState } from './types'

/** Services drawn individually in the daily service chart; the rest fold into "Other". */
export const TOP_SERVICES = 8

export interface ExploreData {
  byProviderDay: CostQueryResult
  byServiceDay: CostQueryResult
  byProvider: CostQueryResult
  byAccelerator: CostQueryResult
}

export interface ExploreSlice {
  explore: ExploreData | null
  exploreLoad: LoadState
  loadExplore: () => Promise<void>
  /** Reloads only when something was loaded before; an unvisited page loads when it is opened. */
  refreshExplore: () => Promise<void>
}

let exploreSeq = 0

export const createExploreSlice: StateCreator<AppState, [], [], ExploreSlice> = (set, get) => ({
  explore: null,
  exploreLoad: IDLE,
  loadExplore: async () => {
    const seq = ++exploreSeq
    set((s) => ({ exploreLoad: LOADING(s.exploreLoad) }))
    try {
      const [byProviderDay, byServiceDay, byProvider, byAccelerator] = await Promise.all([
        call('cost-query', { by: ['ChargeDay', 'ProviderName'] }),
        call('cost-query', { by: ['ChargeDay', 'ServiceName'], top: TOP_SERVICES }),
        call('cost-query', { by: ['ProviderName'] }),
        call('cost-query', { by: ['AcceleratorType'] }),
      ])
      if (seq === exploreSeq) set({ explore: { byProviderDay, byServiceDay, byProvider, byAccelerator }, exploreLoad: READY })
    } catch (err) {
      if (seq === exploreSeq) set({ exploreLoad: failed(toApiError(err)) })
    }
  },
  refreshExplore: async () => {
    if (get().exploreLoad.status !== 'idle') await get().loadExplore()
  },
})
