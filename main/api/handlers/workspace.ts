import type { HandlerTable } from '../handler-types'
import { workspaceSummary } from '../../workspace/cost-queries'
import { deleteSnapshot, listSnapshots } from '../../workspace/snapshots'
import { refreshExploreAggregates } from '../explore-refresh'

export const workspaceHandlers: HandlerTable<'workspace-info' | 'snapshot-list' | 'snapshot-delete'> = {
  'workspace-info': (_input, { ws }) => workspaceSummary(ws.db, ws.path, ws.name, ws.isDemo),
  'snapshot-list': (_input, { ws }) => listSnapshots(ws.db),
  'snapshot-delete': async ({ id }, { ws, events, pool }) => {
    const deleted = deleteSnapshot(ws.db, id)
    if (deleted) events.emit({ type: 'tables-changed', tables: ['snapshot', 'billing_line', 'series', 'snapshot_series', 'sample', 'rollup_5m', 'rollup_1h', 'rollup_1d', 'anomaly'] })
    if (deleted) await refreshExploreAggregates({ ws, pool, events })
    return { deleted }
  },
}
