import type { Envelope } from '../../shared/contract'
import { toErrorShape } from '../../shared/errors'
import { openConnection } from '../db/open'
import { importBillingFile } from '../ingest/billing/billing-import'
import { importTelemetryFile } from '../ingest/telemetry/import-file'
import { pullPrometheus } from '../ingest/telemetry/prom-pull'
import { scanAnomalies } from '../anomaly/scan'
import { forecastBatch, globalTrain, type ForecastBatchPayload, type GlobalTrainPayload } from '../forecast/batch'
import { loadTargets } from '../forecast/targets'
import { optimize } from '../optimize/milp'
import { paretoFront } from '../optimize/pareto'
import { simulateChunk } from '../simulate/engine'
import { refreshExplore } from '../explore/aggregate'
import { embedSubjects } from '../classify/embed-subjects'
import type { ClassifyEmbedPayload, OptimizePayload, ParetoPayload, SimulateChunkPayload, WorkspacePayload } from './worker-jobs'
import type { AnomalyScanPayload, ForecastTargetsPayload, FocusCsvImportPayload, TelemetryImportPayload, TelemetryPullPayload, WorkerJobKind, WorkerProgress, WorkerTask } from './worker-jobs'

type JobFn = (payload: never, progress: (p: WorkerProgress) => void) => Promise<unknown>

const jobs: Record<WorkerJobKind, JobFn> = {
  'focus-csv-import': async (p: FocusCsvImportPayload, progress) => {
    // Each import writes through a connection of its own: the UI's connection keeps answering reads (WAL).
    const db = openConnection(p.workspacePath)
    try {
      return await importBillingFile(db, { path: p.path, fileName: p.fileName, format: p.format }, (step, current, total) =>
        progress({ step, current, total }),
      )
    } finally {
      db.close()
    }
  },
  'telemetry-import': async (p: TelemetryImportPayload, progress) => {
    const db = openConnection(p.workspacePath)
    try {
      const now = () => new Date(p.nowMs)
      return await importTelemetryFile(db, { path: p.path, fileName: p.fileName, format: p.format, mapping: p.mapping, now }, (step, current, total) =>
        progress({ step, current, total }),
      )
    } finally {
      db.close()
    }
  },
  'telemetry-pull': async (p: TelemetryPullPayload, progress) => {
    const db = openConnection(p.workspacePath)
    try {
      const now = () => new Date(p.nowMs)
      return await pullPrometheus(db, { url: p.url, query: p.query, start: p.start, end: p.end, step: p.step, pointsPerWindow: p.pointsPerWindow, now }, (step, current, total) =>
        progress({ step, current, total }),
      )
    } finally {
      db.close()
    }
  },
  'forecast-batch': async (p: ForecastBatchPayload, progress) =>
    forecastBatch(p, (current, total, id) => progress({ step: id, current, total })),
  'forecast-global-train': (p: GlobalTrainPayload, progress) =>
    Promise.resolve(globalTrain(p, (current, total) => progress({ step: 'epoch', current, total }))),
  'forecast-targets': (p: ForecastTargetsPayload) => {
    const db = openConnection(p.workspacePath)
    try {
      return Promise.resolve(loadTargets(db, p.targets, p.metric))
    } finally {
      db.close()
    }
  },
  'anomaly-scan': (p: AnomalyScanPayload, progress) => {
    const db = openConnection(p.workspacePath)
    try {
      return Promise.resolve(
        scanAnomalies(db, { snapshotId: p.snapshotId, floorUsd: p.floorUsd, floorUtil: p.floorUtil, now: new Date(p.nowMs) }, (step, current, total) =>
          progress({ step, current, total }),
        ),
      )
    } finally {
      db.close()
    }
  },
  'simulate-chunk': (p: SimulateChunkPayload, progress) => {
    const total = p.pathEnd - p.pathStart
    const every = Math.max(1, Math.floor(total / 100))
    return Promise.resolve(
      simulateChunk(p.model, p.pathStart, p.pathEnd, (done) => {
        if (done % every === 0 || done === total) progress({ step: 'Simulating paths', current: done, total })
      }),
    )
  },
  'explore-refresh': (p: WorkspacePayload, progress) => {
    const db = openConnection(p.workspacePath)
    try {
      return Promise.resolve(refreshExplore(db, (step, current, total) => progress({ step, current, total })))
    } finally {
      db.close()
    }
  },
  'classify-embed': async (p: ClassifyEmbedPayload, progress) => {
    const db = openConnection(p.workspacePath)
    try {
      return await embedSubjects(db, p.modelPath, (step, current, total) => progress({ step, current, total }))
    } finally {
      db.close()
    }
  },
  optimize: async (p: OptimizePayload) => optimize(p.problem, p.catalog, { withGreedy: p.greedy }),
  pareto: async (p: ParetoPayload, progress) =>
    paretoFront(p.problem, p.catalog, p.axis, p.points, (current, total) => progress({ step: 'Solving Pareto points', current, total })),
}

/** Answers with an envelope: structured clone drops an Error's class and extra fields (code, problems). */
export default async function run(task: WorkerTask): Promise<Envelope<unknown>> {
  const progress = (p: WorkerProgress): void => task.port.postMessage(p)
  try {
    return { ok: true, value: await jobs[task.kind](task.payload as never, progress) }
  } catch (err) {
    return { ok: false, error: toErrorShape(err) }
  } finally {
    task.port.close()
  }
}
