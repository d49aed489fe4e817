import { existsSync, mkdirSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeError } from '../shared/errors'
import { FileRefs } from './api/file-refs'
import type { HandlerContext } from './api/handler-types'
import { buildRegistry, createDispatcher, type Dispatcher } from './api/registry'
import { EventBus } from './jobs/event-bus'
import { JobRunner } from './jobs/job-runner'
import { createWorkerPool } from './worker/pool'
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
  const demo = !opts.workspacePath
  const path = resolve(opts.workspacePath ?? join(dataDir, 'demo.fleetplan.sqlite'))
  mkdirSync(dirname(path), { recursive: true })
  const isNewDemo = demo && !existsSync(path)
  const ws = Workspace.open(path, { create: demo || (opts.create ?? false), isDemo: demo, now })
  const events = new EventBus()
  const pool = createWorkerPool(opts.maxThreads)
  const ctx: HandlerContext = {
    ws,
    pool,
    jobs: new JobRunner(events),
    events,
    files: new FileRefs(join(tmpdir(), `fleetplan-staging-${process.pid}`)),
    now,
  }
  const dispatcher = createDispatcher(buildRegistry(), ctx)
  if (isNewDemo) {
    // First launch: the demo workspace is built through the same import path a user's files take.
    const resources = opts.resourcesDir ?? findResourcesDir()
    const files = DEMO_FILES.map((f) => ({ ref: join(resources, 'demo', f) }))
    const r = await dispatcher.run('billing-import', { files })
    if (!r.ok) throw new Error(`Building the demo workspace failed: ${describeError(r.error)}`)
    const t = await dispatcher.run('telemetry-import', { files: DEMO_TELEMETRY_FILES.map((f) => ({ ref: join(resources, 'demo', f) })) })
    if (!t.ok) throw new Error(`Building the demo workspace failed: ${describeError(t.error)}`)
  }
  return {
    ctx,
    dispatcher,
    events,
    close: async () => {
      await pool.close()
      ctx.files.cleanup()
      ws.close()
    },
  }
}
