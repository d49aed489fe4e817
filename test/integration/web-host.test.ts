import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '../../shared/contract'
import { startHost, type Host } from '../../main/host/server'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { FOCUS_SAMPLE } from '../helpers/tmp'
import { pythonColumnSum } from '../helpers/python-csv'

let t: TestBackend
let host: Host
afterEach(async () => {
  await host?.close()
  await t?.close()
})

async function start(): Promise<void> {
  t = await emptyBackend()
  host = await startHost({ backend: t.backend, staticDir: join(t.dir, 'no-renderer') })
}

/** A raw HTTP request, so tests can send the Host and Origin headers a browser would refuse to forge. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    if (opts.body) req.write(opts.body)
    req.end()
  })
}

const auth = () => ({ 'x-fleetplan-token': host.token, 'content-type': 'application/json' })

describe('local web host', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', async () => {
    await start()
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(host.openUrl).toContain(`token=${host.token}`)
    expect(host.token).toMatch(/^[0-9a-f]{48}$/)
  })

  it('answers 401 without the token, or with a wrong one', async () => {
    await start()
    expect((await raw('/api/call/workspace-info', { method: 'POST', body: '{}' })).status).toBe(401)
    expect((await raw('/api/call/workspace-info', { method: 'POST', body: '{}', headers: { 'x-fleetplan-token': 'x'.repeat(48) } })).status).toBe(401)
    expect((await raw('/')).status).toBe(401)
  })

  it('answers 403 to a foreign Host or Origin, even with the token (DNS rebinding, cross-site requests)', async () => {
    await start()
    expect((await raw('/api/call/workspace-info', { method: 'POST', body: '{}', headers: { ...auth(), host: 'evil.example:80' } })).status).toBe(403)
    expect((await raw('/api/call/workspace-info', { method: 'POST', body: '{}', headers: { ...auth(), origin: 'http://evil.example' } })).status).toBe(403)
    const ok = await raw('/api/call/workspace-info', { method: 'POST', body: '{}', headers: { ...auth(), origin: `http://127.0.0.1:${host.port}` } })
    expect(ok.status).toBe(200)
  })

  it('trades the token in the URL for an HttpOnly cookie that then authorises calls', async () => {
    await start()
    const r = await raw(`/?token=${host.token}`)
    expect(r.status).toBe(302)
    expect(r.headers.location).toBe('/')
    const cookie = String((r.headers['set-cookie'] as string[])[0]).split(';')[0] ?? ''
    expect(String((r.headers['set-cookie'] as string[])[0])).toMatch(/HttpOnly; SameSite=Strict/)
    const call = await raw('/api/call/snapshot-list', { method: 'POST', body: '{}', headers: { cookie } })
    expect(JSON.parse(call.body)).toEqual({ ok: true, value: [] })
  })

  it('answers bad input with a typed error envelope and keeps serving', async () => {
    await start()
    const bad = await raw('/api/call/plan-get', { method: 'POST', body: '{"id": 42}', headers: auth() })
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const notJson = await raw('/api/call/plan-get', { method: 'POST', body: '{oops', headers: auth() })
    expect(notJson.status).toBe(400)
    const unknown = await raw('/api/call/format-disk', { method: 'POST', body: '{}', headers: auth() })
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    const info = await raw('/api/call/workspace-info', { method: 'POST', body: '{}', headers: auth() })
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { billingRows: 0 } })
  })

  it('imports an uploaded file as a job whose progress and result arrive as server-sent events', async () => {
    await start()
    const events: PushEvent[] = []
    const sse = request({ host: '127.0.0.1', port: host.port, path: '/api/events', headers: { 'x-fleetplan-token': host.token } })
    let buffer = ''
    let attached: () => void = () => undefined
    const connected = new Promise<void>((r) => (attached = r))
    const done = new Promise<void>((resolve) => {
      sse.on('response', (res) => {
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          attached() // the host's ": connected" comment: the stream is subscribed
          buffer += chunk
          let i
          while ((i = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, i)
            buffer = buffer.slice(i + 2)
            const data = frame.split('\n').find((l) => l.startsWith('data: '))
            if (data) {
              const e = JSON.parse(data.slice(6)) as PushEvent
              events.push(e)
              if (e.type === 'job-done' || e.type === 'job-failed') resolve()
            }
          }
        })
      })
    })
    sse.end()
    await connected
    const up = await raw('/api/upload?name=focus-sample.csv', { method: 'POST', body: readFileSync(FOCUS_SAMPLE), headers: { 'x-fleetplan-token': host.token } })
    const staged = JSON.parse(up.body) as { ok: true; value: { ref: string; size: number } }
    expect(staged.value.ref).toMatch(/^staged:/)
    const started = await raw('/api/call/billing-import', { method: 'POST', body: JSON.stringify({ files: [{ ref: staged.value.ref, name: 'focus-sample.csv' }] }), headers: auth() })
    const { value } = JSON.parse(started.body) as { value: { jobId: string } }
    await done
    sse.destroy()
    expect(events.some((e) => e.type === 'job-progress' && e.jobId === value.jobId)).toBe(true)
    const fin = events.find((e) => e.type === 'job-done')
    expect(fin).toMatchObject({ jobId: value.jobId, method: 'billing-import' })
    const outcomes = (fin as { result: { fileName: string; snapshot: { totalBilledCost: number } }[] }).result
    expect(outcomes[0]?.fileName).toBe('focus-sample.csv')
    expect(outcomes[0]?.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'BilledCost'), 9)
    expect(events.some((e) => e.type === 'tables-changed' && e.tables.includes('billing_line'))).toBe(true)
  })
})
