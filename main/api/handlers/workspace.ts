import type { HandlerTable } from '../handler-types'
import { workspaceSummary } from '../../workspace/cost-queries'
import { deleteSnapshot, listSnapshots } from '../../workspace/snapshots'

export const workspaceHandlers: HandlerTable<'workspace-info' | 'snapshot-list' | 'snapshot-delete'> = {
  'workspace-info': (_input, { ws }) => workspaceSummary(ws.db, ws.path, ws.name, ws.isDemo),
  'snapshot-list': (_input, { ws }) => listSnapshots(ws.db),
  'snapshot-delete': ({ id }, { ws, events }) => {
    const deleted = deleteSnapshot(ws.db, id)
    if (deleted) events.emit({ type: 'tables-changed', tables: ['snapshot', 'billing_line', 'series', 'snapshot_series', 'sample', 'rollup_5m', 'rollup_1h', 'rollup_1d', 'anomaly'] })
    return { deleted }
  },
}
