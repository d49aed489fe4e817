import type { StateCreator } from 'zustand'
import type { BacktestHistoryInfo, BacktestResult } from '../../../shared/backtest-types'
import type { InputOf } from '../../../shared/contract'
import type { ApiError } from '../../../shared/errors'
import { call, runJob, toApiError } from '../api/client'
import type { AppState } from './index'
import type { PageJob } from './scenario-slice'
import { IDLE, LOADING, READY, failed, type LoadState } from './types'

export type BacktestInput = InputOf<'backtest-run'>

export interface BacktestSlice {
  backtestHistory: BacktestHistoryInfo | null
  backtestHistoryLoad: LoadState
  backtestJob: PageJob | null
  backtestError: ApiError | null
  backtestResult: BacktestResult | null
  loadBacktestHistory: () => Promise<void>
  runBacktest: (input: BacktestInput) => Promise<void>
  cancelBacktest: () => Promise<void>
}

export const createBacktestSlice: StateCreator<AppState, [], [], BacktestSlice> = (set, get) => ({
  backtestHistory: null,
  backtestHistoryLoad: IDLE,
  backtestJob: null,
  backtestError: null,
  backtestResult: null,

  loadBacktestHistory: async () => {
    set((s) => ({ backtestHistoryLoad: LOADING(s.backtestHistoryLoad) }))
    try {
      set({ backtestHistory: await call('backtest-history', {}), backtestHistoryLoad: READY })
    } catch (err) {
      set({ backtestHistoryLoad: failed(toApiError(err)) })
    }
  },

  runBacktest: async (input) => {
    set({ backtestJob: { jobId: null, step: 'Starting…', current: 0, total: 0 }, backtestError: null })
    try {
      const result = await runJob(
        'backtest-run',
        input,
        (e) => set((s) => ({ backtestJob: { ...(s.backtestJob ?? { jobId: null }), step: e.step, current: e.current, total: e.total } })),
        { onStarted: (jobId) => set((s) => ({ backtestJob: s.backtestJob ? { ...s.backtestJob, jobId } : null })) },
      )
      set({ backtestJob: null, backtestResult: result })
    } catch (err) {
      set({ backtestJob: null, backtestError: toApiError(err) })
    }
  },

  cancelBacktest: async () => {
    const job = get().backtestJob
    if (job?.jobId) await call('job-cancel', { jobId: job.jobId }).catch((err: unknown) => get().reportError('Could not cancel', err))
  },
})
