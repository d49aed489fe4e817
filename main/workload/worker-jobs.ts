/** Job-trace imports in a worker thread, on a connection of their own (the UI's connection keeps answering). */
import type { JobTraceMapping } from '../../shared/workload-schema'
import { openConnection } from '../db/open'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { importJobTrace } from './job-trace'

export interface WorkloadImportPayload {
  workspacePath: string
  path: string
  fileName: string
  mapping: JobTraceMapping
  nowMs: number
}

export const workloadJobs = defineJobs({
  'workload-import': async (p: WorkloadImportPayload, progress: ReportProgress) => {
    const db = openConnection(p.workspacePath)
    try {
      return await importJobTrace(db, { path: p.path, fileName: p.fileName, mapping: p.mapping, now: () => new Date(p.nowMs) }, (step, current, total) => progress({ step, current, total }))
    } finally {
      db.close()
    }
  },
})
