import type { MessagePort } from 'node:worker_threads'

/** Every kind of work the pool runs; each maps to one pure job function in worker.ts. */
export type WorkerJobKind = 'focus-csv-import'

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
}
