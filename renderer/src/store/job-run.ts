/** Jobs run from the store: an import run kept in a state field (id once started, its end), and cancelling a job. */
import { call, toApiError } from '../api/client'
import type { AppState } from './index'

/** The state fields that hold an import run (billing files, telemetry files or a Prometheus pull). */
type RunKey = 'importRun' | 'telemetryRun'
type Run<K extends RunKey> = AppState[K]
type Set = (f: (s: AppState) => Partial<AppState>) => void

/**
 * Runs `work` (staging, then the job) with its progress in `state[key]`: the job id once the job started,
 * then `done` with the outcomes, or `failed` with the error.
 */
export async function trackRun<K extends RunKey>(
  set: Set,
  key: K,
  work: (patch: (p: Partial<Run<K>>) => void, onStarted: (jobId: string) => void) => Promise<Run<K>['outcomes']>,
): Promise<void> {
  const patch = (p: Partial<Run<K>>): void => set((s) => ({ [key]: { ...s[key], ...p } }))
  try {
    const outcomes = await work(patch, (jobId) => patch({ jobId } as Partial<Run<K>>))
    patch({ status: 'done', outcomes } as Partial<Run<K>>)
  } catch (err) {
    patch({ status: 'failed', error: toApiError(err) } as Partial<Run<K>>)
  }
}

/** Asks main to cancel a running job; a failure to ask is shown as `title`, the job's end arrives as usual. */
export async function cancelJob(jobId: string | null | undefined, report: AppState['reportError'], title: string): Promise<void> {
  if (!jobId) return
  try {
    await call('job-cancel', { jobId })
  } catch (err) {
    report(title, err)
  }
}
