import type { ApiError } from '../../../shared/errors'

/** Where a piece of server state is: never loaded, loading, loaded, or failed (with the error shown). */
export interface LoadState {
  status: 'idle' | 'loading' | 'ready' | 'error'
  error: ApiError | null
}

export const IDLE: LoadState = { status: 'idle', error: null }
export const LOADING = (prev: LoadState): LoadState => ({ status: prev.status === 'ready' ? 'ready' : 'loading', error: null })
export const READY: LoadState = { status: 'ready', error: null }
export const failed = (error: ApiError): LoadState => ({ status: 'error', error })

/** A user action with a form: pending while the call runs, then its error if any. */
export interface OpState {
  pending: boolean
  error: ApiError | null
}
export const OP_IDLE: OpState = { pending: false, error: null }
