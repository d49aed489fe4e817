import { scanAfterImport } from '../../anomaly/import-hook'
import { DEFAULT_TAG_KEYS, readTagKeys, writeTagKeys } from '../../ingest/billing/tag-keys'
import type { HandlerTable } from '../handler-types'
import { refreshExploreAggregates } from '../explore-refresh'
import { importBatch } from '../import-batch'
import { thenDeriveWorkloads } from '../workload-refresh'
import { invalidateExplore } from '../../explore/aggregate'

export const billingHandlers: HandlerTable<'billing-import' | 'billing-export-focus' | 'billing-tag-keys-get' | 'billing-tag-keys-set'> = {
  /** Files import one after another, each as its own atomic snapshot, in a worker thread. */
  'billing-import': ({ files, onOverlap }, ctx, job) =>
    importBatch(
      ctx,
      job,
      files,
      (f, onProgress) =>
        ctx.pool.run('focus-csv-import', { workspacePath: ctx.ws.path, path: f.path, fileName: f.fileName, format: f.format, onOverlap }, { signal: job.signal, onProgress }),
      async (outcome) => {
        ctx.events.emit({ type: 'tables-changed', tables: ['snapshot', 'billing_line', 'billing_scope'] })
        // Anomalies are flagged at import time, on the days this snapshot brought (main/anomaly/import-hook.ts).
        await scanAfterImport(ctx.pool, ctx.events, ctx.ws.path, outcome.snapshot.id, ctx.now(), (step, c, t) => job.progress(step, c, t))
      },
    ),

  /** Read-only on the workspace: a worker reads through its own connection and writes the file. */
  'billing-export-focus': (input, { ws, pool }, job) =>
    pool.run('focus-export', { workspacePath: ws.path, ...input }, { signal: job.signal, onProgress: (p) => job.progress(p.step, p.current, p.total) }),

  'billing-tag-keys-get': (_input, { ws }) => ({ keys: readTagKeys(ws.db), defaults: DEFAULT_TAG_KEYS }),

  /** Re-derives team / project / model type of every existing line in the same transaction as the change. */
  'billing-tag-keys-set': async (keys, { ws, pool, events, now }) => {
    const rederived = ws.db.transaction(() => {
      const n = writeTagKeys(ws.db, keys, now())
      // Team, project and model type live in Explore's aggregates too: they are rebuilt from the lines.
      invalidateExplore(ws.db)
      return n
    })()
    events.emit({ type: 'tables-changed', tables: ['billing_setting', 'billing_line'] })
    await thenDeriveWorkloads({ ws, pool, events }, refreshExploreAggregates({ ws, pool, events }))
    return { keys: readTagKeys(ws.db), defaults: DEFAULT_TAG_KEYS, rederived }
  },
}
