import type { TableName } from '../../shared/tables'
import { workloadsStale } from '../workload/derive'
import type { HandlerContext } from './handler-types'

type Ctx = Pick<HandlerContext, 'ws' | 'pool' | 'events'>

/** Settled (never rejecting) promise of the derivation running for a workspace. */
const running = new WeakMap<HandlerContext['ws'], Promise<void>>()

/** Tables a derivation writes (named in the tables-changed event after it). */
export const WORKLOAD_TABLES: TableName[] = ['workload_fact', 'workload', 'workload_derivation']

/**
 * Derives the workloads of every snapshot not derived yet, in the worker pool (one derivation at a time per
 * workspace). Every reader of workloads awaits it first, so a workspace from an older version, or an import
 * whose derivation was interrupted (app closed, process killed), is repaired on first use.
 */
export async function refreshWorkloads(ctx: Ctx, progress?: (step: string, current: number, total: number) => void): Promise<void> {
  onFirstRead.delete(ctx.ws)
  for (let busy = running.get(ctx.ws); busy; busy = running.get(ctx.ws)) await busy
  if (!workloadsStale(ctx.ws.db)) return
  const p = ctx.pool.run('workload-derive', { workspacePath: ctx.ws.path }, { onProgress: (x) => progress?.(x.step, x.current, x.total) }).then((r) => {
    if (r.snapshots > 0) ctx.events.emit({ type: 'tables-changed', tables: WORKLOAD_TABLES })
  })
  const settled = p.then(
    () => undefined,
    () => undefined,
  )
  running.set(ctx.ws, settled)
  void settled.finally(() => {
    if (running.get(ctx.ws) === settled) running.delete(ctx.ws)
  })
  return p
}

/** Settles once the derivation running for a workspace (if any) has finished, whether it succeeded or not. */
export async function workloadDerivationSettled(ws: HandlerContext['ws']): Promise<void> {
  for (let busy = running.get(ws); busy; busy = running.get(ws)) await busy
}

/** Workspaces whose next derivation waits for its first reader instead of starting after the import. */
const onFirstRead = new WeakSet<HandlerContext['ws']>()

/**
 * The demo is built as the app starts: a derivation started then would share the machine with the first
 * screen the person waits for. Its workloads are derived when something first reads them (every reader awaits
 * `refreshWorkloads`; the workloads list sits below Explore's first screen).
 */
export function deriveWorkloadsOnFirstRead(ws: HandlerContext['ws']): void {
  onFirstRead.add(ws)
}

/** Import batches running per workspace: the derivation waits until none is left. */
const importing = new WeakMap<HandlerContext['ws'], number>()

/**
 * Runs an import batch (its rows, anomaly scans and Explore's refresh), then starts deriving its workloads in
 * the background: the import answers as fast as without workloads, and readers wait for the derivation. Batches
 * that follow at once (the demo's billing then telemetry files) are not slowed by it: it starts on the next
 * turn of the event loop, and only once no import batch is running.
 */
export async function thenDeriveWorkloads<T>(ctx: Ctx, batch: Promise<T>): Promise<T> {
  importing.set(ctx.ws, (importing.get(ctx.ws) ?? 0) + 1)
  try {
    return await batch
  } finally {
    importing.set(ctx.ws, (importing.get(ctx.ws) ?? 1) - 1)
    setTimeout(() => {
      // A failure here is repaired by the next reader (the snapshots stay marked as not derived).
      if (!importing.get(ctx.ws) && !onFirstRead.has(ctx.ws)) refreshWorkloads(ctx).catch(() => undefined)
    }, 0)
  }
}
