import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/errors'
import type { TelemetryOutcome } from '../../shared/telemetry-types'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { DCGM_DIR, DUTY_CYCLE, GPU_MEMORY, ref, type RefStats } from '../helpers/telemetry-ref'
import { REPO_ROOT, tempDir } from '../helpers/tmp'
import { startBackend } from '../../main/backend'

let t: TestBackend
afterEach(async () => t?.close())

const ALIBABA_MAPPING = {
  timestamp: 'timestamp_anon',
  timestampUnit: 's',
  values: [{ column: 'value', metric: 'gpu_duty_cycle' }],
  labels: [{ column: 'container_ip', as: 'pod' }],
  constLabels: { namespace: 'genai' },
}

function db(): Database.Database {
  return new Database(t.workspacePath, { readonly: true })
}

function counts(): Record<string, number> {
  const d = db()
  const r = d
    .prepare(
      `SELECT (SELECT count(*) FROM snapshot) AS snapshots, (SELECT count(*) FROM series) AS series, (SELECT count(*) FROM sample) AS samples,
              (SELECT count(*) FROM rollup_5m) AS r5, (SELECT count(*) FROM rollup_1h) AS r1h, (SELECT count(*) FROM rollup_1d) AS r1d,
              (SELECT count(*) FROM snapshot_series) AS links`,
    )
    .get() as Record<string, number>
  d.close()
  return r
}

function sampleStats(snapshotId: number): { n: number; total: number; series: number } {
  const d = db()
  const r = d.prepare('SELECT count(*) AS n, sum(value) AS total, count(DISTINCT series_id) AS series FROM sample WHERE snapshot_id = ?').get(snapshotId) as {
    n: number
    total: number
    series: number
  }
  d.close()
  return r
}

async function importOne(file: string, extra: Record<string, unknown> = {}): Promise<TelemetryOutcome> {
  const [o] = await t.call('telemetry-import', { files: [{ ref: file }], ...extra })
  if (!o) throw new Error('no outcome')
  return o
}

async function importError(file: string, extra: Record<string, unknown> = {}): Promise<ApiError> {
  const e = await t.call('telemetry-import', { files: [{ ref: file }], ...extra }).catch((err: unknown) => err)
  if (e instanceof ApiError) return e
  throw new Error(`import should have failed, got ${JSON.stringify(e)}`)
}

