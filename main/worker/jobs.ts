/**
 * The worker's job table: every kind of work the pool runs. Each domain declares its jobs (and their payload
 * types) beside its functions; a new job is one entry in its domain's table, a new domain one line here.
 */
import { mergeTables } from '../../shared/merge-tables'
import { anomalyJobs } from '../anomaly/worker-jobs'
import { exportJobs } from '../export/worker-jobs'
import { backtestJobs } from '../backtest/worker-jobs'
import { classifyJobs } from '../classify/worker-jobs'
import { exploreJobs } from '../explore/worker-jobs'
import { forecastJobs } from '../forecast/worker-jobs'
import { billingJobs } from '../ingest/billing/worker-jobs'
import { telemetryJobs } from '../ingest/telemetry/worker-jobs'
import { optimizeJobs } from '../optimize/worker-jobs'
import { policyJobs } from '../policy/worker-jobs'
import { simulateJobs } from '../simulate/worker-jobs'
import { workloadJobs } from '../workload/worker-jobs'

export const workerJobs = mergeTables(billingJobs, telemetryJobs, forecastJobs, anomalyJobs, simulateJobs, optimizeJobs, backtestJobs, exportJobs, exploreJobs, classifyJobs, workloadJobs, policyJobs)

export type WorkerJobs = typeof workerJobs
export type WorkerJobKind = keyof WorkerJobs
