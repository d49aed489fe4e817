/** Workload jobs in a worker thread, each on a connection of its own (the UI's connection keeps answering). */
import type { JobTraceMapping } from '../../shared/workload-schema'
import { withConnection } from '../db/open'
import { defineJobs, type ReportProgress, stepProgress } from '../jobs/job-table'
import { deriveStale } from './derive'
import { importJobTrace } from './job-trace'

export interface WorkloadImportPayload {
  workspacePath: string
  path: string
  fileName: string
  mapping: JobTraceMapping
  nowMs: number
}

export const workloadJobs = defineJobs({
  /** Every snapshot not derived yet (main/api/workload-refresh.ts starts it after an import batch and before reads). */
  'workload-derive': (p: { workspacePath: string }, progress: ReportProgress) => {
    return withConnection(p.workspacePath, (db) => {
      return deriveStale(db, stepProgress(progress))
    })
  },
  'workload-import': async (p: WorkloadImportPayload, progress: ReportProgress) => {
    return withConnection(p.workspacePath, async (db) => {
      return await importJobTrace(db, { path: p.path, fileName: p.fileName, mapping: p.mapping, now: () => new Date(p.nowMs) }, stepProgress(progress))
    })
  },
})
