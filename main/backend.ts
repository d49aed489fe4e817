import { existsSync, mkdirSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { methods } from '../shared/contract'
import { describeError, toErrorShape } from '../shared/errors'
import { FileRefs } from './api/file-refs'
import type { HandlerContext } from './api/handler-types'
import { billingHandlers } from './api/handlers/billing'
import { telemetryHandlers } from './api/handlers/telemetry'
import { buildRegistry, createDispatcher, type Dispatcher } from './api/registry'
import { deriveWorkloadsOnFirstRead } from './api/workload-refresh'
import { WorkspaceSwitcher } from './api/workspace-switch'
import { loadMstl } from './forecast/models/mstl'
import { EventBus } from './jobs/event-bus'
import { JobRunner } from './jobs/job-runner'
import { createWorkerPool } from './worker/pool'
import { demoPath, demoRemoved, lastWorkspace, rememberWorkspace } from './workspace/recent'
import { Workspace } from './workspace/workspace'

export interface BackendOptions {
  /** A workspace file; without one the demo workspace in `dataDir` is opened (and built on first launch). */
  workspacePath?: string
  /** Create `workspacePath` when it does not exist. */
  create?: boolean
  dataDir?: string
  resourcesDir?: string
  now?: () => Date
  maxThreads?: number
  /** Record the workspace in the recent list (the app and the web host; not the CLI or tests). */
  remember?: boolean
}

export interface Backend {
  ctx: HandlerContext
  dispatcher: Dispatcher
  events: EventBus
  close(): Promise<void>
}

export const DEMO_FILES = ['focus-1.0-sample-1000.csv', 'demo-accelerator-spend.focus.csv'] as const
/** The demo fleet's DCGM-style telemetry (scripts/generate-demo-telemetry.ts), imported after the billing files. */
export const DEMO_TELEMETRY_FILES = ['demo-accelerator-telemetry.json'] as const

export function defaultDataDir(): string {
  return process.env.FLEETPLAN_HOME ?? join(homedir(), '.fleetplan')
}

/** resources/ beside the app: FLEETPLAN_RESOURCES (packaged app), else found walking up from this file. */
export function findResourcesDir(): string {
  const env = process.env.FLEETPLAN_RESOURCES
  if (env) return env
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'resources', 'demo'))) return join(dir, 'resources')
    dir = dirname(dir)
  }
  throw new Error('Cannot find the resources/ folder (set FLEETPLAN_RESOURCES).')
}

export async function startBackend(opts: BackendOptions = {}): Promise<Backend> {
  const now = opts.now ?? (() => new Date())
  const dataDir = opts.dataDir ?? defaultDataDir()
  // Without a named workspace: the one used last, else the demo (built on first launch), else — when the
  // person removed the demo — an empty workspace of their own.
  const chosen = opts.workspacePath ?? lastWorkspace(dataDir) ?? (demoRemoved(dataDir) ? join(dataDir, 'my-workspace.fleetplan.sqlite') : demoPath(dataDir))
  const path = resolve(chosen)
  const demo = path === demoPath(dataDir)
  mkdirSync(dirname(path), { recursive: true })
  const isNewDemo = demo && !existsSync(path)
  // The cost forecast may also run inline (baseline figures without a precomputed forecast): with MSTL, as in the workers.
  await loadMstl()
  const ws = Workspace.open(path, { create: demo || !opts.workspacePath || (opts.create ?? false), isDemo: demo, now })
  const events = new EventBus()
  const pool = createWorkerPool(opts.maxThreads)
  const ctx: HandlerContext = {
    ws,
    workspaces: null as unknown as HandlerContext['workspaces'],
    pool,
    jobs: new JobRunner(events),
    events,
    files: new FileRefs(join(tmpdir(), `fleetplan-staging-${process.pid}`)),
    now,
  }
  const dispatcher = createDispatcher(buildRegistry(), ctx)
  // The demo is built through the same import handler a user's files take, into the workspace given.
  const buildDemo = async (target: Workspace, progress: (step: string, current: number, total: number) => void, signal?: AbortSignal): Promise<void> => {
    const resources = opts.resourcesDir ?? findResourcesDir()
    deriveWorkloadsOnFirstRead(target)
    const input = methods['billing-import'].input.parse({ files: DEMO_FILES.map((f) => ({ ref: join(resources, 'demo', f) })) })
    const job = { jobId: 'demo', signal: signal ?? new AbortController().signal, progress }
    await billingHandlers['billing-import'](input, { ...ctx, ws: target }, job)
    const telemetry = methods['telemetry-import'].input.parse({ files: DEMO_TELEMETRY_FILES.map((f) => ({ ref: join(resources, 'demo', f) })) })
    await telemetryHandlers['telemetry-import'](telemetry, { ...ctx, ws: target }, job)
  }
  ctx.workspaces = new WorkspaceSwitcher(ctx, dataDir, buildDemo)
  if (isNewDemo) {
    try {
      await buildDemo(ws, () => undefined)
    } catch (err) {
      throw new Error(`Building the demo workspace failed: ${describeError(toErrorShape(err))}`)
    }
  }
  if (opts.remember) rememberWorkspace(dataDir, path, now())
  return {
    ctx,
    dispatcher,
    events,
    close: async () => {
      await pool.close()
      ctx.files.cleanup()
      ctx.ws.close()
    },
  }
}
