import type { StateCreator } from 'zustand'
import type { JobProgressEvent } from '../../../shared/contract'
import type { ApiError } from '../../../shared/errors'
import type { Anomaly, AnomalyLineItem, ForecastRun, ForecastSpeed, ForecastTarget } from '../../../shared/forecast-types'
import { call, runJob, toApiError } from '../api/client'
import type { AppState } from './index'
import { cancelJob } from './job-run'
import { IDLE, LOADING, READY, failed, type LoadState } from './types'

/** Horizons offered for model-selected runs (days): up to 18 months. */
export const RUN_HORIZONS = [14, 30, 90, 180, 365, 548] as const

export interface ForecastRunState {
  status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled'
  jobId: string | null
  progress: { step: string; current: number; total: number } | null
  error: ApiError | null
}

export interface ForecastRunSlice {
  runTargets: ForecastTarget[]
  runHorizon: number
  /** Speed preset of the next run (fast / balanced / best). */
  runSpeed: ForecastSpeed
  forecastRun: ForecastRunState
  /** The run on screen (latest, or the one just finished). */
  currentRun: ForecastRun | null
  currentRunLoad: LoadState
  selectedSeriesKey: string | null
  anomalies: Anomaly[]
  anomaliesLoad: LoadState
  lineItems: { anomalyId: number; rows: AnomalyLineItem[]; total: number; load: LoadState } | null
  toggleRunTarget: (t: ForecastTarget) => void
  setRunHorizon: (days: number) => void
  setRunSpeed: (speed: ForecastSpeed) => void
  startForecastRun: () => Promise<void>
  cancelForecastRun: () => Promise<void>
  loadLatestRun: () => Promise<void>
  selectSeries: (key: string) => void
  loadAnomalies: () => Promise<void>
  showLineItems: (anomalyId: number | null) => Promise<void>
}

export const createForecastRunSlice: StateCreator<AppState, [], [], ForecastRunSlice> = (set, get) => ({
  runTargets: ['cost-total', 'cost-provider'],
  runHorizon: 90,
  runSpeed: 'balanced',
  forecastRun: { status: 'idle', jobId: null, progress: null, error: null },
  currentRun: null,
  currentRunLoad: IDLE,
  selectedSeriesKey: null,
  anomalies: [],
  anomaliesLoad: IDLE,
  lineItems: null,
  toggleRunTarget: (t) =>
    set((s) => ({ runTargets: s.runTargets.includes(t) ? s.runTargets.filter((x) => x !== t) : [...s.runTargets, t] })),
  setRunHorizon: (days) => set({ runHorizon: days }),
  setRunSpeed: (speed) => set({ runSpeed: speed }),
  startForecastRun: async () => {
    const { runTargets, runHorizon, runSpeed } = get()
    set({ forecastRun: { status: 'running', jobId: null, progress: null, error: null } })
    const onProgress = (e: JobProgressEvent): void =>
      set((s) => ({ forecastRun: { ...s.forecastRun, progress: { step: e.step, current: e.current, total: e.total } } }))
    try {
      const run = await runJob('forecast-run', { targets: runTargets, horizon: runHorizon, levels: [50, 80, 95], speed: runSpeed }, onProgress, {
        onStarted: (jobId) => set((s) => ({ forecastRun: { ...s.forecastRun, jobId } })),
      })
      set({
        forecastRun: { status: 'done', jobId: null, progress: null, error: null },
        currentRun: run,
        currentRunLoad: READY,
        selectedSeriesKey: run.series[0]?.key ?? null,
      })
    } catch (err) {
      const error = toApiError(err)
      set({ forecastRun: { status: error.code === 'cancelled' ? 'cancelled' : 'failed', jobId: null, progress: null, error } })
    }
  },
  cancelForecastRun: () => cancelJob(get().forecastRun.jobId, get().reportError, 'Could not cancel the forecast run'),
  loadLatestRun: async () => {
    set((s) => ({ currentRunLoad: LOADING(s.currentRunLoad) }))
    try {
      const runs = await call('forecast-run-list', { limit: 10 })
      const latest = runs.find((r) => r.status === 'done')
      const run = latest ? await call('forecast-run-get', { id: latest.id }) : null
      set((s) => ({
        currentRun: run,
        currentRunLoad: READY,
        selectedSeriesKey: run?.series.some((x) => x.key === s.selectedSeriesKey) ? s.selectedSeriesKey : (run?.series[0]?.key ?? null),
      }))
    } catch (err) {
      set({ currentRunLoad: failed(toApiError(err)) })
    }
  },
  selectSeries: (key) => set({ selectedSeriesKey: key }),
  loadAnomalies: async () => {
    set((s) => ({ anomaliesLoad: LOADING(s.anomaliesLoad) }))
    try {
      const anomalies = await call('anomaly-list', { limit: 100 })
      set({ anomalies, anomaliesLoad: READY })
    } catch (err) {
      set({ anomaliesLoad: failed(toApiError(err)) })
    }
  },
  showLineItems: async (anomalyId) => {
    if (anomalyId === null) {
      set({ lineItems: null })
      return
    }
    set({ lineItems: { anomalyId, rows: [], total: 0, load: LOADING(IDLE) } })
    try {
      const r = await call('anomaly-line-items', { id: anomalyId, limit: 20 })
      if (get().lineItems?.anomalyId === anomalyId) set({ lineItems: { anomalyId, rows: r.rows, total: r.total, load: READY } })
    } catch (err) {
      if (get().lineItems?.anomalyId === anomalyId) set({ lineItems: { anomalyId, rows: [], total: 0, load: failed(toApiError(err)) } })
    }
  },
})
