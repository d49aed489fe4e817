import type { StateCreator } from 'zustand'
import type { Reconciliation } from '../../../shared/reconcile-types'
import { runJob, toApiError } from '../api/client'
import type { AppState } from './index'
import { cancelJob } from './job-run'
import { IDLE, failed, type LoadState } from './types'

export interface ReconcileSlice {
  reconcile: Reconciliation | null
  reconcileLoad: LoadState
  reconcileJobId: string | null
  /** Runs the reconciliation job (progress in `jobs[reconcileJobId]`). */
  runReconcile: () => Promise<void>
  cancelReconcile: () => Promise<void>
  /** The bill changed: the figures are stale and run again when the panel is next shown. */
  invalidateReconcile: () => void
}

let seq = 0

export const createReconcileSlice: StateCreator<AppState, [], [], ReconcileSlice> = (set, get) => ({
  reconcile: null,
  reconcileLoad: IDLE,
  reconcileJobId: null,
  runReconcile: async () => {
    const mine = ++seq
    set({ reconcileLoad: { status: 'loading', error: null }, reconcileJobId: null })
    try {
      const r = await runJob('workspace-reconcile', {}, undefined, { onStarted: (jobId) => set({ reconcileJobId: jobId }) })
      if (mine === seq) set({ reconcile: r, reconcileLoad: { status: 'ready', error: null }, reconcileJobId: null })
    } catch (err) {
      if (mine === seq) set({ reconcileLoad: failed(toApiError(err)), reconcileJobId: null })
    }
  },
  cancelReconcile: () => cancelJob(get().reconcileJobId, get().reportError, 'Could not cancel the reconciliation'),
  invalidateReconcile: () => {
    if (get().reconcileLoad.status !== 'loading') set({ reconcileLoad: IDLE })
  },
})
