/**
 * New / Open / Recent workspaces and the demo, for every transport: the open workspace is swapped in the
 * handler context (each call reads `ctx.ws` when it starts), never while a job runs in the old one — the
 * switch is refused naming the jobs, or cancels them first when asked — and every client hears about it.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, extname, isAbsolute, resolve } from 'node:path'
import { ApiError } from '../../shared/errors'
import type { WorkspaceInfo, WorkspaceList } from '../../shared/types'
import { workspaceSummary } from '../workspace/cost-queries'
import { demoPath, demoRemoved, forgetWorkspace, recentWorkspaces, rememberWorkspace, setDemoRemoved } from '../workspace/recent'
import { Workspace } from '../workspace/workspace'
import type { HandlerContext, WorkspaceControl } from './handler-types'

const JOB_LABELS: Record<string, string> = {
  'billing-import': 'a billing import',
  'telemetry-import': 'a telemetry import',
  'telemetry-pull': 'a Prometheus pull',
  'forecast-run': 'a forecast run',
  'anomaly-scan': 'an anomaly scan',
  'scenario-simulate': 'a simulation',
  optimize: 'an optimization',
  pareto: 'a Pareto front',
  'workspace-reconcile': 'a reconciliation',
}

export const infoOf = (ws: Workspace): WorkspaceInfo => workspaceSummary(ws.db, ws.path, ws.name, ws.isDemo)

export class WorkspaceSwitcher implements WorkspaceControl {
  constructor(
    private readonly ctx: HandlerContext,
    private readonly dataDir: string,
    /** Imports the demo files into a workspace (the first-launch path). */
    private readonly buildDemo: (ws: Workspace, onProgress: (step: string, current: number, total: number) => void, signal?: AbortSignal) => Promise<void>,
  ) {}

  list(): WorkspaceList {
    const demo = demoPath(this.dataDir)
    return {
      current: infoOf(this.ctx.ws),
      recent: recentWorkspaces(this.dataDir),
      demo: { path: demo, exists: existsSync(demo), removed: demoRemoved(this.dataDir) },
      dataDir: resolve(this.dataDir),
    }
  }

  /** Refuses while jobs run in the open workspace, or cancels them (and waits for their rollback) when asked. */
  private async quiesce(cancelJobs: boolean, doing: string): Promise<void> {
    const running = this.ctx.jobs.runningJobs().filter((j) => !j.method.startsWith('workspace-open'))
    if (running.length === 0) return
    if (!cancelJobs) {
      const what = running.map((j) => `${JOB_LABELS[j.method] ?? j.method}${j.step ? ` (${j.step})` : ''}`).join(', ')
      throw new ApiError({
        code: 'conflict',
        message: `Cannot ${doing} while ${running.length === 1 ? 'a job is' : `${running.length} jobs are`} still running in ${this.ctx.ws.name}: ${what}. Wait for ${running.length === 1 ? 'it' : 'them'} to finish, or cancel and switch (what they were writing is rolled back).`,
      })
    }
    await this.ctx.jobs.cancelAll()
  }

  private swap(next: Workspace): WorkspaceInfo {
    const prev = this.ctx.ws
    this.ctx.ws = next
    if (prev !== next) prev.close()
    rememberWorkspace(this.dataDir, next.path, this.ctx.now())
    const info = infoOf(next)
    this.ctx.events.emit({ type: 'workspace-changed', workspace: info })
    return info
  }

  async open(path: string, cancelJobs: boolean): Promise<WorkspaceInfo> {
    const file = checkPath(path)
    if (file === resolve(this.ctx.ws.path)) return infoOf(this.ctx.ws)
    if (!existsSync(file)) {
      throw new ApiError({ code: 'not-found', message: `There is no workspace at ${file}. Check the path, or choose New workspace to create one there.` })
    }
    await this.quiesce(cancelJobs, `open ${file}`)
    // Opened (and checked: a Fleetplan file, migrated) before the current one is let go.
    const next = Workspace.open(file, { create: false, isDemo: file === demoPath(this.dataDir), now: this.ctx.now })
    return this.swap(next)
  }

  async create(path: string, cancelJobs: boolean): Promise<WorkspaceInfo> {
    const file = checkPath(path)
    if (existsSync(file)) {
      throw new ApiError({ code: 'conflict', message: `${file} already exists. Open it instead, or choose another name: a new workspace never overwrites a file.` })
    }
    if (!existsSync(dirname(file))) throw new ApiError({ code: 'not-found', message: `The folder ${dirname(file)} does not exist. Create it first, or choose another folder.` })
    await this.quiesce(cancelJobs, `create ${file}`)
    const next = Workspace.open(file, { create: true, isDemo: false, now: this.ctx.now })
    return this.swap(next)
  }

  async openDemo(cancelJobs: boolean, onProgress: (step: string, current: number, total: number) => void, signal?: AbortSignal): Promise<WorkspaceInfo> {
    const file = demoPath(this.dataDir)
    if (resolve(this.ctx.ws.path) === file) return infoOf(this.ctx.ws)
    await this.quiesce(cancelJobs, 'open the demo workspace')
    mkdirSync(this.dataDir, { recursive: true })
    const fresh = !existsSync(file)
    const next = Workspace.open(file, { create: true, isDemo: true, now: this.ctx.now })
    if (fresh) {
      // Built through the same import path as on first launch, before it is switched to; a failure (or cancel)
      // leaves the previous workspace open and no half-built demo behind.
      try {
        await this.buildDemo(next, onProgress, signal)
      } catch (err) {
        next.close()
        for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
        throw err
      }
    }
    return this.swap(next)
  }

  removeDemo(): WorkspaceList {
    const file = demoPath(this.dataDir)
    if (resolve(this.ctx.ws.path) === file) {
      throw new ApiError({ code: 'conflict', message: 'The demo workspace is open. Open or create another workspace first, then remove the demo.' })
    }
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}.bak`]) rmSync(f, { force: true })
    setDemoRemoved(this.dataDir, true)
    return this.list()
  }

  forget(path: string): WorkspaceList {
    forgetWorkspace(this.dataDir, path)
    return this.list()
  }
}

/** An absolute path to a workspace file; `.sqlite` is added when the name has no extension. */
function checkPath(path: string): string {
  const p = path.trim()
  if (!isAbsolute(p)) {
    throw new ApiError({ code: 'invalid-input', message: `“${p}” is not a full path. Give the whole path of the workspace file, e.g. /home/you/fleet.fleetplan.sqlite.`, issues: [{ path: 'path', message: 'must be an absolute path' }] })
  }
  return resolve(extname(p) === '' ? `${p}.fleetplan.sqlite` : p)
}
