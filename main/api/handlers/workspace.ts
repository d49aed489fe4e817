import type { HandlerTable } from '../handler-types'
import { workspaceSummary } from '../../workspace/cost-queries'
import { removeSnapshotWorkloads } from '../../workload/derive'
import { deleteSnapshot, listSnapshots } from '../../workspace/snapshots'
import { unpairBillingSnapshot } from '../../ingest/billing/billing-overlap'
import { exploreRefreshSettled, refreshExploreAggregates } from '../explore-refresh'
import { workloadDerivationSettled } from '../workload-refresh'

export const workspaceHandlers: HandlerTable<
  'workspace-info' | 'workspace-list' | 'workspace-open' | 'workspace-create' | 'workspace-open-demo' | 'workspace-remove-demo' | 'workspace-forget' | 'snapshot-list' | 'snapshot-delete'
> = {
  'workspace-info': (_input, { ws }) => workspaceSummary(ws.db, ws.path, ws.name, ws.isDemo),
  'workspace-list': (_input, { workspaces }) => workspaces.list(),
  'workspace-open': ({ path, cancelJobs }, { workspaces }) => workspaces.open(path, cancelJobs),
  'workspace-create': ({ path, cancelJobs }, { workspaces }) => workspaces.create(path, cancelJobs),
  'workspace-open-demo': ({ cancelJobs }, { workspaces }, job) => workspaces.openDemo(cancelJobs, (s, c, t) => job.progress(s, c, t), job.signal),
  'workspace-remove-demo': (_input, { workspaces }) => workspaces.removeDemo(),
  'workspace-forget': ({ path }, { workspaces }) => workspaces.forget(path),
  'snapshot-list': (_input, { ws }) => listSnapshots(ws.db),
  'snapshot-delete': async ({ id }, { ws, events, pool }) => {
    // A derivation or refresh running in the worker holds a write transaction for seconds (the demo derives its
    // workloads when Explore first lists them): the deletion waits for it instead of failing on the lock.
    await Promise.all([workloadDerivationSettled(ws), exploreRefreshSettled(ws)])
    // An Azure export combined with its actual/amortized partner gives the partner its metric back first;
    // the workloads the snapshot's rows described go with it.
    const deleted = ws.db.transaction(() => {
      unpairBillingSnapshot(ws.db, id)
      removeSnapshotWorkloads(ws.db, id)
      return deleteSnapshot(ws.db, id)
    })()
    if (deleted) {
      events.emit({
        type: 'tables-changed',
        tables: ['snapshot', 'billing_line', 'billing_scope', 'series', 'snapshot_series', 'sample', 'rollup_5m', 'rollup_1h', 'rollup_1d', 'anomaly', 'workload_fact', 'workload'],
      })
    }
    // Explore's aggregates follow in the background: the deletion is done once it commits, and every Explore
    // query waits for (or repairs) the refresh itself.
    if (deleted) void refreshExploreAggregates({ ws, pool, events }).catch(() => undefined)
    return { deleted }
  },
}
