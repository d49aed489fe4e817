import type { MethodName, Methods, ParsedInputOf, ResultOf } from '../../shared/contract'
import type { JobContext, JobRunner } from '../jobs/job-runner'
import type { EventBus } from '../jobs/event-bus'
import type { AppPool } from '../worker/pool'
import type { Workspace } from '../workspace/workspace'
import type { FileRefs } from './file-refs'

/** What every handler may use: services, never transports. */
export interface HandlerContext {
  ws: Workspace
  pool: AppPool
  jobs: JobRunner
  events: EventBus
  files: FileRefs
  now: () => Date
}

export type CallHandler<K extends MethodName> = (input: ParsedInputOf<K>, ctx: HandlerContext) => ResultOf<K> | Promise<ResultOf<K>>
export type JobHandler<K extends MethodName> = (
  input: ParsedInputOf<K>,
  ctx: HandlerContext,
  job: JobContext,
) => Promise<ResultOf<K>>

export type HandlerOf<K extends MethodName> = Methods[K]['job'] extends true ? JobHandler<K> : CallHandler<K>

/** A domain's handler file exports one of these; the registry merges them. */
export type HandlerTable<Ks extends MethodName> = { [K in Ks]: HandlerOf<K> }
