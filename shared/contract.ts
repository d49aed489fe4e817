/**
 * The one API contract. Every method (name, input schema, result type, call or long job) and every push
 * event is declared here; preload, the web host, the renderer's client and the CLI all derive from it.
 *
 * Methods are declared per domain in shared/contract/<domain>.ts and merged below: a new method is one entry
 * in its domain's file, a new domain one file and one line here.
 */
import { z } from 'zod'
import type { ApiErrorShape } from './errors'
import { mergeTables } from './merge-tables'
import type { TableName } from './tables'
import type { WorkspaceInfo } from './types'
import { anomalyMethods } from './contract/anomaly'
import { autonomyMethods } from './contract/autonomy'
import { backtestMethods } from './contract/backtest'
import { billingMethods } from './contract/billing'
import { catalogMethods } from './contract/catalog'
import { classifyMethods } from './contract/classify'
import { costMethods } from './contract/cost'
import { exploreMethods } from './contract/explore'
import { forecastMethods } from './contract/forecast'
import { optimizeMethods } from './contract/optimize'
import { planMethods } from './contract/plan'
import { reconcileMethods } from './contract/reconcile'
import { policyMethods } from './contract/policy'
import { scenarioMethods } from './contract/scenario'
import { call, result, type Result } from './contract/spec'
import { telemetryMethods } from './contract/telemetry'
import { workloadMethods } from './contract/workload'
import { workspaceMethods } from './contract/workspace'

export type { MethodSpec, Result } from './contract/spec'

/** Jobs themselves (any job method's id). */
const jobMethods = {
  'job-cancel': call(
    'Cancel a running job; its work is rolled back.',
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result<{ cancelled: boolean }>(),
  ),
  'job-get': call(
    'State of a job (running with its last progress, done with its result, or failed): lets a client that missed push events catch up.',
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result<JobState>(),
  ),
} as const

export const methods = mergeTables(
  workspaceMethods,
  billingMethods,
  costMethods,
  planMethods,
  telemetryMethods,
  forecastMethods,
  anomalyMethods,
  catalogMethods,
  scenarioMethods,
  optimizeMethods,
  exploreMethods,
  classifyMethods,
  backtestMethods,
  reconcileMethods,
  workloadMethods,
  policyMethods,
  autonomyMethods,
  jobMethods,
)

/** A job as the runner knows it; finished jobs are remembered for a while after their last event. */
export type JobState =
  | { jobId: string; method: JobMethodName; state: 'running'; progress: Omit<JobProgressEvent, 'type'> | null }
  | { jobId: string; method: JobMethodName; state: 'done'; result: unknown }
  | { jobId: string; method: JobMethodName; state: 'failed'; error: ApiErrorShape }

export type Methods = typeof methods
export type MethodName = keyof Methods
export type InputOf<K extends MethodName> = z.input<Methods[K]['input']>
export type ParsedInputOf<K extends MethodName> = z.output<Methods[K]['input']>
export type ResultOf<K extends MethodName> = Methods[K]['result'] extends Result<infer R> ? R : never
export type IsJob<K extends MethodName> = Methods[K]['job']
export type JobMethodName = { [K in MethodName]: Methods[K]['job'] extends true ? K : never }[MethodName]
export type CallMethodName = Exclude<MethodName, JobMethodName>

/** What a method answers over a transport: a job's immediate answer is its id. */
export type ReplyOf<K extends MethodName> = IsJob<K> extends true ? { jobId: string } : ResultOf<K>

export const methodNames = Object.keys(methods) as MethodName[]

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name)
}

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
