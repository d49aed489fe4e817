import type { MessagePort } from 'node:worker_threads'

/** Every kind of work the pool runs; each maps to one pure job function in worker.ts. */
export type WorkerJobKind = 'focus-csv-import' | 'telemetry-import' | 'telemetry-pull'
  | 'forecast-batch' // payload: ForecastBatchPayload (main/forecast/batch.ts)
  | 'forecast-global-train' // payload: GlobalTrainPayload (main/forecast/batch.ts)
  | 'anomaly-scan' // payload: AnomalyScanPayload
  | 'forecast-targets' // payload: ForecastTargetsPayload
  | 'simulate-chunk' // payload: SimulateChunkPayload (main/simulate/engine.ts)
  | 'optimize' // payload: OptimizePayload (main/optimize/milp.ts)
  | 'pareto' // payload: ParetoPayload (main/optimize/pareto.ts)
  | 'explore-refresh' // payload: WorkspacePayload (main/explore/aggregate.ts)
  | 'classify-embed' // payload: ClassifyEmbedPayload (main/classify/embed-subjects.ts)

export interface WorkerTask {
  kind: WorkerJobKind
  payload: unknown
  port: MessagePort
}

export interface WorkerProgress {
  step: string
  current: number
  total: number
}

export interface FocusCsvImportPayload {
  workspacePath: string
  path: string
  fileName: string
  /** Billing schema family; detected from the header when absent ('focus-csv-import' reads every billing format). */
  format?: import('../../shared/billing-types').BillingFormat | undefined
}

export interface TelemetryImportPayload {
  workspacePath: string
  path: string
  fileName: string
  format?: import('../../shared/telemetry-types').TelemetryFormat | undefined
  mapping?: import('../../shared/telemetry-types').CsvMapping | undefined
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

export interface AnomalyScanPayload {
  workspacePath: string
  snapshotId: number | null
  floorUsd?: number | undefined
  floorUtil?: number | undefined
  nowMs: number
}

/** Monte Carlo paths [pathStart, pathEnd) of a compiled scenario. */
export interface SimulateChunkPayload {
  model: import('../simulate/engine').CompiledModel
  pathStart: number
  pathEnd: number
}

export interface OptimizePayload {
  problem: import('../../shared/scenario-types').OptimizeProblem
  catalog: import('../../shared/scenario-types').Catalog
  greedy: boolean
}

export interface ParetoPayload {
  problem: import('../../shared/scenario-types').OptimizeProblem
  catalog: import('../../shared/scenario-types').Catalog
  axis: 'carbon' | 'wait'
  points: number
}

/** Reads the daily series of a forecast run's targets on a worker's own connection (big GROUP BYs stay off the main thread). */
export interface ForecastTargetsPayload {
  workspacePath: string
  targets: import('../../shared/forecast-types').ForecastTarget[]
  metric: string
}

/** Jobs that only need the workspace file (their own connection). */
export interface WorkspacePayload {
  workspacePath: string
}

export interface ClassifyEmbedPayload {
  workspacePath: string
  modelPath: string
}
