import { exploreStale } from '../explore/aggregate'
import type { TableName } from '../../shared/tables'
import type { HandlerContext } from './handler-types'

const running = new WeakMap<HandlerContext['ws'], Promise<void>>()

/** Tables Explore's aggregates live in (named in the tables-changed event after a refresh). */
export const EXPLORE_TABLES: TableName[] = ['cost_cube', 'cost_day', 'accel_pool', 'accel_hour', 'accel_day', 'accel_owner', 'accel_attribution', 'accel_requests', 'subject', 'subject_cost', 'explore_state']

/** Settles once the refresh running for a workspace (if any) has finished, whether it succeeded or not. */
export async function exploreRefreshSettled(ws: HandlerContext['ws']): Promise<void> {
  await running.get(ws)?.catch(() => undefined)
}

/**
 * Brings Explore's aggregates up to date in the worker pool (one refresh at a time per workspace). Imports and
 * deletions call it right after they commit; queries call it too, so a workspace from an older version, or an
 * import interrupted between its commit and this step, is repaired on first use.
 */
export async function refreshExploreAggregates(ctx: Pick<HandlerContext, 'ws' | 'pool' | 'events'>, progress?: (step: string, current: number, total: number) => void): Promise<void> {
  const busy = running.get(ctx.ws)
  if (busy) return busy
  if (!exploreStale(ctx.ws.db)) return
  const p = ctx.pool
    .run('explore-refresh', { workspacePath: ctx.ws.path }, { onProgress: (x) => progress?.(x.step, x.current, x.total) })
    .then(() => ctx.events.emit({ type: 'tables-changed', tables: EXPLORE_TABLES }))
    .finally(() => running.delete(ctx.ws))
  running.set(ctx.ws, p)
  return p
}

/**
 * Runs a batch of imports, then brings Explore up to date once (not after every file: the accelerator tables
 * are rebuilt whole, and the demo's three files would rebuild them three times). Files that committed before
 * a failure are aggregated too; if that refresh fails, the import's own error is the one reported and the next
 * query repairs the aggregates.
 */
export async function importThenRefresh<T>(ctx: Pick<HandlerContext, 'ws' | 'pool' | 'events'>, job: { progress: (step: string, current: number, total: number) => void }, imports: Promise<T>): Promise<T> {
  const progress = (step: string, c: number, t: number): void => job.progress(step, c, t)
  let outcomes: T
  try {
    outcomes = await imports
  } catch (err) {
    await refreshExploreAggregates(ctx, progress).catch(() => undefined)
    throw err
  }
  await refreshExploreAggregates(ctx, progress)
  return outcomes
}
