import type { StateCreator } from 'zustand'
import type { CostForecast } from '../../../shared/types'
import { call, toApiError } from '../api/client'
import type { AppState } from './index'
import { LOADING, READY, failed, type LoadState } from './types'

export const FORECAST_HORIZONS = [14, 30, 60, 90] as const

export interface ForecastEntry {
  data: CostForecast | null
  load: LoadState
}

export interface ForecastSlice {
  /** Horizon chosen on the Forecast page. */
  forecastHorizon: number
  /** Forecasts by horizon (days): the Forecast page and the scenario preview share them. */
  forecasts: Partial<Record<number, ForecastEntry>>
  setForecastHorizon: (days: number) => void
  loadForecast: (days: number) => Promise<void>
  /** Reloads every horizon already asked for. */
  refreshForecasts: () => Promise<void>
}

const seqs = new Map<number, number>()

export const createForecastSlice: StateCreator<AppState, [], [], ForecastSlice> = (set, get) => ({
  forecastHorizon: 30,
  forecasts: {},
  setForecastHorizon: (days) => set({ forecastHorizon: days }),
  loadForecast: async (days) => {
    const seq = (seqs.get(days) ?? 0) + 1
    seqs.set(days, seq)
    const patch = (entry: ForecastEntry): void => set((s) => ({ forecasts: { ...s.forecasts, [days]: entry } }))
    const prev = get().forecasts[days]
    patch({ data: prev?.data ?? null, load: LOADING(prev?.load ?? { status: 'idle', error: null }) })
    try {
      const data = await call('cost-forecast', { horizonDays: days })
      if (seqs.get(days) === seq) patch({ data, load: READY })
    } catch (err) {
      if (seqs.get(days) === seq) patch({ data: prev?.data ?? null, load: failed(toApiError(err)) })
    }
  },
  refreshForecasts: async () => {
    await Promise.all(Object.keys(get().forecasts).map((k) => get().loadForecast(Number(k))))
  },
})
