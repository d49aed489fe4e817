import { besideModule, threadEntry } from '../jobs/thread-entry'
import { WorkerPool } from '../jobs/worker-pool'
import type { WorkerJobs } from './jobs'

/** The app's worker pool: runs every job of the worker's table (main/worker/jobs.ts), typed from it. */
export type AppPool = WorkerPool<WorkerJobs>

export function createWorkerPool(maxThreads?: number): AppPool {
  return new WorkerPool<WorkerJobs>(threadEntry('worker', besideModule(import.meta.url, 'index.ts'), 'pool'), maxThreads)
}
