import { ApiError } from '../../shared/errors'
import type { JobPool } from '../jobs/job-table'
import type { ForecastBatchPayload, GlobalTrainPayload } from './batch'
import type { forecastJobs } from './worker-jobs'
import { CANDIDATES, type CandidateName, type SeriesForecast, type SeriesInput } from './engine'
import type { GlobalModel } from './models/global-mlp'
import { DEFAULT_SPEED, SPEED_PRESETS, presetModels } from './presets'
import type { ForecastSpeed } from '../../shared/forecast-types'

export interface RunForecastOptions {
  h: number
  levels: number[]
  origins?: number | undefined
  /** Candidate models; default: the speed preset's set. */
  models?: readonly CandidateName[] | undefined
  /** Speed preset (default balanced): the candidate set, and whether ARIMA's order search is warm-started. */
  speed?: ForecastSpeed | undefined
  /** Parallel pool tasks (default 2: the machine's cores). */
  parts?: number
  signal?: AbortSignal | undefined
  onProgress?: (step: string, current: number, total: number) => void
  seed?: number
}

/** The global model only trains when the run has enough windows and a horizon it can output in one shot. */
export const GLOBAL_MAX_H = 200

/**
 * Forecasts many series on the worker pool: the global model (when asked and possible) trains first in one
 * task, then the series are split round-robin across `parts` tasks that run in parallel. Results come back in
 * input order; progress counts series done over all tasks.
 */
export async function runForecasts(pool: JobPool<typeof forecastJobs>, series: readonly SeriesInput[], o: RunForecastOptions): Promise<{ results: SeriesForecast[]; global: GlobalModel | null }> {
  const speed = o.speed ?? DEFAULT_SPEED
  const m0 = series[0]?.seasons.filter((s) => s > 1).sort((a, b) => a - b)[0] ?? 1
  const models = o.models ?? (series.length ? presetModels(speed, m0) : CANDIDATES)
  const warmStart = SPEED_PRESETS[speed].warmStart
  const origins = o.origins ?? 4
  let global: GlobalModel | null = null
  let globalFinal: GlobalModel | null = null
  const total = series.length
  if (models.includes('global') && o.h <= GLOBAL_MAX_H && series.length >= 2) {
    const m = series[0]?.seasons.filter((s) => s > 1).sort((a, b) => a - b)[0] ?? 1
    const base: Omit<GlobalTrainPayload, 'holdout'> = { series: series.map((s) => s.y), H: o.h, m, seed: o.seed ?? 42 }
    o.onProgress?.('Training the global model', 0, total)
    // Two fits on the two cores: one blind to the backtest windows (honest scores), one on all history (final forecasts).
    const epochs = [0, 0]
    const train = (holdout: number, i: number) =>
      pool.run('forecast-global-train', { ...base, holdout }, {
        ...(o.signal ? { signal: o.signal } : {}),
        onProgress: (p) => {
          epochs[i] = p.current
          o.onProgress?.(`Training the global model (epoch ${Math.min(epochs[0] as number, epochs[1] as number)}/${p.total})`, 0, total)
        },
      })
    ;[global, globalFinal] = await Promise.all([train(origins * o.h, 0), origins > 0 ? train(0, 1) : Promise.resolve(null)])
  }
  const parts = Math.max(1, Math.min(o.parts ?? 2, series.length))
  const chunks: { idx: number[]; series: SeriesInput[] }[] = Array.from({ length: parts }, () => ({ idx: [], series: [] }))
  series.forEach((s, i) => {
    const c = chunks[i % parts] as { idx: number[]; series: SeriesInput[] }
    c.idx.push(i)
    c.series.push(s)
  })
  const done = new Array<number>(parts).fill(0)
  const results = new Array<SeriesForecast>(total)
  await Promise.all(
    chunks.map(async (c, ci) => {
      if (c.series.length === 0) return
      const payload: ForecastBatchPayload = { series: c.series, h: o.h, levels: o.levels, origins, models: [...models], global, globalFinal, warmStart }
      const out = await pool.run('forecast-batch', payload, {
        ...(o.signal ? { signal: o.signal } : {}),
        onProgress: (p) => {
          done[ci] = p.current
          o.onProgress?.(`Forecasting ${p.step}`, done.reduce((a, b) => a + b, 0), total)
        },
      })
      out.forEach((r, k) => {
        results[c.idx[k] as number] = r
      })
    }),
  )
  if (results.some((r) => !r)) throw new ApiError({ code: 'internal', message: 'A forecast task returned too few results.' })
  return { results, global }
}