describe('telemetry import from the real samples', () => {
  it('imports the Alibaba GPU duty-cycle CSV with a column mapping; totals match Python', async () => {
    t = await emptyBackend()
    const want = ref<RefStats>('csv-stats', DUTY_CYCLE, 'timestamp_anon', 'value', 'container_ip')
    const o = await importOne(DUTY_CYCLE, { mapping: ALIBABA_MAPPING })
    expect(o.status).toBe('imported')
    expect(o.summary).toMatchObject({ format: 'csv', series: want.series, samples: want.samples })
    expect(o.snapshot.periodStart).toBe(new Date(want.minTs).toISOString().replace('.000Z', 'Z'))
    expect(o.snapshot.periodEnd).toBe(new Date(want.maxTs).toISOString().replace('.000Z', 'Z'))
    const s = sampleStats(o.snapshot.id)
    expect(s.n).toBe(want.samples)
    expect(s.total).toBeCloseTo(want.sum, 6)
    // label mapping and normalisation: container_ip became pod, constant namespace added
    const list = await t.call('telemetry-series-list', { metric: 'gpu_duty_cycle', where: { pod: '23b8eba99c14e73d454503a55ae96989' } })
    expect(list.total).toBe(1)
    expect(list.series[0]?.samples).toBe(want.perLabel['23b8eba99c14e73d454503a55ae96989']?.count)
    expect(list.series[0]?.namespace).toBe('genai')
    // the same bytes again: no-op
    const again = await importOne(DUTY_CYCLE, { mapping: ALIBABA_MAPPING })
    expect(again.status).toBe('duplicate')
    expect(counts().snapshots).toBe(1)
  })

  it('infers the mapping of the GPU-memory CSV (timestamp first, value second)', async () => {
    t = await emptyBackend()
    const want = ref<RefStats>('csv-stats', GPU_MEMORY, 'timestamp_anon', 'value', 'container_ip')
    const o = await importOne(GPU_MEMORY)
    expect(o.summary.series).toBe(want.series)
    expect(o.summary.samples).toBe(want.samples)
    expect(sampleStats(o.snapshot.id).total / want.sum).toBeCloseTo(1, 12)
    const list = await t.call('telemetry-series-list', { limit: 1 })
    expect(list.metrics.map((m) => m.metric)).toEqual(['pod_gpu_memory_used_bytes_anon'])
  })

  it('streams a query_range JSON file; labels normalised; 5-minute rollups equal Python bucket means', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'range.json')
    const want = ref<RefStats>('query-range', DUTY_CYCLE, file, 0, 'NVIDIA H100 80GB HBM3')
    const o = await importOne(file)
    expect(o.summary).toMatchObject({ format: 'prometheus-json', series: want.series, samples: want.samples })
    expect(sampleStats(o.snapshot.id).total).toBeCloseTo(want.sum, 6)
    const list = await t.call('telemetry-series-list', { metric: 'DCGM_FI_DEV_GPU_UTIL', limit: 5 })
    expect(new Set(list.series.map((s) => s.gpuModel))).toEqual(new Set(['H100']))
    expect(list.series.every((s) => /^node-\d$/.test(s.host ?? ''))).toBe(true)
    expect(list.series[0]?.labels.modelName).toBe('NVIDIA H100 80GB HBM3')

    const pod = '23b8eba99c14e73d454503a55ae96989'
    const buckets = ref<Record<string, [number, number, number, number]>>('rollup', DUTY_CYCLE, pod, 300)
    const q = await t.call('telemetry-query', { metric: 'DCGM_FI_DEV_GPU_UTIL', groupBy: 'pod', where: { pod }, resolution: '5m' })
    const pts = q.groups[0]?.points ?? []
    expect(pts.length).toBe(Object.keys(buckets).length)
    for (const p of pts) {
      const b = buckets[String(p.t)]
      expect(b).toBeDefined()
      expect(p.avg).toBeCloseTo(b?.[0] ?? NaN, 9)
      expect(p.min).toBe(b?.[1])
      expect(p.max).toBe(b?.[2])
      expect(p.count).toBe(b?.[3])
    }
    // auto resolution over 22.8 h: 5-minute buckets (< 1000 points)
    expect((await t.call('telemetry-query', { metric: 'DCGM_FI_DEV_GPU_UTIL' })).resolution).toBe('5m')
  })

  it('imports the dcgm-exporter README samples (no timestamps; blank sentinel skipped)', async () => {
    t = await emptyBackend()
    for (const f of ['sample-metrics-readme.prom', 'sample-metrics-readme-k8s-labels.prom']) {
      const file = join(DCGM_DIR, f)
      const want = ref<{ lines: number; blank: number }>('prom-lines', file)
      const o = await importOne(file)
      expect(o.summary.format).toBe('prometheus-text')
      expect(o.summary.samples).toBe(want.lines - want.blank)
      expect(o.summary.warnings.join(' ')).toMatch(/stamped with the import time 2026-11-27T10:00:00/)
      expect(o.summary.warnings.join(' ')).toMatch(new RegExp(`${want.blank} DCGM "blank"`))
    }
    const list = await t.call('telemetry-series-list', { metric: 'DCGM_FI_DEV_SM_CLOCK' })
    // the two files' label sets differ (the k8s one has empty pod/namespace/container labels): two series
    expect(list.total).toBe(2)
    expect(list.series.every((s) => s.gpuUuid === 'GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52' && s.pod === null)).toBe(true)
  })

  it('imports OpenMetrics text with timestamps in seconds', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'history.om')
    const t0 = 1_780_000_000
    const want = ref<Record<string, { count: number; sum: number }>>('openmetrics', DUTY_CYCLE, file, t0, 4, 60)
    const o = await importOne(file)
    expect(o.summary.format).toBe('openmetrics')
    expect(o.summary.samples).toBe(Object.values(want).reduce((s, e) => s + e.count, 0))
    expect(o.snapshot.periodStart).toBe(new Date(t0 * 1000).toISOString().replace('.000Z', 'Z'))
    const list = await t.call('telemetry-series-list', { metric: 'DCGM_FI_DEV_GPU_UTIL' })
    for (const s of list.series) {
      expect(s.gpuModel).toBe('H100')
      expect(s.samples).toBe(want[s.pod ?? '']?.count)
    }
  })

  it('imports OTLP JSON lines (gauge points, histogram count/sum, resource attributes as labels)', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'metrics.otlp.jsonl')
    const want = ref<RefStats>('otlp', DUTY_CYCLE, file, 3)
    const o = await importOne(file)
    expect(o.summary.format).toBe('otlp-json')
    // gauge samples + one histogram point per pod → _count and _sum samples
    expect(o.summary.samples).toBe(want.samples + 2 * 3)
    expect(o.summary.series).toBe(3 * 3)
    const list = await t.call('telemetry-series-list', { metric: 'gpu.utilization' })
    expect(list.total).toBe(3)
    for (const s of list.series) {
      expect(s.gpuModel).toBe('A100')
      expect(s.labels.otel_scope_name).toBe('dcgm')
      expect(s.samples).toBe(want.perLabel[s.pod ?? '']?.count)
    }
    const d = db()
    const total = d.prepare(`SELECT sum(x.value) AS v FROM sample x JOIN series s ON s.id = x.series_id WHERE s.metric = 'gpu.utilization'`).get() as { v: number }
    const hist = d.prepare(`SELECT s.metric, x.value FROM sample x JOIN series s ON s.id = x.series_id WHERE s.metric LIKE 'request.latency_%' ORDER BY 1 LIMIT 2`).all()
    d.close()
    expect(total.v).toBeCloseTo(want.sum, 6)
    expect(hist).toEqual([
      { metric: 'request.latency_count', value: 3 },
      { metric: 'request.latency_count', value: 3 },
    ])
  })
})

