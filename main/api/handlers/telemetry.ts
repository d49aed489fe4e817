import type { TableName } from '../../../shared/tables'
import { listMetrics, listSeries, queryTelemetry } from '../../telemetry/queries'
import type { HandlerTable } from '../handler-types'
import { refreshExploreAggregates } from '../explore-refresh'
import { importBatch } from '../import-batch'
import { thenDeriveWorkloads } from '../workload-refresh'

const TABLES: TableName[] = ['snapshot', 'series', 'snapshot_series', 'sample', 'rollup_5m', 'rollup_1h', 'rollup_1d']

export const telemetryHandlers: HandlerTable<'telemetry-import' | 'telemetry-pull' | 'telemetry-series-list' | 'telemetry-query'> = {
  /** Files import one after another in a worker thread, each its own atomic snapshot. */
  'telemetry-import': ({ files, format, mapping }, ctx, job) =>
    importBatch(
      ctx,
      job,
      files,
      (f, onProgress) =>
        ctx.pool.run('telemetry-import', { workspacePath: ctx.ws.path, path: f.path, fileName: f.fileName, format, mapping, nowMs: ctx.now().getTime() }, { signal: job.signal, onProgress }),
      () => ctx.events.emit({ type: 'tables-changed', tables: TABLES }),
    ),
  'telemetry-pull': async (input, { ws, pool, events, now }, job) => {
    const outcome = await pool.run('telemetry-pull', { workspacePath: ws.path, ...input, nowMs: now().getTime() }, {
      signal: job.signal,
      onProgress: (p) => job.progress(p.step, p.current, p.total),
    })
    if (outcome.status === 'imported') events.emit({ type: 'tables-changed', tables: TABLES })
    if (outcome.status === 'imported') await thenDeriveWorkloads({ ws, pool, events }, refreshExploreAggregates({ ws, pool, events }, (step, c, t) => job.progress(step, c, t)))
    return [outcome]
  },
  'telemetry-series-list': ({ metric, where, snapshotId, limit }, { ws }) => {
    const r = listSeries(ws.db, { metric, where, snapshotId }, limit)
    return { metrics: listMetrics(ws.db), ...r }
  },
  'telemetry-query': (q, { ws }) => queryTelemetry(ws.db, q),
}
