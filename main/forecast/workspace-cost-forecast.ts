/** The one cost forecast of a workspace (Forecast page, plans, Reconcile), computed on the worker pool. */
import type { CostForecast, CostMetric } from '../../shared/types'
import type { Db } from '../db/open'
import type { JobPool } from '../jobs/job-table'
import { billingVersion } from '../workspace/cost-day'
import { forecastHistory } from '../workspace/cost-queries'
import { dailyCostForecastOnPool } from './daily-cost-forecast'
import type { forecastJobs } from './worker-jobs'

export async function workspaceCostForecast(
  ws: { db: Db; path: string },
  pool: JobPool<typeof forecastJobs>,
  horizonDays: number,
  metric: CostMetric = 'BilledCost',
): Promise<CostForecast> {
  const { history, partialDay } = forecastHistory(ws.db, metric)
  const fc = await dailyCostForecastOnPool(pool, history, horizonDays, { metric, version: `${ws.path}|${billingVersion(ws.db)}` })
  if (!partialDay) return fc
  const note = `${partialDay} is left out: the data covers only part of that day.`
  return { ...fc, note: fc.note ? `${fc.note}; ${note}` : note }
}
