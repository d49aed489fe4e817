import type { MethodName, Methods, ParsedInputOf, ResultOf } from '../../shared/contract'
import type { JobContext, JobRunner } from '../jobs/job-runner'
import type { EventBus } from '../jobs/event-bus'
import type { AppPool } from '../worker/pool'
import type { WorkspaceInfo, WorkspaceList } from '../../shared/types'
import type { Workspace } from '../workspace/workspace'
import type { FileRefs } from './file-refs'

/** New / Open / Recent workspaces and the demo (main/api/workspace-switch.ts). */
export interface WorkspaceControl {
  list(): WorkspaceList
  open(path: string, cancelJobs: boolean): Promise<WorkspaceInfo>
  create(path: string, cancelJobs: boolean): Promise<WorkspaceInfo>
  openDemo(cancelJobs: boolean, onProgress: (step: string, current: number, total: number) => void, signal?: AbortSignal): Promise<WorkspaceInfo>
  removeDemo(): WorkspaceList
  forget(path: string): WorkspaceList
}

/** What every handler may use: services, never transports. */
export interface HandlerContext {
  /** The open workspace: read it when a call starts (switching replaces it between calls, never during a job). */
  ws: Workspace
  workspaces: WorkspaceControl
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
