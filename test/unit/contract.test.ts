import { afterEach, describe, expect, it } from 'vitest'
import { buildRegistry } from '../../main/api/registry'
import { workspaceHandlers } from '../../main/api/handlers/workspace'
import { camelCase, httpRoute, ipcChannel, isJobMethod, JOB_METHODS, kebabCase, methodNames, methods } from '../../shared/contract'
import { emptyBackend, type TestBackend } from '../helpers/backend'

describe('the API contract', () => {
  it('has exactly one handler for every declared method, and none for undeclared ones', () => {
    const registry = buildRegistry()
    expect([...registry.keys()].sort()).toEqual([...methodNames].sort())
  })

  it('refuses a method registered twice', () => {
    expect(() => buildRegistry([workspaceHandlers, workspaceHandlers])).toThrow(/two handlers/)
  })

  it('derives distinct IPC channels, HTTP routes and bridge names from the method names', () => {
    for (const derive of [ipcChannel, httpRoute, camelCase]) {
      const derived = methodNames.map((n) => derive(n))
      expect(new Set(derived).size).toBe(methodNames.length)
    }
    expect(camelCase('plan-export')).toBe('planExport')
  })

  it("lists exactly the contract's long jobs on the schema-free wire, and maps bridge names back to methods", () => {
    const jobs = methodNames.filter((n) => methods[n].job)
    expect([...JOB_METHODS].sort()).toEqual(jobs.sort())
    for (const name of methodNames) {
      expect(isJobMethod(name)).toBe(methods[name].job)
      expect(kebabCase(camelCase(name))).toBe(name)
    }
  })

  it('declares a doc line for every method', () => {
    for (const name of methodNames) expect(methods[name].doc.length).toBeGreaterThan(10)
  })
})

describe('dispatch at the boundary', () => {
  let t: TestBackend
  afterEach(async () => t?.close())

  it('answers an unknown method with a typed error, not a crash', async () => {
    t = await emptyBackend()
    const r = await t.backend.dispatcher.dispatch('plan-delete-everything', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
  })

  it('validates input and names the offending field', async () => {
    t = await emptyBackend()
    const r = await t.backend.dispatcher.dispatch('plan-approve', { id: 'pl_12345678', by: '', comment: 'ok' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid-input')
    expect(r.error.issues?.map((i) => i.path)).toContain('by')
  })

  it('rejects unexpected fields instead of ignoring them', async () => {
    t = await emptyBackend()
    const r = await t.backend.dispatcher.dispatch('workspace-info', { sneaky: true })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('lets a client that missed the push events ask how a job ended', async () => {
    t = await emptyBackend()
    const failed = new Promise<string>((resolve) => {
      const off = t.backend.events.subscribe((e) => {
        if (e.type === 'job-failed') {
          off()
          resolve(e.jobId)
        }
      })
    })
    const r = await t.backend.dispatcher.dispatch('billing-import', { files: [{ ref: '/nonexistent/file.csv' }] })
    if (!r.ok) throw new Error(r.error.message)
    const { jobId } = r.value as { jobId: string }
    expect(await failed).toBe(jobId)
    const state = await t.backend.dispatcher.dispatch('job-get', { jobId })
    expect(state).toMatchObject({ ok: true, value: { jobId, method: 'billing-import', state: 'failed', error: { code: 'not-found' } } })
    const unknown = await t.backend.dispatcher.dispatch('job-get', { jobId: 'no-such-job' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it('answers a job method at once with a job id', async () => {
    t = await emptyBackend()
    const r = await t.backend.dispatcher.dispatch('billing-import', { files: [{ ref: '/nonexistent/file.csv' }] })
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value).toMatchObject({ jobId: expect.any(String) as string })
  })
})
