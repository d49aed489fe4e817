import type { StateCreator } from 'zustand'
import type { JobMethodName, JobProgressEvent } from '../../../shared/contract'
import { ApiError, type ApiErrorShape } from '../../../shared/errors'
import type { AppState } from './index'

export interface RunningJob {
  jobId: string
  method: JobMethodName
  step: string
  current: number
  /** 0 while the total is unknown. */
  total: number
}

export interface JobsSlice {
  jobs: Partial<Record<string, RunningJob>>
  lastJobError: { jobId: string; method: JobMethodName; error: ApiError } | null
  jobProgressed: (e: JobProgressEvent) => void
  jobEnded: (jobId: string, method: JobMethodName, error?: ApiErrorShape) => void
}

export const createJobsSlice: StateCreator<AppState, [], [], JobsSlice> = (set) => ({
  jobs: {},
  lastJobError: null,
  jobProgressed: (e) =>
    set((s) => ({ jobs: { ...s.jobs, [e.jobId]: { jobId: e.jobId, method: e.method, step: e.step, current: e.current, total: e.total } } })),
  jobEnded: (jobId, method, error) =>
    set((s) => {
      const jobs = { ...s.jobs }
      delete jobs[jobId]
      return error ? { jobs, lastJobError: { jobId, method, error: new ApiError(error) } } : { jobs }
    }),
})
