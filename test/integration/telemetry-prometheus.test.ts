import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushEvent } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus'
import { DUTY_CYCLE, ref } from '../helpers/telemetry-ref'
import { REPO_ROOT, tempDir } from '../helpers/tmp'

// A real Prometheus (Debian package) on 127.0.0.1, its history backfilled with promtool from the real
// Alibaba GPU duty-cycle series, pulled through the app.
const PODS = 3
const STEP = 60
let prom: RunningPrometheus
let tmp: { dir: string; cleanup: () => void }
let expected: Record<string, { count: number; sum: number; first: number; last: number }>
let t0: number
let tEnd: number

beforeAll(async () => {
  tmp = tempDir('fleetplan-prom-')
  // Inside retention, ending well in the past: a day of minute samples that ended an hour ago.
  const nowS = Math.floor(Date.now() / 1000 / 3600) * 3600
  t0 = nowS - 26 * 3600
  const file = join(tmp.dir, 'history.om')
  expected = ref('openmetrics', DUTY_CYCLE, file, t0, PODS, STEP)
  const longest = Math.max(...Object.values(expected).map((e) => e.count))
  tEnd = t0 + (longest - 1) * STEP
  prom = await startPrometheus(tmp.dir, file)
}, 120_000)

afterAll(async () => {
  await prom?.stop()
  tmp?.cleanup()
})

function perPod(file: string, snapshotId: number): Record<string, { count: number; sum: number }> {
  const db = new Database(file, { readonly: true })
  const rows = db
    .prepare(
      `SELECT s.pod AS pod, s.gpu_model AS model, s.host AS host, count(*) AS n, sum(x.value) AS total FROM sample x JOIN series s ON s.id = x.series_id
       WHERE x.snapshot_id = ? GROUP BY s.id`,
    )
    .all(snapshotId) as { pod: string; model: string; host: string; n: number; total: number }[]
  db.close()
  for (const r of rows) {
    expect(r.model).toBe('H100')
    expect(r.host).toMatch(/^node-\d$/)
  }
  return Object.fromEntries(rows.map((r) => [r.pod, { count: r.n, sum: r.total }]))
}

