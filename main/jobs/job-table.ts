/**
 * What a worker job is, on both sides of the thread line. A job table maps a kind to one function of its
 * payload; the pool's `run(kind, payload)` takes its payload and result types from the table, so a job is
 * declared once (beside its domain function) and typed end to end.
 */
import type { MessagePort } from 'node:worker_threads'
import type { Envelope } from '../../shared/contract'
import { toErrorShape } from '../../shared/errors'

export interface WorkerProgress {
  step: string
  current: number
  total: number
}

export type ReportProgress = (p: WorkerProgress) => void

/**
 * One job: a function of a structured-clonable payload (its first parameter's type is the payload type)
 * answering a structured-clonable result.
 */
// `never` makes every job function assignable whatever its payload type (parameters are contravariant).
export type JobFn = (payload: never, progress: ReportProgress) => unknown

export type JobTable = Readonly<Record<string, JobFn>>

export type JobKind<J extends JobTable> = keyof J & string
export type PayloadOf<F> = F extends (payload: infer P, progress: ReportProgress) => unknown ? P : never
export type JobResultOf<F> = F extends (payload: never, progress: ReportProgress) => infer R ? Awaited<R> : never

/** Declares a domain's jobs: keeps each function's exact payload and result types. */
export function defineJobs<const J extends JobTable>(jobs: J): J {
  return jobs
}

export interface RunOptions {
  signal?: AbortSignal | undefined
  onProgress?: ((p: WorkerProgress) => void) | undefined
}

/**
 * What a caller needs from a pool that runs the jobs of `J`. Domain code asks for the narrowest table it
 * uses (`JobPool<typeof forecastJobs>`); the app's pool, typed by the worker's whole table, satisfies it.
 */
export interface JobPool<J extends JobTable> {
  run<K extends JobKind<J>>(kind: K, payload: PayloadOf<J[K]>, opts?: RunOptions): Promise<JobResultOf<J[K]>>
}

/** The message the pool sends a worker thread for one job. */
export interface WorkerTask {
  kind: string
  payload: unknown
  port: MessagePort
}

/**
 * The worker thread's side: runs the job `task.kind` names and answers with an envelope (structured clone
 * drops an Error's class and extra fields such as code and problems).
 */
export function serveJobs(jobs: JobTable): (task: WorkerTask) => Promise<Envelope<unknown>> {
  return async (task) => {
    const progress: ReportProgress = (p) => task.port.postMessage(p)
    try {
      const fn = Object.prototype.hasOwnProperty.call(jobs, task.kind) ? (jobs[task.kind] as (p: unknown, r: ReportProgress) => unknown) : null
      if (!fn) throw new Error(`unknown worker job "${task.kind}"`)
      return { ok: true, value: await fn(task.payload, progress) }
    } catch (err) {
      return { ok: false, error: toErrorShape(err) }
    } finally {
      task.port.close()
    }
  }
}

/** A domain function's `(step, current, total)` progress callback, reporting to the job's port. */
export const stepProgress =
  (progress: ReportProgress) =>
  (step: string, current: number, total: number): void =>
    progress({ step, current, total })
