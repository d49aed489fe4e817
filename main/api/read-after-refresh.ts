import type { Db } from '../db/open'
import type { HandlerContext } from './handler-types'

type RefreshContext = Pick<HandlerContext, 'ws' | 'pool' | 'events'>

/**
 * A call handler that reads derived tables (Explore's aggregates, workloads): it first awaits their refresh, so a
 * reader never sees tables older than the last import, then reads the workspace.
 */
export const readAfterRefresh =
  <I, O>(refresh: (ctx: RefreshContext) => Promise<void>, read: (db: Db, input: I) => O) =>
  async (input: I, ctx: HandlerContext): Promise<O> => {
    await refresh(ctx)
    return read(ctx.ws.db, input)
  }
