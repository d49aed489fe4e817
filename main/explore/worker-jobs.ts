import { withConnection } from '../db/open'
import { defineJobs, type ReportProgress, stepProgress } from '../jobs/job-table'
import { refreshExplore } from './aggregate'

/** Jobs that only need the workspace file (they open their own connection). */
export interface WorkspacePayload {
  workspacePath: string
}

/** Explore's aggregates rebuilt in a worker thread, on a connection of its own. */
export const exploreJobs = defineJobs({
  'explore-refresh': (p: WorkspacePayload, progress: ReportProgress) => {
    return withConnection(p.workspacePath, (db) => {
      return refreshExplore(db, stepProgress(progress))
    })
  },
})