describe('bad telemetry input gives a located error and writes nothing', () => {
  const cases: { name: string; file: string; content: string; extra?: Record<string, unknown>; line: number; column?: string; message: RegExp }[] = [
    {
      name: 'truncated query_range JSON',
      file: 'cut.json',
      content: '{"status":"success","data":{"resultType":"matrix","result":[\n{"metric":{"__name__":"up"},"values":[[1700000000,"1"],\n[1700000060,"1"',
      line: 3,
      message: /unexpected end of input/,
    },
    {
      name: 'query_range value of the wrong type',
      file: 'typed.json',
      content: '{"status":"success","data":{"resultType":"matrix","result":[\n{"metric":{"__name__":"up"},"values":[\n[1700000000,"1"],\n[1700000060,"high"]]}]}}',
      line: 4,
      column: 'data.result[0].values',
      message: /"high" is not a number/,
    },
    {
      name: 'query_range scalar result',
      file: 'scalar.json',
      content: '{"status":"success","data":{"resultType":"scalar","result":[1700000000,"1"]}}',
      line: 1,
      column: 'data.resultType',
      message: /scalar/,
    },
    {
      name: 'Prometheus text with a bad label escape',
      file: 'bad.prom',
      content: '# TYPE up gauge\nup{job="a"} 1 1700000000000\nup{job="b\\x"} 1 1700000000000\n',
      line: 3,
      column: 'job',
      message: /invalid escape/,
    },
    {
      name: 'OpenMetrics without # EOF',
      file: 'noeof.om',
      content: '# TYPE up gauge\nup{job="a"} 1 1700000000\n',
      extra: { format: 'openmetrics' },
      line: 3,
      message: /# EOF/,
    },
    {
      name: 'CSV with a non-numeric value',
      file: 'bad.csv',
      content: 'timestamp,value,pod\n1700000000,1.5,a\n1700000060,n/a,a\n',
      line: 3,
      column: 'value',
      message: /"n\/a" is not a number/,
    },
    {
      name: 'CSV with a row cut short',
      file: 'short.csv',
      content: 'timestamp,value,pod\n1700000000,1.5,a\n1700000060,2\n',
      line: 3,
      message: /expected 3 fields/,
    },
    {
      name: 'OTLP with a non-integer timeUnixNano',
      file: 'bad.otlp.jsonl',
      content: `${JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: 'yesterday', asDouble: 1 }] } }] }] }] })}\n`,
      line: 1,
      column: 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano',
      message: /not an integer number of nanoseconds/,
    },
  ]
  for (const c of cases) {
    it(c.name, async () => {
      t = await emptyBackend()
      // one good import first: it must survive the bad one untouched
      const good = join(t.dir, 'good.csv')
      writeFileSync(good, 'timestamp,value,pod\n1700000000,1,a\n1700000060,2,a\n')
      await importOne(good)
      const before = counts()
      const file = join(t.dir, c.file)
      writeFileSync(file, c.content)
      const e = await importError(file, c.extra)
      expect(e.code).toBe('bad-file')
      expect(e.problems?.[0]).toMatchObject({ file: c.file, line: c.line, ...(c.column ? { column: c.column } : {}) })
      expect(e.problems?.[0]?.message).toMatch(c.message)
      expect(e.message).toMatch(/Nothing was imported/)
      expect(counts()).toEqual(before)
    })
  }

  it('a file that is not UTF-8', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'latin1.csv')
    writeFileSync(file, Buffer.concat([Buffer.from('timestamp,value,pod\n1700000000,1,'), Buffer.from([0xe9, 0x0a])]))
    const e = await importError(file, { format: 'csv' })
    expect(e.problems?.[0]).toMatchObject({ file: 'latin1.csv', line: 2 })
    expect(counts().snapshots).toBe(0)
  })
})

