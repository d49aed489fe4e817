import type { StateCreator } from 'zustand'
import type { ApiError } from '../../../shared/errors'
import type { WorkspaceList } from '../../../shared/types'
import { bridge, call, runJob, toApiError } from '../api/client'
import type { AppState } from './index'
import { IDLE, LOADING, OP_IDLE, READY, failed, type LoadState, type OpState } from './types'

/** What the last switch tried, so it can be retried with "cancel the running jobs". */
export type WorkspaceAction = { kind: 'open'; path: string } | { kind: 'create'; path: string } | { kind: 'demo' }

export interface WorkspacesSlice {
  workspaceList: WorkspaceList | null
  workspaceListLoad: LoadState
  workspaceOp: OpState & { action: WorkspaceAction | null }
  loadWorkspaceList: () => Promise<void>
  /** Open, create or go to the demo; `cancelJobs` first cancels what runs (the backend refuses otherwise). */
  switchWorkspace: (action: WorkspaceAction, cancelJobs?: boolean) => Promise<boolean>
  removeDemo: () => Promise<void>
  forgetWorkspace: (path: string) => Promise<void>
  /** Electron: the native dialog; null when cancelled or in web mode (where the path is typed). */
  pickWorkspaceFile: (mode: 'open' | 'new') => Promise<string | null>
  clearWorkspaceError: () => void
}

/** Every view reads the open workspace: after a switch the app starts afresh on it (all tabs, via the event). */
export function reloadViews(): void {
  window.location.reload()
}

export const createWorkspacesSlice: StateCreator<AppState, [], [], WorkspacesSlice> = (set, get) => ({
  workspaceList: null,
  workspaceListLoad: IDLE,
  workspaceOp: { ...OP_IDLE, action: null },

  loadWorkspaceList: async () => {
    set({ workspaceListLoad: LOADING(get().workspaceListLoad) })
    try {
      set({ workspaceList: await call('workspace-list', {}), workspaceListLoad: READY })
    } catch (err) {
      set({ workspaceListLoad: failed(toApiError(err)) })
    }
  },

  switchWorkspace: async (action, cancelJobs = false) => {
    set({ workspaceOp: { pending: true, error: null, action } })
    try {
      if (action.kind === 'open') await call('workspace-open', { path: action.path, cancelJobs })
      else if (action.kind === 'create') await call('workspace-create', { path: action.path, cancelJobs })
      else await runJob('workspace-open-demo', { cancelJobs })
      set({ workspaceOp: { ...OP_IDLE, action: null } })
      // The workspace-changed event reloads every window; this one also reloads should no event arrive.
      setTimeout(reloadViews, 2000)
      return true
    } catch (err) {
      set({ workspaceOp: { pending: false, error: toApiError(err), action } })
      return false
    }
  },

  removeDemo: async () => {
    set({ workspaceOp: { pending: true, error: null, action: null } })
    try {
      const list = await call('workspace-remove-demo', {})
      set({ workspaceList: list, workspaceOp: { ...OP_IDLE, action: null } })
    } catch (err) {
      set({ workspaceOp: { pending: false, error: toApiError(err), action: null } })
    }
  },

  forgetWorkspace: async (path) => {
    try {
      set({ workspaceList: await call('workspace-forget', { path }) })
    } catch (err) {
      get().reportError('Could not update the recent workspaces', err)
    }
  },

  pickWorkspaceFile: async (mode) => {
    const pick = bridge().pickWorkspaceFile
    return pick ? pick(mode) : null
  },

  clearWorkspaceError: () => set({ workspaceOp: { ...OP_IDLE, action: null } }),
})

/** A refusal because jobs are running: the one error that "cancel them and switch" answers. */
export const isBusyRefusal = (e: ApiError | null): boolean => !!e && e.code === 'conflict' && /still running/.test(e.message)
