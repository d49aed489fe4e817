import type { ForecastTarget } from '../../shared/forecast-types'
import { withConnection } from '../db/open'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { forecastBatch, globalTrain, type ForecastBatchPayload, type GlobalTrainPayload } from './batch'
import { loadTargets } from './targets'

/** Reads the daily series of a forecast run's targets on a worker's own connection (big GROUP BYs stay off the main thread). */
export interface ForecastTargetsPayload {
  workspacePath: string
  targets: ForecastTarget[]
  metric: string
}

export const forecastJobs = defineJobs({
  'forecast-batch': (p: ForecastBatchPayload, progress: ReportProgress) => forecastBatch(p, (current, total, id) => progress({ step: id, current, total })),
  'forecast-global-train': (p: GlobalTrainPayload, progress: ReportProgress) => globalTrain(p, (current, total) => progress({ step: 'epoch', current, total })),
  'forecast-targets': (p: ForecastTargetsPayload) => {
    return withConnection(p.workspacePath, (db) => {
      return loadTargets(db, p.targets, p.metric)
    })
  },
})