describe('deleting telemetry snapshots', () => {
  it('removes the snapshot’s samples and rollups; overlapping snapshots stay exact', async () => {
    t = await emptyBackend()
    const a = join(t.dir, 'a.json')
    const b = join(t.dir, 'b.json')
    const wantA = ref<RefStats>('query-range', DUTY_CYCLE, a, 3, 'NVIDIA H100 80GB HBM3')
    const wantB = ref<RefStats>('query-range', DUTY_CYCLE, b, 5, 'NVIDIA H100 80GB HBM3')
    const oa = await importOne(a)
    const ob = await importOne(b)
    expect(counts().series).toBe(5) // 3 shared series + 2
    const shared = Object.keys(wantA.perLabel)[0] as string
    const daily = async (): Promise<number> => {
      const q = await t.call('telemetry-query', { metric: 'DCGM_FI_DEV_GPU_UTIL', groupBy: 'pod', where: { pod: shared }, resolution: '1h' })
      return (q.groups[0]?.points ?? []).reduce((s, p) => s + p.count, 0)
    }
    // overlapping imports of the same series are not counted twice
    expect(await daily()).toBe(wantA.perLabel[shared]?.count)

    await t.call('snapshot-delete', { id: oa.snapshot.id })
    const c = counts()
    expect(c).toMatchObject({ snapshots: 1, series: 5, samples: wantB.samples, links: 5 })
    expect(sampleStats(ob.snapshot.id).total).toBeCloseTo(wantB.sum, 6)
    expect(await daily()).toBe(wantB.perLabel[shared]?.count)
    const d = db()
    const orphanRollups = d.prepare(`SELECT count(*) AS n FROM rollup_5m WHERE snapshot_id = ?`).get(oa.snapshot.id) as { n: number }
    const owner = d.prepare('SELECT count(*) AS n FROM series WHERE snapshot_id = ?').get(ob.snapshot.id) as { n: number }
    d.close()
    expect(orphanRollups.n).toBe(0)
    expect(owner.n).toBe(5) // shared series re-pointed to the snapshot that still holds them

    await t.call('snapshot-delete', { id: ob.snapshot.id })
    expect(counts()).toEqual({ snapshots: 0, series: 0, samples: 0, r5: 0, r1h: 0, r1d: 0, links: 0 })
    const q = await t.call('telemetry-query', { metric: 'DCGM_FI_DEV_GPU_UTIL' })
    expect(q.groups).toEqual([])
  })
})

describe('crash safety', () => {
  it('a CLI import killed with SIGKILL mid-way leaves no partial snapshot and the earlier data intact', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const wsPath = join(dir, 'w.sqlite')
      const small = join(dir, 'first.csv')
      writeFileSync(small, 'timestamp,value,pod\n1700000000,1,a\n1700000060,2,a\n')
      let backend = await startBackend({ workspacePath: wsPath, create: true, dataDir: dir, maxThreads: 1 })
      expect((await backend.dispatcher.run('telemetry-import', { files: [{ ref: small }] })).ok).toBe(true)
      await backend.close()
      const big = join(dir, 'big.json')
      ref('query-range', DUTY_CYCLE, big, 0, 'NVIDIA H100 80GB HBM3')
      const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'fleetplan.js'), 'import', big, '--workspace', wsPath], { stdio: ['ignore', 'ignore', 'pipe'] })
      let err = ''
      const exited = new Promise((r) => child.once('exit', r))
      const killed = await new Promise<boolean>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString()
          if (/Importing big\.json \([\d,]+ samples\)/.test(err) && child.exitCode === null) {
            child.kill('SIGKILL')
            resolve(true)
          }
        })
        child.on('exit', () => resolve(false))
      })
      expect(killed).toBe(true)
      await exited
      backend = await startBackend({ workspacePath: wsPath, dataDir: dir, maxThreads: 1 })
      const r = await backend.dispatcher.run('snapshot-list', {})
      await backend.close()
      expect(r.ok && (r.value as { fileName: string }[]).map((s) => s.fileName)).toEqual(['first.csv'])
      const d = new Database(wsPath, { readonly: true })
      const c = d.prepare('SELECT (SELECT count(*) FROM series) AS series, (SELECT count(*) FROM sample) AS samples, (SELECT count(*) FROM rollup_5m) AS r5').get()
      d.close()
      expect(c).toEqual({ series: 1, samples: 2, r5: 1 })
    } finally {
      cleanup()
    }
  })
})
