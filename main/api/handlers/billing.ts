import { ApiError } from '../../../shared/errors'
import type { ImportOutcome } from '../../../shared/types'
import { scanAfterImport } from '../../anomaly/import-hook'
import type { FocusCsvImportPayload } from '../../jobs/worker-jobs'
import { DEFAULT_TAG_KEYS, readTagKeys, writeTagKeys } from '../../ingest/tag-keys'
import type { HandlerTable } from '../handler-types'

export const billingHandlers: HandlerTable<'billing-import' | 'billing-tag-keys-get' | 'billing-tag-keys-set'> = {
  /** Files import one after another, each as its own atomic snapshot, in a worker thread. */
  'billing-import': async ({ files }, { ws, pool, events, files: refs, now }, job) => {
    const resolved = files.map((f) => ({ ...refs.resolve(f.ref, f.name), format: f.format }))
    const outcomes: ImportOutcome[] = []
    try {
      for (const [i, f] of resolved.entries()) {
        const payload: FocusCsvImportPayload = { workspacePath: ws.path, path: f.path, fileName: f.fileName, format: f.format }
        try {
          const outcome = await pool.run<ImportOutcome>('focus-csv-import', payload, {
            signal: job.signal,
            onProgress: (p) =>
              job.progress(resolved.length > 1 ? `${p.step} (${i + 1}/${resolved.length})` : p.step, p.current, p.total),
          })
          outcomes.push(outcome)
          if (outcome.status === 'imported') events.emit({ type: 'tables-changed', tables: ['snapshot', 'billing_line'] })
          // Anomalies are flagged at import time, on the days this snapshot brought (main/anomaly/import-hook.ts).
          if (outcome.status === 'imported') await scanAfterImport(pool, events, ws.path, outcome.snapshot.id, now(), (step, c, t) => job.progress(step, c, t))
        } catch (err) {
          if (outcomes.length > 0 && err instanceof ApiError) {
            const done = outcomes.map((o) => o.fileName).join(', ')
            throw new ApiError({ ...err.toShape(), message: `${err.message} (already imported: ${done})` })
          }
          throw err
        }
      }
    } finally {
      for (const f of files) refs.release(f.ref)
    }
    return outcomes
  },

  'billing-tag-keys-get': (_input, { ws }) => ({ keys: readTagKeys(ws.db), defaults: DEFAULT_TAG_KEYS }),

  /** Re-derives team / project / model type of every existing line in the same transaction as the change. */
  'billing-tag-keys-set': (keys, { ws, events, now }) => {
    const rederived = writeTagKeys(ws.db, keys, now())
    events.emit({ type: 'tables-changed', tables: ['billing_line'] })
    return { keys: readTagKeys(ws.db), defaults: DEFAULT_TAG_KEYS, rederived }
  },
}
