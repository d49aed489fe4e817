import type { TelemetryOutcome } from '../../../shared/telemetry-types'
import type { TelemetryImportPayload, TelemetryPullPayload } from '../../jobs/worker-jobs'
import { listMetrics, listSeries, queryTelemetry } from '../../telemetry/queries'
import type { HandlerTable } from '../handler-types'
import { importFilesInTurn } from '../import-files'
import { refreshExploreAggregates } from '../explore-refresh'

const TABLES = ['snapshot', 'series', 'sample', 'rollup_5m', 'rollup_1h', 'rollup_1d']

export const telemetryHandlers: HandlerTable<'telemetry-import' | 'telemetry-pull' | 'telemetry-series-list' | 'telemetry-query'> = {
  /** Files import one after another in a worker thread, each its own atomic snapshot. */
  'telemetry-import': ({ files, format, mapping }, { ws, pool, events, files: refs, now }, job) =>
    importFilesInTurn(
      files,
      refs,
      job,
      (f, onProgress) => {
        const payload: TelemetryImportPayload = { workspacePath: ws.path, path: f.path, fileName: f.fileName, format, mapping, nowMs: now().getTime() }
        return pool.run<TelemetryOutcome>('telemetry-import', payload, { signal: job.signal, onProgress })
      },
      async () => {
        events.emit({ type: 'tables-changed', tables: TABLES })
        await refreshExploreAggregates({ ws, pool, events }, (step, c, t) => job.progress(step, c, t))
      },
    ),
  'telemetry-pull': async (input, { ws, pool, events, now }, job) => {
    const payload: TelemetryPullPayload = { workspacePath: ws.path, ...input, nowMs: now().getTime() }
    const outcome = await pool.run<TelemetryOutcome>('telemetry-pull', payload, {
      signal: job.signal,
      onProgress: (p) => job.progress(p.step, p.current, p.total),
    })
    if (outcome.status === 'imported') events.emit({ type: 'tables-changed', tables: TABLES })
    if (outcome.status === 'imported') await refreshExploreAggregates({ ws, pool, events }, (step, c, t) => job.progress(step, c, t))
    return [outcome]
  },
  'telemetry-series-list': ({ metric, where, snapshotId, limit }, { ws }) => {
    const r = listSeries(ws.db, { metric, where, snapshotId }, limit)
    return { metrics: listMetrics(ws.db), ...r }
  },
  'telemetry-query': (q, { ws }) => queryTelemetry(ws.db, q),
}
