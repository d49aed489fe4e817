/**
 * What every import batch is (billing files, telemetry files): files imported one after another, each its own
 * atomic snapshot (import-files.ts); then Explore's aggregates brought up to date once; then the workloads
 * derived in the background (workload-refresh.ts).
 */
import type { JobContext } from '../jobs/job-runner'
import type { WorkerProgress } from '../jobs/job-table'
import { importThenRefresh } from './explore-refresh'
import type { HandlerContext } from './handler-types'
import { importFilesInTurn, type ImportedFile } from './import-files'
import { thenDeriveWorkloads } from './workload-refresh'

export function importBatch<F extends { ref: string; name?: string | undefined }, T extends ImportedFile>(
  ctx: Pick<HandlerContext, 'ws' | 'pool' | 'events' | 'files'>,
  job: JobContext,
  files: readonly F[],
  importOne: (file: F & { path: string; fileName: string }, onProgress: (p: WorkerProgress) => void) => Promise<T>,
  afterImported: (outcome: T) => Promise<void> | void,
): Promise<T[]> {
  const { ws, pool, events } = ctx
  return thenDeriveWorkloads({ ws, pool, events }, importThenRefresh({ ws, pool, events }, job, importFilesInTurn(files, ctx.files, job, importOne, afterImported)))
}
