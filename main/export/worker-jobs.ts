import { withConnection } from '../db/open'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { exportFocus } from './focus-export'

export interface FocusExportPayload {
  workspacePath: string
  out: string
  from?: string | undefined
  to?: string | undefined
  overwrite?: boolean | undefined
}

/** FOCUS export in a worker thread: reads through a connection of its own (WAL), writes the file. */
export const exportJobs = defineJobs({
  'focus-export': async (p: FocusExportPayload, progress: ReportProgress) => {
    return withConnection(p.workspacePath, async (db) => {
      return await exportFocus(db, p, (current, total) => progress({ step: 'Exporting FOCUS rows', current, total }))
    })
  },
})
