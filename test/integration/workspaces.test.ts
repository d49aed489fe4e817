import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MethodName, PushEvent, ResultOf } from '../../shared/contract'
import { ApiError, type ApiErrorShape } from '../../shared/errors'
import { startBackend, type Backend } from '../../main/backend'
import { tempDir } from '../helpers/tmp'

let dataDir: string
let cleanup: () => void
let b: Backend
const events: PushEvent[] = []

async function call<K extends MethodName>(name: K, input: unknown): Promise<ResultOf<K>> {
  const r = await b.dispatcher.run(name, input)
  if (!r.ok) throw new ApiError(r.error)
  return r.value as ResultOf<K>
}
async function failure(p: Promise<unknown>): Promise<ApiErrorShape> {
  try {
    await p
  } catch (err) {
    return (err as ApiError).toShape()
  }
  throw new Error('expected a failure')
}

beforeAll(async () => {
  ;({ dir: dataDir, cleanup } = tempDir())
  // As the app starts on a new machine: no workspace named, the demo is built in the data folder.
  b = await startBackend({ dataDir, remember: true, maxThreads: 2 })
  b.events.subscribe((e) => events.push(e))
})
afterAll(async () => {
  await b?.close()
  cleanup()
})

describe('workspaces: new, open, recent, the demo', () => {
  it('opens the demo on first launch, shows its file, and lists it as recent', async () => {
    const list = await call('workspace-list', {})
    expect(list.current.isDemo).toBe(true)
    expect(list.current.path).toBe(join(dataDir, 'demo.fleetplan.sqlite'))
    expect(list.current.billingRows).toBeGreaterThan(4000)
    expect(list.demo).toMatchObject({ exists: true, removed: false })
    expect(list.recent.map((r) => r.path)).toEqual([list.current.path])
  })

  it('creates a new empty workspace, switches to it, and tells every client', async () => {
    const path = join(dataDir, 'team-a.fleetplan.sqlite')
    events.length = 0
    const info = await call('workspace-create', { path })
    expect(info).toMatchObject({ path, isDemo: false, billingRows: 0, snapshotCount: 0 })
    expect((await call('workspace-info', {})).path).toBe(path)
    expect(events.find((e) => e.type === 'workspace-changed')).toMatchObject({ type: 'workspace-changed', workspace: { path } })
    const list = await call('workspace-list', {})
    expect(list.recent.map((r) => r.path)).toEqual([path, join(dataDir, 'demo.fleetplan.sqlite')])
    // A name without an extension gets one; an existing file is never overwritten.
    const bare = await call('workspace-create', { path: join(dataDir, 'team-b') })
    expect(bare.path).toBe(join(dataDir, 'team-b.fleetplan.sqlite'))
    const again = await failure(call('workspace-create', { path }))
    expect(again.code).toBe('conflict')
    expect(again.message).toMatch(/already exists.*never overwrites/)
    await call('workspace-open', { path })
  })

  it('refuses paths that cannot be a workspace with a sentence saying what to do', async () => {
    const rel = await failure(call('workspace-open', { path: 'fleet.sqlite' }))
    expect(rel.code).toBe('invalid-input')
    expect(rel.message).toMatch(/not a full path/)
    const missing = await failure(call('workspace-open', { path: join(dataDir, 'nope.sqlite') }))
    expect(missing.code).toBe('not-found')
    expect(missing.message).toMatch(/no workspace at .*New workspace/)
    const noFolder = await failure(call('workspace-create', { path: join(dataDir, 'no', 'such', 'w.sqlite') }))
    expect(noFolder.message).toMatch(/folder .* does not exist/)
    expect((await call('workspace-info', {})).path).toBe(join(dataDir, 'team-a.fleetplan.sqlite'))
  })

  it('will not switch under a running job unless asked to cancel it, and then rolls the job back', async () => {
    const demo = join(dataDir, 'demo.fleetplan.sqlite')
    await call('workspace-open', { path: demo })
    const base = await call('scenario-baseline', {})
    const started = await b.dispatcher.dispatch('scenario-simulate', { scenario: { ...base, horizonHours: 24 * 365 }, paths: 2000 })
    expect(started.ok).toBe(true)
    const jobId = (started as { value: { jobId: string } }).value.jobId
    const refused = await failure(call('workspace-open', { path: join(dataDir, 'team-a.fleetplan.sqlite') }))
    expect(refused.code).toBe('conflict')
    expect(refused.message).toMatch(/a simulation/)
    expect(refused.message).toMatch(/Wait for it to finish, or cancel and switch/)
    expect((await call('workspace-info', {})).path).toBe(demo)
    const info = await call('workspace-open', { path: join(dataDir, 'team-a.fleetplan.sqlite'), cancelJobs: true })
    expect(info.path).toBe(join(dataDir, 'team-a.fleetplan.sqlite'))
    expect(b.ctx.jobs.get(jobId)).toMatchObject({ state: 'failed', error: { code: 'cancelled' } })
  })

  it('removes the demo (never while it is open) and does not bring it back at the next launch', async () => {
    await call('workspace-open', { path: join(dataDir, 'demo.fleetplan.sqlite') })
    const open = await failure(call('workspace-remove-demo', {}))
    expect(open.message).toMatch(/demo workspace is open/)
    await call('workspace-open', { path: join(dataDir, 'team-a.fleetplan.sqlite') })
    const list = await call('workspace-remove-demo', {})
    expect(list.demo).toMatchObject({ exists: false, removed: true })
    expect(list.recent.some((r) => r.isDemo)).toBe(false)
    expect(existsSync(join(dataDir, 'demo.fleetplan.sqlite'))).toBe(false)
    await b.close()
    b = await startBackend({ dataDir, remember: true, maxThreads: 2 })
    expect((await call('workspace-info', {})).path).toBe(join(dataDir, 'team-a.fleetplan.sqlite'))
    expect(existsSync(join(dataDir, 'demo.fleetplan.sqlite'))).toBe(false)
  })

  it('brings the demo back on request, built through the import path', async () => {
    const info = await call('workspace-open-demo', {})
    expect(info.isDemo).toBe(true)
    expect(info.billingRows).toBeGreaterThan(4000)
    expect((await call('workspace-list', {})).demo).toMatchObject({ exists: true, removed: false })
  })
})
