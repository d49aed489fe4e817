import { openConnection } from '../db/open'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
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
    const db = openConnection(p.workspacePath)
    try {
      return scanAnomalies(db, { snapshotId: p.snapshotId, floorUsd: p.floorUsd, floorUtil: p.floorUtil, now: new Date(p.nowMs) }, (step, current, total) =>
        progress({ step, current, total }),
      )
    } finally {
      db.close()
    }
  },
})
