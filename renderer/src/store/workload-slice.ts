/** Explore's Workloads tab: a filtered, sorted page of workloads and their totals by a dimension. */
import type { StateCreator } from 'zustand'
import type { WorkloadDimension, WorkloadFilter, WorkloadListResult, WorkloadQueryResult } from '../../../shared/workload-types'
import { call, toApiError } from '../api/client'
import type { AppState } from './index'
import { IDLE, LOADING, READY, failed, type LoadState } from './types'

export type WorkloadSort = 'start' | 'cost' | 'acceleratorHours' | 'accelerators' | 'name'

export interface WorkloadSlice {
  workloadFilter: WorkloadFilter
  workloadSort: { sort: WorkloadSort; desc: boolean }
  workloadPage: number
  workloadList: WorkloadListResult | null
  workloadGroups: WorkloadQueryResult | null
  workloadGroupBy: WorkloadDimension
  workloadsLoad: LoadState
  loadWorkloads: () => Promise<void>
  refreshWorkloads: () => Promise<void>
  setWorkloadFilter: (f: WorkloadFilter) => void
  setWorkloadSort: (sort: WorkloadSort) => void
  setWorkloadPage: (page: number) => void
  setWorkloadGroupBy: (d: WorkloadDimension) => void
}

export const WORKLOAD_PAGE_SIZE = 25
let seq = 0

export const createWorkloadSlice: StateCreator<AppState, [], [], WorkloadSlice> = (set, get) => ({
  workloadFilter: {},
  workloadSort: { sort: 'cost', desc: true },
  workloadPage: 0,
  workloadList: null,
  workloadGroups: null,
  workloadGroupBy: 'Team',
  workloadsLoad: IDLE,

  loadWorkloads: async () => {
    const n = ++seq
    const { workloadFilter: filter, workloadSort, workloadPage, workloadGroupBy } = get()
    set((s) => ({ workloadsLoad: LOADING(s.workloadsLoad) }))
    try {
      const [list, groups] = await Promise.all([
        call('workload-list', { filter, sort: workloadSort.sort, desc: workloadSort.desc, limit: WORKLOAD_PAGE_SIZE, offset: workloadPage * WORKLOAD_PAGE_SIZE }),
        call('workload-query', { by: [workloadGroupBy], filter }),
      ])
      if (n === seq) set({ workloadList: list, workloadGroups: groups, workloadsLoad: READY })
    } catch (err) {
      if (n === seq) set({ workloadsLoad: failed(toApiError(err)) })
    }
  },
  refreshWorkloads: async () => {
    if (get().workloadsLoad.status !== 'idle') await get().loadWorkloads()
  },
  setWorkloadFilter: (f) => {
    set({ workloadFilter: f, workloadPage: 0 })
    void get().loadWorkloads()
  },
  setWorkloadSort: (sort) => {
    set((s) => ({ workloadSort: { sort, desc: s.workloadSort.sort === sort ? !s.workloadSort.desc : true }, workloadPage: 0 }))
    void get().loadWorkloads()
  },
  setWorkloadPage: (page) => {
    set({ workloadPage: Math.max(0, page) })
    void get().loadWorkloads()
  },
  setWorkloadGroupBy: (d) => {
    set({ workloadGroupBy: d })
    void get().loadWorkloads()
  },
})
