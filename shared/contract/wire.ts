/**
 * The contract's wire, without schemas: envelopes, push events, the bridge the renderer sees, and the IPC
 * channel / HTTP route of every method, derived from its name. The renderer loads only this (and types):
 * building the contract's zod schemas cost its first screen tens of milliseconds for checks it never runs —
 * inputs are validated where they are handled, in main/.
 */
import type { ApiErrorShape } from '../errors'
import type { TableName } from '../tables'
import type { WorkspaceInfo } from '../types'
import type { InputOf, JobMethodName, MethodName, ReplyOf } from '../contract'

/** Every transport answers with this envelope, so typed errors survive IPC and HTTP. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape }

// ---- push events ----

export interface JobProgressEvent {
  type: 'job-progress'
  jobId: string
  method: JobMethodName
  /** What the job is doing now, for a person ("Reading focus.csv"). */
  step: string
  current: number
  /** 0 when the total is not known yet. */
  total: number
}
export interface JobDoneEvent {
  type: 'job-done'
  jobId: string
  method: JobMethodName
  result: unknown
}
export interface JobFailedEvent {
  type: 'job-failed'
  jobId: string
  method: JobMethodName
  error: ApiErrorShape
}
/** Writes announce the tables they changed; views refresh only what reads them. */
export interface TablesChangedEvent {
  type: 'tables-changed'
  tables: TableName[]
}
/** Another workspace was opened: every view reloads. */
export interface WorkspaceChangedEvent {
  type: 'workspace-changed'
  workspace: WorkspaceInfo
}
export type PushEvent = JobProgressEvent | JobDoneEvent | JobFailedEvent | TablesChangedEvent | WorkspaceChangedEvent
export const pushEventTypes = ['job-progress', 'job-done', 'job-failed', 'tables-changed', 'workspace-changed'] as const satisfies readonly PushEvent['type'][]

// ---- the bridge the renderer sees (preload in Electron, HTTP client in web mode) ----

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S

export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

export type ApiFunctions = {
  [K in MethodName as CamelCase<K>]: (input: InputOf<K>) => Promise<Envelope<ReplyOf<K>>>
}

/** A file the renderer handed to the main process for import. */
export interface StagedFile {
  ref: string
  name: string
  size: number
}

export interface FleetplanBridge {
  readonly transport: 'electron' | 'web'
  readonly api: ApiFunctions
  /** Subscribe to push events; returns the unsubscribe function. */
  onEvent(listener: (event: PushEvent) => void): () => void
  /** Make a dropped or picked File readable by the main process. */
  stageFile(file: File): Promise<StagedFile>
  /** Native folder picker (Electron only); web mode types the path. */
  pickDirectory?: () => Promise<string | null>
  /** Native open / save dialog for a workspace file (Electron only); web mode types the path on the host. */
  pickWorkspaceFile?: (mode: 'open' | 'new') => Promise<string | null>
}

/** Electron IPC channel of a method: derived, never written by hand. */
export const ipcChannel = (name: MethodName): string => `fleetplan:${name}`
export const IPC_EVENT_CHANNEL = 'fleetplan:event'
export const IPC_PICK_DIRECTORY = 'fleetplan:pick-directory'
export const IPC_PICK_WORKSPACE = 'fleetplan:pick-workspace'
/** HTTP route of a method on the web host. */
export const httpRoute = (name: MethodName): string => `/api/call/${name}`
/** Web host: server-sent push events. */
export const HTTP_EVENTS_ROUTE = '/api/events'
/** Web host: raw-body file upload (`?name=FILE`), answering `Envelope<StagedFile>`. */
export const HTTP_UPLOAD_ROUTE = '/api/upload'

/** camelCase bridge name → contract method name (`planExport` → `plan-export`). */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

/**
 * The long jobs (their reply is `{ jobId }`, progress and result come as push events). Listed here because the
 * wire cannot read the contract's tables without loading their schemas; the compiler checks the list against
 * the contract's `job` flags both ways (below and test/unit/contract.test.ts).
 */
export const JOB_METHODS = [
  'workspace-open-demo',
  'billing-import',
  'billing-export-focus',
  'telemetry-import',
  'telemetry-pull',
  'forecast-run',
  'anomaly-scan',
  'scenario-simulate',
  'optimize',
  'pareto',
  'explore-refresh',
  'classify-embed',
  'backtest-run',
  'workspace-reconcile',
  'workload-import',
  'policy-replay',
] as const satisfies readonly JobMethodName[]

// A job the list above forgot fails to compile here.
type UnlistedJob = Exclude<JobMethodName, (typeof JOB_METHODS)[number]>
export const JOB_LIST_COMPLETE: [UnlistedJob] extends [never] ? true : UnlistedJob = true

const jobs: ReadonlySet<string> = new Set(JOB_METHODS)
export const isJobMethod = (name: string): boolean => jobs.has(name)
