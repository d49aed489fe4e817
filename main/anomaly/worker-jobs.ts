import { withConnection } from '../db/open'
import { defineJobs, type ReportProgress, stepProgress } from '../jobs/job-table'
import { scanAnomalies } from './scan'

export interface AnomalyScanPayload {
  workspacePath: string
  /** Only the days this snapshot brought; null scans the whole history. */
  snapshotId: number | null
  floorUsd?: number | undefined
  floorUtil?: number | undefined
  nowMs: number
}

export const anomalyJobs = defineJobs({
  'anomaly-scan': (p: AnomalyScanPayload, progress: ReportProgress) => {
    return withConnection(p.workspacePath, (db) => {
      return scanAnomalies(db, { snapshotId: p.snapshotId, floorUsd: p.floorUsd, floorUtil: p.floorUtil, now: new Date(p.nowMs) }, stepProgress(progress))
    })
  },
})
