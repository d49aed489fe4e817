import { reconcileWorkspace } from '../../reconcile/run'
import type { HandlerTable } from '../handler-types'

export const reconcileHandlers: HandlerTable<'workspace-reconcile'> = {
  'workspace-reconcile': ({ paths, seed }, { ws, pool }, job) => reconcileWorkspace(ws, pool, job, { paths, seed }),
}
