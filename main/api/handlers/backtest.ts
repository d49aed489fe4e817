import type { BacktestHistoryInfo } from '../../../shared/backtest-types'
import { ApiError } from '../../../shared/errors'
import type { BacktestLoadPayload } from '../../backtest/worker-jobs'
import { catalogIdFor, resolvePrices } from '../../backtest/pricing'
import { runBacktest } from '../../backtest/run'
import { getCatalog } from '../../catalog/catalog'
import type { HandlerTable } from '../handler-types'

export const backtestHandlers: HandlerTable<'backtest-history' | 'backtest-run'> = {
  'backtest-history': async (_input, { ws, pool }) => {
    const h = await pool.run('backtest-load', { workspacePath: ws.path })
    const cat = getCatalog(ws.db)
    const info: BacktestHistoryInfo = {
      source: h.kind === 'csv' ? null : h.kind,
      start: h.start,
      hours: h.values[0]?.length ?? 0,
      types: h.types.map((type, i) => ({ type, accelerator: catalogIdFor(cat, type), demandHours: (h.values[i] as number[]).reduce((a, b) => a + b, 0), seenAt: h.seenAt[type] ?? null })),
    }
    return info
  },
  'backtest-run': async (input, { ws, pool, files }, job) => {
    job.progress('Reading the demand history', 0, 0)
    const payload: BacktestLoadPayload = input.demand ? files.resolve(input.demand.ref, input.demand.name) : { workspacePath: ws.path }
    const h = await pool.run('backtest-load', payload, { signal: job.signal })
    if (h.types.length === 0) {
      throw new ApiError({
        code: 'not-found',
        message: input.demand ? `${h.source} holds no demand.` : 'The workspace has no accelerator-hours yet: import GPU telemetry or billing with accelerator instances (Data page), or backtest a demand CSV.',
      })
    }
    const fromFile = h.kind === 'csv'
    const { prices, notes, skipped } = resolvePrices(getCatalog(ws.db), {
      types: h.types,
      map: input.map,
      provider: input.provider,
      region: input.region,
      options: input.options,
      seenAt: h.seenAt,
      file: fromFile ? h.source : undefined,
      skipUnpriced: !fromFile,
    })
    const keep = h.types.map((t) => !skipped.includes(t))
    return runBacktest(
      pool,
      {
        source: h.source,
        types: h.types.filter((_, i) => keep[i]),
        values: h.values.filter((_, i) => keep[i]),
        start: h.start,
        split: input.split,
        prices,
        options: input.options,
        speed: input.speed,
        notes: [...h.notes, ...notes],
      },
      { signal: job.signal, onProgress: (step, current, total) => job.progress(step, current, total) },
    )
  },
}
