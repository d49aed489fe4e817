import type { CsvMapping, TelemetryFormat } from '../../../shared/telemetry-types'
import { withConnection } from '../../db/open'
import { defineJobs, type ReportProgress, stepProgress } from '../../jobs/job-table'
import { importTelemetryFile } from './import-file'
import { pullPrometheus } from './prom-pull'

export interface TelemetryImportPayload {
  workspacePath: string
  path: string
  fileName: string
  format?: TelemetryFormat | undefined
  mapping?: CsvMapping | undefined
  /** Epoch ms of the import (snapshot time; stamp for samples without a timestamp). */
  nowMs: number
}

export interface TelemetryPullPayload {
  workspacePath: string
  url: string
  query: string
  start: number
  end: number
  step: number
  pointsPerWindow: number
  nowMs: number
}

/** Telemetry imports and Prometheus pulls in a worker thread, each on a connection of its own. */
export const telemetryJobs = defineJobs({
  'telemetry-import': async (p: TelemetryImportPayload, progress: ReportProgress) => {
    return withConnection(p.workspacePath, async (db) => {
      const now = () => new Date(p.nowMs)
      return await importTelemetryFile(db, { path: p.path, fileName: p.fileName, format: p.format, mapping: p.mapping, now }, stepProgress(progress))
    })
  },
  'telemetry-pull': async (p: TelemetryPullPayload, progress: ReportProgress) => {
    return withConnection(p.workspacePath, async (db) => {
      const now = () => new Date(p.nowMs)
      return await pullPrometheus(db, { url: p.url, query: p.query, start: p.start, end: p.end, step: p.step, pointsPerWindow: p.pointsPerWindow, now }, stepProgress(progress))
    })
  },
})
