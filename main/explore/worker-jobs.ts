import { openConnection } from '../db/open'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { refreshExplore } from './aggregate'

/** Jobs that only need the workspace file (they open their own connection). */
export interface WorkspacePayload {
  workspacePath: string
}

/** Explore's aggregates rebuilt in a worker thread, on a connection of its own. */
export const exploreJobs = defineJobs({
  'explore-refresh': (p: WorkspacePayload, progress: ReportProgress) => {
    const db = openConnection(p.workspacePath)
    try {
      return refreshExplore(db, (step, current, total) => progress({ step, current, total }))
    } finally {
      db.close()
    }
  },
})
