import { forecastSeries, type CandidateName, type SeriesForecast, type SeriesInput } from './engine'
import { trainGlobal, type GlobalModel } from './models/global-mlp'
import { loadMstl } from './models/mstl'

/** Worker-side job bodies: pure functions of their payload (no database), so the CLI, bench and app share them. */
export interface ForecastBatchPayload {
  series: SeriesInput[]
  h: number
  levels: number[]
  origins?: number | undefined
  models?: CandidateName[] | undefined
  global?: GlobalModel | null | undefined
  globalFinal?: GlobalModel | null | undefined
  warmStart?: boolean | undefined
}

export async function forecastBatch(p: ForecastBatchPayload, progress: (done: number, total: number, id: string) => void): Promise<SeriesForecast[]> {
  await loadMstl()
  const out: SeriesForecast[] = []
  for (const s of p.series) {
    out.push(forecastSeries(s, { h: p.h, levels: p.levels, origins: p.origins, models: p.models, global: p.global ?? null, globalFinal: p.globalFinal ?? null, warmStart: p.warmStart }))
    progress(out.length, p.series.length, s.id)
  }
  return out
}

export interface GlobalTrainPayload {
  series: number[][]
  H: number
  m: number
  holdout: number
  seed: number
  epochs?: number | undefined
  maxWindows?: number | undefined
}

export function globalTrain(p: GlobalTrainPayload, progress: (epoch: number, epochs: number) => void): GlobalModel | null {
  return trainGlobal(p.series, { H: p.H, m: p.m, holdout: p.holdout, seed: p.seed, epochs: p.epochs, maxWindows: p.maxWindows, onProgress: progress })
}
