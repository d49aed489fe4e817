import type { EventBus } from '../api/event-bus'
import type { AnomalyScanPayload } from '../jobs/worker-jobs'
import type { WorkerPool } from '../jobs/worker-pool'

/**
 * After a billing import commits: look for anomalies on the days it brought, in the worker pool. The import
 * stands whatever happens here; a failed scan is reported on stderr and retried by the next import or an
 * explicit `anomaly-scan`.
 */
export async function scanAfterImport(
  pool: WorkerPool,
  events: EventBus,
  workspacePath: string,
  snapshotId: number,
  now: Date,
  progress: (step: string, current: number, total: number) => void,
): Promise<{ cost: number; gpu: number } | null> {
  const payload: AnomalyScanPayload = { workspacePath, snapshotId, nowMs: now.getTime() }
  try {
    const r = await pool.run<{ cost: number; gpu: number }>('anomaly-scan', payload, { onProgress: (p) => progress(p.step, p.current, p.total) })
    events.emit({ type: 'tables-changed', tables: ['anomaly'] })
    return r
  } catch (err) {
    process.stderr.write(`fleetplan: anomaly scan after import failed: ${(err as Error).message}\n`)
    return null
  }
}
