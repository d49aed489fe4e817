/**
 * The renderer's one way to the backend: typed `call` and `runJob` helpers over whichever bridge is present
 * (the Electron preload's `window.fleetplan`, or the HTTP bridge in web mode). Method names, inputs and
 * results all come from shared/contract.ts; no channel or route string is written here.
 */
import type {
  CallMethodName,
  Envelope,
  FleetplanBridge,
  InputOf,
  JobMethodName,
  JobProgressEvent,
  MethodName,
  PushEvent,
  ReplyOf,
  ResultOf,
  StagedFile,
} from '../../../shared/contract'
import { camelCase } from '../../../shared/contract/wire'
import { ApiError, toErrorShape } from '../../../shared/errors'
import { createHttpBridge } from './http-bridge'

let bridgeInstance: FleetplanBridge | null = null

export function bridge(): FleetplanBridge {
  bridgeInstance ??= window.fleetplan ?? createHttpBridge()
  return bridgeInstance
}

/** For tests and storybook-like harnesses: use another bridge. */
export function setBridge(b: FleetplanBridge): void {
  bridgeInstance = b
}

async function send<K extends MethodName>(name: K, input: InputOf<K>): Promise<ReplyOf<K>> {
  const fn = bridge().api[camelCase(name) as keyof FleetplanBridge['api']] as unknown as
    | ((input: InputOf<K>) => Promise<Envelope<ReplyOf<K>>>)
    | undefined
  if (!fn) throw new ApiError({ code: 'unknown-method', message: `The bridge has no method ${name}.` })
  let envelope: Envelope<ReplyOf<K>>
  try {
    envelope = await fn(input)
  } catch (err) {
    // A transport that throws (IPC torn down, bug) still reaches the UI as a typed error.
    throw new ApiError(toErrorShape(err))
  }
  if (!envelope.ok) throw new ApiError(envelope.error)
  return envelope.value
}

/** Calls a short method and returns its result; failures throw `ApiError`. */
export function call<K extends CallMethodName>(name: K, input: InputOf<K>): Promise<ResultOf<K>> {
  return send(name, input) as Promise<ResultOf<K>>
}

const JOB_WATCHDOG_MS = 5_000

export interface JobHandlers {
  /** The job has an id: from now on it can be cancelled. */
  onStarted?: (jobId: string) => void
  onProgress?: (event: JobProgressEvent) => void
}

/**
 * Starts a long job and settles with its `job-done` result or `job-failed` error. The subscription is made
 * before the job starts and events for ids not known yet are buffered, so a job that finishes before its
 * start call has even answered is not missed.
 */
export function runJob<K extends JobMethodName>(
  name: K,
  input: InputOf<K>,
  onProgress?: (event: JobProgressEvent) => void,
  handlers: Omit<JobHandlers, 'onProgress'> = {},
): Promise<ResultOf<K>> {
  return new Promise<ResultOf<K>>((resolve, reject) => {
    let jobId: string | null = null
    let settled = false
    const early: PushEvent[] = []

    const handle = (e: PushEvent): void => {
      if (settled || e.type === 'tables-changed' || e.type === 'workspace-changed' || e.jobId !== jobId) return
      if (e.type === 'job-progress') onProgress?.(e)
      else if (e.type === 'job-done') finish(() => resolve(e.result as ResultOf<K>))
      else finish(() => reject(new ApiError(e.error)))
    }
    const finish = (settle: () => void): void => {
      if (settled) return
      settled = true
      clearInterval(watchdog)
      unsubscribe()
      settle()
    }
    // Push events can be missed (an event stream that reconnected mid-job): ask for the job's state now and
    // then, so a finished job never leaves the UI waiting.
    const watchdog = setInterval(() => {
      if (jobId === null || settled) return
      call('job-get', { jobId }).then(
        (s) => {
          if (s.state === 'done') finish(() => resolve(s.result as ResultOf<K>))
          else if (s.state === 'failed') finish(() => reject(new ApiError(s.error)))
        },
        () => undefined,
      )
    }, JOB_WATCHDOG_MS)
    const unsubscribe = bridge().onEvent((e) => {
      if (jobId === null) {
        if (e.type !== 'tables-changed') early.push(e)
        return
      }
      handle(e)
    })

    send(name, input).then(
      (reply) => {
        jobId = (reply as { jobId: string }).jobId
        handlers.onStarted?.(jobId)
        for (const e of early.splice(0)) handle(e)
      },
      (err: unknown) => finish(() => reject(err instanceof ApiError ? err : new ApiError(toErrorShape(err)))),
    )
  })
}

export function stageFile(file: File): Promise<StagedFile> {
  return bridge()
    .stageFile(file)
    .catch((err: unknown) => {
      throw err instanceof ApiError ? err : new ApiError(toErrorShape(err))
    })
}

export function onPushEvent(listener: (event: PushEvent) => void): () => void {
  return bridge().onEvent(listener)
}

/** Whether a native folder picker exists (desktop app only; web mode types the path). */
export function hasDirectoryPicker(): boolean {
  return typeof bridge().pickDirectory === 'function'
}

export async function pickDirectory(): Promise<string | null> {
  const b = bridge()
  if (!b.pickDirectory) return null
  try {
    return await b.pickDirectory()
  } catch (err) {
    throw toApiError(err)
  }
}

export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(toErrorShape(err))
}
