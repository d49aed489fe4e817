import type { EventBus } from '../jobs/event-bus'
import type { JobPool } from '../jobs/job-table'
import type { anomalyJobs } from './worker-jobs'

/**
 * After a billing import commits: look for anomalies on the days it brought, in the worker pool. The import
 * stands whatever happens here; a failed scan is reported on stderr and retried by the next import or an
 * explicit `anomaly-scan`.
 */
export async function scanAfterImport(
  pool: JobPool<typeof anomalyJobs>,
  events: EventBus,
  workspacePath: string,
  snapshotId: number,
  now: Date,
  progress: (step: string, current: number, total: number) => void,
): Promise<{ cost: number; gpu: number } | null> {
  try {
    const r = await pool.run('anomaly-scan', { workspacePath, snapshotId, nowMs: now.getTime() }, { onProgress: (p) => progress(p.step, p.current, p.total) })
    events.emit({ type: 'tables-changed', tables: ['anomaly'] })
    return r
  } catch (err) {
    process.stderr.write(`fleetplan: anomaly scan after import failed: ${(err as Error).message}\n`)
    return null
  }
}
