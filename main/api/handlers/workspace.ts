import type { HandlerTable } from '../handler-types'
import { workspaceSummary } from '../../workspace/cost-queries'
import { deleteSnapshot, listSnapshots } from '../../workspace/snapshots'
import { unpairBillingSnapshot } from '../../ingest/billing/billing-overlap'

export const workspaceHandlers: HandlerTable<'workspace-info' | 'snapshot-list' | 'snapshot-delete'> = {
  'workspace-info': (_input, { ws }) => workspaceSummary(ws.db, ws.path, ws.name, ws.isDemo),
  'snapshot-list': (_input, { ws }) => listSnapshots(ws.db),
  'snapshot-delete': ({ id }, { ws, events }) => {
    // An Azure export combined with its actual/amortized partner gives the partner its metric back first.
    const deleted = ws.db.transaction(() => {
      unpairBillingSnapshot(ws.db, id)
      return deleteSnapshot(ws.db, id)
    })()
    if (deleted) events.emit({ type: 'tables-changed', tables: ['snapshot', 'billing_line', 'billing_scope', 'series', 'snapshot_series', 'sample', 'rollup_5m', 'rollup_1h', 'rollup_1d', 'anomaly'] })
    return { deleted }
  },
}