describe('live pull from a real Prometheus', () => {
  let t: TestBackend
  afterAll(async () => t?.close())

  it('pulls every backfilled sample, in several windows, with the values that were written', async () => {
    t = await emptyBackend()
    const events: PushEvent[] = []
    t.backend.events.subscribe((e) => events.push(e))
    const [o] = await t.call('telemetry-pull', { url: prom.url, query: 'DCGM_FI_DEV_GPU_UTIL', start: t0, end: tEnd, step: STEP, pointsPerWindow: 500 })
    const total = Object.values(expected).reduce((s, e) => s + e.count, 0)
    expect(o?.status).toBe('imported')
    expect(o?.summary.series).toBe(PODS)
    expect(o?.summary.samples).toBe(total)
    expect(o?.snapshot.rows).toBe(total)
    expect(o?.snapshot.periodStart).toBe(new Date(t0 * 1000).toISOString().replace('.000Z', 'Z'))
    const got = perPod(t.workspacePath, o?.snapshot.id ?? 0)
    for (const [pod, e] of Object.entries(expected)) {
      expect(got[pod]?.count).toBe(e.count)
      expect(got[pod]?.sum).toBeCloseTo(e.sum, 6)
    }
    // progress per window: ceil(1441 points / 500) = 3 windows (events are throttled, so check the total)
    const windows = Math.ceil(((tEnd - t0) / STEP + 1) / 500)
    const pulling = events.filter((e) => e.type === 'job-progress' && /^Pulling window \d+\/\d+/.test(e.step))
    expect(pulling.length).toBeGreaterThan(0)
    for (const e of pulling) if (e.type === 'job-progress') expect(e.total).toBe(windows)

    // The same pull again is a no-op (same content hash).
    const [again] = await t.call('telemetry-pull', { url: prom.url, query: 'DCGM_FI_DEV_GPU_UTIL', start: t0, end: tEnd, step: STEP, pointsPerWindow: 500 })
    expect(again?.status).toBe('duplicate')
    expect(again?.snapshot.id).toBe(o?.snapshot.id)

    // Charts read the rollups: 1-hour means per GPU model equal the mean of the samples in each hour.
    const q = await t.call('telemetry-query', { metric: 'DCGM_FI_DEV_GPU_UTIL', groupBy: 'gpuModel', resolution: '1d' })
    expect(q.groups.map((g) => g.key)).toEqual(['H100'])
    const count = q.groups[0]?.points.reduce((s, p) => s + p.count, 0)
    const wsum = q.groups[0]?.points.reduce((s, p) => s + p.avg * p.count, 0) ?? 0
    expect(count).toBe(total)
    expect(wsum).toBeCloseTo(Object.values(expected).reduce((s, e) => s + e.sum, 0), 4)
  })

  it('splits a range longer than 11,000 points per series (which Prometheus refuses in one request)', async () => {
    const start = t0
    const end = t0 + 14_400 // 4 h at 1 s = 14,401 points
    const direct = await fetch(`${prom.url}/api/v1/query_range?query=vector(1)&start=${start}&end=${end}&step=1`)
    expect(direct.status).toBe(400) // the limit this chunking exists for
    const [o] = await t.call('telemetry-pull', { url: prom.url, query: 'vector(1)', start, end, step: 1 })
    expect(o?.summary.samples).toBe(14_401)
    expect(o?.summary.series).toBe(1)
  })

  it('reports a query Prometheus refuses, and writes nothing', async () => {
    const before = (await t.call('snapshot-list', {})).length
    const err = await t.call('telemetry-pull', { url: prom.url, query: 'sum(', start: t0, end: tEnd, step: STEP }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).message).toMatch(/Prometheus refused the query \(HTTP 400\)/)
    expect((await t.call('snapshot-list', {})).length).toBe(before)
  })

  it('cancels a pull between windows and keeps nothing of it', async () => {
    const before = (await t.call('snapshot-list', {})).length
    const started = await t.backend.dispatcher.dispatch('telemetry-pull', {
      url: prom.url,
      query: 'DCGM_FI_DEV_GPU_UTIL * 2',
      start: t0,
      end: tEnd,
      step: STEP,
      pointsPerWindow: 10,
    })
    if (!started.ok) throw new Error(started.error.message)
    const { jobId } = started.value as { jobId: string }
    const outcome = await new Promise<PushEvent>((resolve) => {
      let cancelled = false
      t.backend.events.subscribe((e) => {
        if (e.type === 'job-progress' && e.jobId === jobId && e.current >= 3 && !cancelled) {
          cancelled = true
          void t.backend.dispatcher.dispatch('job-cancel', { jobId })
        }
        if ((e.type === 'job-failed' || e.type === 'job-done') && e.jobId === jobId) resolve(e)
      })
    })
    expect(outcome.type).toBe('job-failed')
    if (outcome.type === 'job-failed') expect(outcome.error.code).toBe('cancelled')
    expect((await t.call('snapshot-list', {})).length).toBe(before)
    const db = new Database(t.workspacePath, { readonly: true })
    const orphan = db.prepare(`SELECT count(*) AS n FROM series WHERE metric = 'DCGM_FI_DEV_GPU_UTIL * 2' OR snapshot_id NOT IN (SELECT id FROM snapshot)`).get() as { n: number }
    db.close()
    expect(orphan.n).toBe(0)
  })

  it('the CLI pulls with --prometheus … --json', () => {
    const { dir, cleanup } = tempDir()
    try {
      const out = execFileSync(
        process.execPath,
        [join(REPO_ROOT, 'bin', 'fleetplan.js'), 'import', '--prometheus', prom.url, '--query', 'DCGM_FI_DEV_GPU_UTIL', '--start', String(t0), '--end', new Date(tEnd * 1000).toISOString(), '--step', '1m', '--workspace', join(dir, 'w.sqlite'), '--json'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      )
      const [o] = JSON.parse(out) as { summary: { samples: number; series: number } }[]
      expect(o?.summary.samples).toBe(Object.values(expected).reduce((s, e) => s + e.count, 0))
      expect(o?.summary.series).toBe(PODS)
    } finally {
      cleanup()
    }
  })
})
