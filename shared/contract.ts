/**
 * The one API contract. Every method (name, input schema, result type, call or long job) and every push
 * event is declared here; preload, the web host, the renderer's client and the CLI all derive from it.
 */
import { z } from 'zod'
import type { ApiErrorShape } from './errors'
import {
  COST_DIMENSIONS,
  COST_METRICS,
  type CostForecast,
  type CostQueryResult,
  type ImportOutcome,
  type Plan,
  type PlanExportResult,
  type Snapshot,
  type WorkspaceInfo,
} from './types'

/** Phantom marker carrying a result type through the method table. */
declare const resultBrand: unique symbol
export interface Result<T> {
  readonly [resultBrand]?: T
}
const result = <T>(): Result<T> => ({})

interface MethodSpec<I extends z.ZodType, R, J extends boolean> {
  /** One sentence for the CLI's help and the README. */
  doc: string
  input: I
  result: Result<R>
  /** A long job returns `{ jobId }` at once; progress and the result arrive as push events. */
  job: J
}

function call<I extends z.ZodType, R>(doc: string, input: I, r: Result<R>): MethodSpec<I, R, false> {
  return { doc, input, result: r, job: false }
}
function job<I extends z.ZodType, R>(doc: string, input: I, r: Result<R>): MethodSpec<I, R, true> {
  return { doc, input, result: r, job: true }
}

const empty = z.object({}).strict()
const planId = z.string().regex(/^pl_[a-z0-9]{8,32}$/, 'a plan id looks like pl_xxxxxxxx')
const personName = z.string().trim().min(1, 'required').max(200)

/**
 * A file the main process can read: an absolute path (Electron file picker, drag and drop, CLI) or a
 * `staged:<id>` reference returned by the web host's upload endpoint.
 */
const fileRef = z.object({
  ref: z.string().min(1).max(4096),
  name: z.string().min(1).max(1024).optional(),
})

export const methods = {
  'workspace-info': call('Describe the open workspace: file, period, rows, total cost.', empty, result<WorkspaceInfo>()),
  'snapshot-list': call('List every import (snapshot), newest first.', empty, result<Snapshot[]>()),
  'snapshot-delete': call(
    'Delete a snapshot and every row it brought.',
    z.object({ id: z.number().int().positive() }).strict(),
    result<{ deleted: boolean }>(),
  ),
  'billing-import': job(
    'Import FOCUS billing files; each file is one atomic snapshot, re-imports are no-ops.',
    z.object({ files: z.array(fileRef).min(1).max(100) }).strict(),
    result<ImportOutcome[]>(),
  ),
  'cost-query': call(
    'Total cost grouped by FOCUS dimensions.',
    z
      .object({
        by: z.array(z.enum(COST_DIMENSIONS)).max(4).default([]),
        metric: z.enum(COST_METRICS).default('BilledCost'),
        /** Keep the N largest groups of the first non-time dimension; the rest become "Other". */
        top: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    result<CostQueryResult>(),
  ),
  'cost-forecast': call(
    'Seasonal-naive forecast of daily cost with 80/95 % intervals.',
    z
      .object({
        horizonDays: z.number().int().min(1).max(548).default(30),
        metric: z.enum(COST_METRICS).default('BilledCost'),
      })
      .strict(),
    result<CostForecast>(),
  ),
  'plan-list': call('List plans, newest first.', empty, result<Plan[]>()),
  'plan-get': call('One plan with its approval and exports.', z.object({ id: planId }).strict(), result<Plan>()),
  'plan-create': call(
    'Create a draft plan from the baseline scenario (current spend carried forward).',
    z
      .object({
        name: z.string().trim().min(1, 'required').max(120),
        description: z.string().max(4000).default(''),
        growthPctPerMonth: z.number().min(-100).max(1000).default(0),
        horizonDays: z.number().int().min(1).max(548).default(30),
      })
      .strict(),
    result<Plan>(),
  ),
  'plan-approve': call(
    'Approve a draft plan: records who, when and a content hash, and makes it immutable.',
    z.object({ id: planId, by: personName, comment: z.string().trim().min(1, 'required').max(4000) }).strict(),
    result<Plan>(),
  ),
  'plan-export': call(
    'Write an approved plan into a local Git checkout as a commit on a new branch; the working tree is untouched.',
    z.object({ id: planId, repoPath: z.string().min(1).max(4096) }).strict(),
    result<PlanExportResult>(),
  ),
  'job-cancel': call(
    'Cancel a running job; its work is rolled back.',
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result<{ cancelled: boolean }>(),
  ),
} as const

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
  tables: string[]
}
export type PushEvent = JobProgressEvent | JobDoneEvent | JobFailedEvent | TablesChangedEvent
export const pushEventTypes = ['job-progress', 'job-done', 'job-failed', 'tables-changed'] as const satisfies readonly PushEvent['type'][]

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
}

/** Electron IPC channel of a method: derived, never written by hand. */
export const ipcChannel = (name: MethodName): string => `fleetplan:${name}`
export const IPC_EVENT_CHANNEL = 'fleetplan:event'
export const IPC_PICK_DIRECTORY = 'fleetplan:pick-directory'
/** HTTP route of a method on the web host. */
export const httpRoute = (name: MethodName): string => `/api/call/${name}`
