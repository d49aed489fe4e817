import type { WorkloadImportPayload } from '../../workload/worker-jobs'
import { repriceWorkloads } from '../../workload/derive'
import { listWorkloads, queryWorkloads } from '../../workload/queries'
import type { HandlerTable } from '../handler-types'
import { readAfterRefresh } from '../read-after-refresh'
import { importFilesInTurn } from '../import-files'
import { refreshWorkloads } from '../workload-refresh'

export const workloadHandlers: HandlerTable<'workload-import' | 'workload-list' | 'workload-query' | 'workload-reprice'> = {
  /** Job traces import one after another in a worker thread, each file (with its mapping) its own atomic snapshot. */
  'workload-import': ({ files, mapping }, { ws, pool, events, files: refs, now }, job) =>
    importFilesInTurn(
      files,
      refs,
      job,
      (f, onProgress) => {
        const payload: WorkloadImportPayload = { workspacePath: ws.path, path: f.path, fileName: f.fileName, mapping, nowMs: now().getTime() }
        return pool.run('workload-import', payload, { signal: job.signal, onProgress })
      },
      () => events.emit({ type: 'tables-changed', tables: ['snapshot', 'workload', 'workload_fact', 'workload_derivation'] }),
    ),
  'workload-list': readAfterRefresh(refreshWorkloads, listWorkloads),
  'workload-query': readAfterRefresh(refreshWorkloads, queryWorkloads),
  'workload-reprice': async (_input, { ws, pool, events }) => {
    await refreshWorkloads({ ws, pool, events })
    const workloads = repriceWorkloads(ws.db)
    events.emit({ type: 'tables-changed', tables: ['workload'] })
    return { workloads }
  },
}
