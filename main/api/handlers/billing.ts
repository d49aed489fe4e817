import { ApiError } from '../../../shared/errors'
import type { ImportOutcome } from '../../../shared/types'
import type { FocusCsvImportPayload } from '../../jobs/worker-jobs'
import type { HandlerTable } from '../handler-types'

export const billingHandlers: HandlerTable<'billing-import'> = {
  /** Files import one after another, each as its own atomic snapshot, in a worker thread. */
  'billing-import': async ({ files }, { ws, pool, events, files: refs }, job) => {
    const resolved = files.map((f) => refs.resolve(f.ref, f.name))
    const outcomes: ImportOutcome[] = []
    try {
      for (const [i, f] of resolved.entries()) {
        const payload: FocusCsvImportPayload = { workspacePath: ws.path, path: f.path, fileName: f.fileName }
        try {
          const outcome = await pool.run<ImportOutcome>('focus-csv-import', payload, {
            signal: job.signal,
            onProgress: (p) =>
              job.progress(resolved.length > 1 ? `${p.step} (${i + 1}/${resolved.length})` : p.step, p.current, p.total),
          })
          outcomes.push(outcome)
          if (outcome.status === 'imported') events.emit({ type: 'tables-changed', tables: ['snapshot', 'billing_line'] })
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
}
