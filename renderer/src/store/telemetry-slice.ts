import type { StateCreator } from 'zustand'
import type { ApiError } from '../../../shared/errors'
import { detectTelemetryText } from '../../../shared/telemetry-detect'
import type { SeriesKey, TelemetryOutcome, TelemetryQueryResult } from '../../../shared/telemetry-types'
import { call, runJob, stageFile, toApiError } from '../api/client'
import type { AppState } from './index'
import { cancelJob, trackRun } from './job-run'
import { IDLE, LOADING, READY, failed, type LoadState } from './types'

/** A telemetry import or Prometheus pull: one at a time, with progress, cancel and a summary. */
export interface TelemetryRun {
  kind: 'files' | 'pull'
  status: 'idle' | 'uploading' | 'running' | 'done' | 'failed'
  label: string
  jobId: string | null
  outcomes: TelemetryOutcome[]
  error: ApiError | null
}

export interface PullForm {
  url: string
  query: string
  /** datetime-local values (UTC). */
  start: string
  end: string
  /** Seconds. */
  step: number
}

export interface UtilisationData {
  metric: string | null
  /** Unit of the metric's values ('%' or 'ratio'), for the axis. */
  unit: '%' | 'ratio' | ''
  result: TelemetryQueryResult | null
}

export type UtilisationGroup = Extract<SeriesKey, 'gpuModel' | 'host' | 'namespace' | 'pod' | 'team' | 'project'>

const NO_RUN: TelemetryRun = { kind: 'files', status: 'idle', label: '', jobId: null, outcomes: [], error: null }

/** Utilisation metrics in order of preference: DCGM's GPU utilisation first, then look-alikes. */
const UTIL_PREFERENCE: { re: RegExp; unit: '%' | 'ratio' }[] = [
  { re: /^DCGM_FI_DEV_GPU_UTIL$/, unit: '%' },
  { re: /^DCGM_FI_PROF_GR_ENGINE_ACTIVE$|^DCGM_FI_PROF_SM_ACTIVE$/, unit: 'ratio' },
  { re: /^dcgm_gpu_utilization$/, unit: '%' },
  { re: /gpu.*(util|duty)/i, unit: '%' },
  { re: /util/i, unit: '%' },
]

export interface TelemetrySlice {
  telemetryRun: TelemetryRun
  utilisation: UtilisationData | null
  utilisationLoad: LoadState
  utilisationGroup: UtilisationGroup
  /** Which of the files are telemetry (by name and first/last bytes, as the backend decides). */
  splitTelemetryFiles: (files: File[]) => Promise<{ telemetry: File[]; other: File[] }>
  importTelemetryFiles: (files: File[]) => Promise<void>
  pullPrometheus: (form: PullForm) => Promise<void>
  cancelTelemetryRun: () => Promise<void>
  dismissTelemetryRun: () => void
  loadUtilisation: () => Promise<void>
  setUtilisationGroup: (g: UtilisationGroup) => void
}

let seq = 0

export const createTelemetrySlice: StateCreator<AppState, [], [], TelemetrySlice> = (set, get) => ({
  telemetryRun: NO_RUN,
  utilisation: null,
  utilisationLoad: IDLE,
  utilisationGroup: 'gpuModel',

  splitTelemetryFiles: async (files) => {
    const telemetry: File[] = []
    const other: File[] = []
    for (const f of files) {
      const head = await f.slice(0, 64 * 1024).text()
      const tail = f.size > 64 * 1024 ? await f.slice(f.size - 256).text() : head.slice(-256)
      if (detectTelemetryText(f.name, head, tail)) telemetry.push(f)
      else other.push(f)
    }
    return { telemetry, other }
  },

  importTelemetryFiles: async (files) => {
    if (files.length === 0) return
    const label = files.map((f) => f.name).join(', ')
    set({ telemetryRun: { ...NO_RUN, kind: 'files', status: 'uploading', label } })
    await trackRun(set, 'telemetryRun', async (patch, onStarted) => {
      const staged = []
      for (const f of files) staged.push(await stageFile(f))
      patch({ status: 'running' })
      return runJob('telemetry-import', { files: staged.map((s) => ({ ref: s.ref, name: s.name })) }, undefined, { onStarted })
    })
  },

  pullPrometheus: async (form) => {
    const label = `${form.query} from ${form.url}`
    set({ telemetryRun: { ...NO_RUN, kind: 'pull', status: 'running', label } })
    await trackRun(set, 'telemetryRun', (_patch, onStarted) => {
      const start = Date.parse(`${form.start}Z`) / 1000
      const end = Date.parse(`${form.end}Z`) / 1000
      return runJob('telemetry-pull', { url: form.url, query: form.query, start, end, step: form.step }, undefined, { onStarted })
    })
  },

  cancelTelemetryRun: () => cancelJob(get().telemetryRun.jobId, get().reportError, 'Could not cancel'),

  dismissTelemetryRun: () => set({ telemetryRun: NO_RUN }),

  loadUtilisation: async () => {
    const my = ++seq
    set((s) => ({ utilisationLoad: LOADING(s.utilisationLoad) }))
    try {
      const list = await call('telemetry-series-list', { limit: 0 })
      let metric: string | null = null
      let unit: UtilisationData['unit'] = ''
      for (const p of UTIL_PREFERENCE) {
        const m = list.metrics.find((x) => p.re.test(x.metric))
        if (m) {
          metric = m.metric
          unit = p.unit
          break
        }
      }
      const result = metric ? await call('telemetry-query', { metric, groupBy: get().utilisationGroup, maxGroups: 12 }) : null
      if (my === seq) set({ utilisation: { metric, unit, result }, utilisationLoad: READY })
    } catch (err) {
      if (my === seq) set({ utilisationLoad: failed(toApiError(err)) })
    }
  },

  setUtilisationGroup: (g) => {
    set({ utilisationGroup: g })
    void get().loadUtilisation()
  },
})
