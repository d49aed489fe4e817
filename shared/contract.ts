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
import type { JobProgressEvent } from './contract/wire'
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

// The wire (envelopes, push events, bridge, channel and route names) has no schemas: the renderer loads it
// without zod and the method tables.
export * from './contract/wire'
