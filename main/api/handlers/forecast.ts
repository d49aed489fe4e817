import { ApiError } from '../../../shared/errors'
import type { ForecastSeriesResult } from '../../../shared/forecast-types'
import { anomalyLineItems, listAnomalies } from '../../anomaly/scan'
import { runForecasts } from '../../forecast/orchestrate'
import { DAILY_SEASONS } from '../../forecast/presets'
import { createRun, failRun, finishRun, getRun, listRuns } from '../../forecast/run-store'
import type { HandlerTable } from '../handler-types'


export const forecastHandlers: HandlerTable<'forecast-run' | 'forecast-run-list' | 'forecast-run-get' | 'anomaly-list' | 'anomaly-line-items' | 'anomaly-scan'> = {
  'forecast-run': async (input, { ws, pool, events, now }, job) => {
    const t0 = Date.now()
    const runId = createRun(ws.db, { targets: input.targets, horizon: input.horizon, levels: input.levels, metric: input.metric, origins: input.origins, speed: input.speed }, now())
    events.emit({ type: 'tables-changed', tables: ['forecast_run'] })
    try {
      job.progress('Reading the series', 0, 0)
      const { series, notes } = await pool.run('forecast-targets', { workspacePath: ws.path, targets: input.targets, metric: input.metric }, { signal: job.signal })
      if (series.length === 0) throw new ApiError({ code: 'not-found', message: `Nothing to forecast for ${input.targets.join(', ')}: ${notes.join('; ') || 'import billing data first'}.` })
      job.progress(`Forecasting ${series.length} series`, 0, series.length)
      const { results } = await runForecasts(
        pool,
        series.map((s) => ({ id: s.key, y: s.values, seasons: DAILY_SEASONS })),
        {
          h: input.horizon,
          levels: [...input.levels].sort((a, b) => a - b),
          origins: input.origins,
          speed: input.speed,
          ...(input.models ? { models: input.models } : {}),
          signal: job.signal,
          onProgress: (step, current, total) => job.progress(step, current, total),
        },
      )
      const out: ForecastSeriesResult[] = results.map((r, i) => {
        const s = series[i]!
        return {
          key: s.key,
          target: s.target,
          label: s.label,
          unit: s.unit,
          start: s.start,
          history: s.values,
          model: r.model,
          detail: r.detail,
          mean: r.mean,
          intervals: r.intervals,
          backtest: r.backtest,
          backtestHorizon: r.backtestHorizon,
          origins: r.origins,
          coverage: r.coverage,
          note: [r.note, ...notes.filter((n) => n.startsWith(`${s.target}:`))].filter(Boolean).join('; ') || null,
        }
      })
      finishRun(ws.db, runId, out, now(), Date.now() - t0)
      events.emit({ type: 'tables-changed', tables: ['forecast_run', 'forecast_result', 'forecast_backtest'] })
      const run = getRun(ws.db, runId)
      if (!run) throw new ApiError({ code: 'internal', message: `Run ${runId} vanished.` })
      return run
    } catch (err) {
      const cancelled = job.signal.aborted
      failRun(ws.db, runId, cancelled ? 'cancelled' : 'failed', cancelled ? 'Cancelled.' : (err as Error).message, now())
      events.emit({ type: 'tables-changed', tables: ['forecast_run'] })
      throw err
    }
  },
  'forecast-run-list': ({ limit }, { ws }) => listRuns(ws.db, limit),
  'forecast-run-get': ({ id }, { ws }) => {
    const run = getRun(ws.db, id)
    if (!run) throw new ApiError({ code: 'not-found', message: `No forecast run ${id}.` })
    return run
  },
  'anomaly-list': ({ kind, limit }, { ws }) => listAnomalies(ws.db, { kind, limit }),
  'anomaly-line-items': ({ id, limit }, { ws }) => {
    const r = anomalyLineItems(ws.db, id, limit)
    if (!r) throw new ApiError({ code: 'not-found', message: `No anomaly ${id}.` })
    return r
  },
  'anomaly-scan': async ({ floorUsd, floorUtil }, { ws, pool, events, now }, job) => {
    const r = await pool.run('anomaly-scan', { workspacePath: ws.path, snapshotId: null, floorUsd, floorUtil, nowMs: now().getTime() }, {
      signal: job.signal,
      onProgress: (p) => job.progress(p.step, p.current, p.total),
    })
    events.emit({ type: 'tables-changed', tables: ['anomaly'] })
    return r
  },
}
