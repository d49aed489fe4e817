import type { StateCreator } from 'zustand'
import type { BillingOverlapChoice } from '../../../shared/billing-types'
import type { ApiError } from '../../../shared/errors'
import type { ImportOutcome, Snapshot, WorkspaceInfo } from '../../../shared/types'
import { call, runJob, stageFile, toApiError } from '../api/client'
import type { AppState } from './index'
import { cancelJob, trackRun } from './job-run'
import { IDLE, LOADING, READY, failed, type LoadState } from './types'

export interface ImportRun {
  status: 'idle' | 'uploading' | 'running' | 'done' | 'failed'
  fileNames: string[]
  jobId: string | null
  outcomes: ImportOutcome[]
  error: ApiError | null
  /** The files of this run, kept so the user can answer an overlap prompt (replace / keep both) with them. */
  files: File[]
}

const NO_IMPORT: ImportRun = { status: 'idle', fileNames: [], jobId: null, outcomes: [], error: null, files: [] }

export interface WorkspaceSlice {
  info: WorkspaceInfo | null
  snapshots: Snapshot[]
  workspaceLoad: LoadState
  /** True once the first workspace-info and snapshot-list calls have answered (data-app-state="ready"). */
  appReady: boolean
  importRun: ImportRun
  /** Snapshot ids being deleted. */
  deleting: number[]
  loadWorkspace: () => Promise<void>
  deleteSnapshot: (id: number) => Promise<void>
  /** `onOverlap`: what to do with files that cover the same provider, account and period as a snapshot. */
  importFiles: (files: File[], onOverlap?: BillingOverlapChoice) => Promise<void>
  cancelImport: () => Promise<void>
  dismissImport: () => void
}

let workspaceSeq = 0

export const createWorkspaceSlice: StateCreator<AppState, [], [], WorkspaceSlice> = (set, get) => ({
  info: null,
  snapshots: [],
  workspaceLoad: IDLE,
  appReady: false,
  importRun: NO_IMPORT,
  deleting: [],

  loadWorkspace: async () => {
    const seq = ++workspaceSeq
    set((s) => ({ workspaceLoad: LOADING(s.workspaceLoad) }))
    try {
      const [info, snapshots] = await Promise.all([call('workspace-info', {}), call('snapshot-list', {})])
      if (seq === workspaceSeq) set({ info, snapshots, workspaceLoad: READY })
      // An empty workspace opens on the Data page: there is nothing to explore yet.
      if (!get().appReady && info.billingRows === 0 && get().page === 'explore') set({ page: 'data' })
    } catch (err) {
      if (seq === workspaceSeq) set({ workspaceLoad: failed(toApiError(err)) })
    } finally {
      if (!get().appReady) set({ appReady: true })
    }
  },

  deleteSnapshot: async (id) => {
    set((s) => ({ deleting: [...s.deleting, id] }))
    try {
      const { deleted } = await call('snapshot-delete', { id })
      if (!deleted) get().reportError('Snapshot not deleted', new Error(`Snapshot ${id} no longer exists.`))
      // tables-changed refreshes the views; reload here too in case this transport has no event stream.
      await get().loadWorkspace()
    } catch (err) {
      get().reportError('Could not delete the snapshot', err)
    } finally {
      set((s) => ({ deleting: s.deleting.filter((d) => d !== id) }))
    }
  },

  importFiles: async (files, onOverlap = 'ask') => {
    if (files.length === 0) return
    const fileNames = files.map((f) => f.name)
    set({ importRun: { ...NO_IMPORT, status: 'uploading', fileNames, files } })
    await trackRun(set, 'importRun', async (patch, onStarted) => {
      const staged = []
      for (const f of files) staged.push(await stageFile(f))
      patch({ status: 'running' })
      const format = get().billingFormat
      const input = { files: staged.map((s) => ({ ref: s.ref, name: s.name, ...(format !== 'auto' ? { format } : {}) })), onOverlap }
      return runJob('billing-import', input, undefined, { onStarted })
    })
  },

  cancelImport: () => cancelJob(get().importRun.jobId, get().reportError, 'Could not cancel the import'),

  dismissImport: () => set({ importRun: NO_IMPORT }),
})
