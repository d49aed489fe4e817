/**
 * Property-based fuzzing of every import format on real files (fast-check): each run mutates real billing
 * and telemetry files — CSV, CSV.gz, Parquet, GCP JSON, Prometheus query_range JSON, OpenMetrics text, OTLP
 * JSON — and imports them into one real workspace. Properties: no internal error (anything thrown is an
 * ApiError the user can act on); every refusal is located (names the file; line / row / column where the
 * format has them); a refusal leaves the workspace exactly as it was; `PRAGMA integrity_check` stays ok.
 * Imports that succeed are removed again, so every mutation meets the same workspace.
 */
import { gzipSync } from 'node:zlib'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/errors'
import { openWorkspaceDb } from '../../main/db/migrate'
import { MIGRATIONS } from '../../main/db/migrations'
import type { Db } from '../../main/db/open'
import { importBillingFile } from '../../main/ingest/billing/billing-import'
import { importTelemetryFile } from '../../main/ingest/telemetry/import-file'
import { deleteSnapshot } from '../../main/workspace/snapshots'
import { unpairBillingSnapshot } from '../../main/ingest/billing/billing-overlap'
import { AWS_CUR_LEGACY, AZURE_EA, OCI_COST, pythonCsvRows, writeParquet } from '../helpers/billing-fixtures'
import { FOCUS_SAMPLE, REPO_ROOT, tempDir } from '../helpers/tmp'

const V = join(REPO_ROOT, 'test', 'fixtures', 'billing-variants')
/** Mutated files per run (the issue asks for at least 1,000); FLEETPLAN_FUZZ_RUNS raises it for longer hunts. */
const RUNS = Number(process.env.FLEETPLAN_FUZZ_RUNS ?? 1000)

interface Seed {
  name: string
  kind: 'billing' | 'telemetry'
  bytes: Buffer
  /** Compressed containers are mutated inside (then recompressed) as well as outside. */
  gzip?: boolean
}

let dir = ''
let cleanup = (): void => undefined
let db: Db
const seeds: Seed[] = []

/** The first `n` lines of a text file (real rows, small enough for a thousand imports). */
const head = (file: string, n: number): Buffer => Buffer.from(readFileSync(file, 'utf8').split('\n').slice(0, n + 1).join('\n') + '\n')

beforeAll(() => {
  ;({ dir, cleanup } = tempDir('fleetplan-fuzz-'))
  db = openWorkspaceDb(join(dir, 'w.sqlite'), MIGRATIONS, { create: true }).db
  seeds.push(
    { name: 'focus.csv', kind: 'billing', bytes: head(FOCUS_SAMPLE, 30) },
    { name: 'focus.csv.gz', kind: 'billing', bytes: head(FOCUS_SAMPLE, 30), gzip: true },
    { name: 'cur.csv', kind: 'billing', bytes: head(AWS_CUR_LEGACY, 25) },
    { name: 'cur-ri-sp.csv', kind: 'billing', bytes: readFileSync(join(V, 'aws-cur-ri-sp.csv')) },
    { name: 'azure.csv', kind: 'billing', bytes: readFileSync(AZURE_EA) },
    { name: 'azure-amortized.csv', kind: 'billing', bytes: readFileSync(join(V, 'azure-ea-amortized-ri.csv')) },
    { name: 'oci.csv', kind: 'billing', bytes: head(OCI_COST, 25) },
    { name: 'gcp.csv', kind: 'billing', bytes: head(join(V, 'gcp-pandas-literal.csv'), 12) },
    { name: 'focus.tsv', kind: 'billing', bytes: head(join(V, 'focus-tab.tsv'), 12) },
  )
  // GCP NDJSON written from the pandas fixture's documented fields.
  const gcp = pythonCsvRows(join(V, 'gcp-pandas-literal.csv'))
  const ndjson = gcp.rows.slice(0, 10).map((r) => {
    const o: Record<string, unknown> = {}
    gcp.header.forEach((h, i) => {
      const path = h.split('.')
      let at = o
      for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>
      at[path[path.length - 1] as string] = h === 'cost' || h === 'cost_at_list' ? Number(r[i]) : r[i]
    })
    return JSON.stringify(o)
  })
  seeds.push({ name: 'gcp.json', kind: 'billing', bytes: Buffer.from(ndjson.join('\n') + '\n') })
  // Parquet, written from the real FOCUS sample's first rows.
  const focus = pythonCsvRows(FOCUS_SAMPLE)
  const pq = join(dir, 'seed.parquet')
  writeParquet(pq, focus.header, focus.rows.slice(0, 30), { BilledCost: 'DOUBLE', EffectiveCost: 'DOUBLE', ListCost: 'DOUBLE' }, 10)
  seeds.push({ name: 'focus.parquet', kind: 'billing', bytes: readFileSync(pq) })
  // Telemetry: Prometheus query_range JSON, OpenMetrics text, OTLP JSON (the shapes the telemetry tests use).
  const t0 = 1_700_000_000
  const values = (k: number): [number, string][] => Array.from({ length: 12 }, (_, i) => [t0 + 60 * i, String((k * 7 + i * 3) % 100)])
  seeds.push({
    name: 'prom.json',
    kind: 'telemetry',
    bytes: Buffer.from(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'matrix', result: [0, 1, 2].map((k) => ({ metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL', gpu: String(k), Hostname: 'node-1', modelName: 'NVIDIA H100 80GB HBM3' }, values: values(k) })) },
      }),
    ),
  })
  seeds.push({
    name: 'metrics.om',
    kind: 'telemetry',
    bytes: Buffer.from(
      [
        '# TYPE DCGM_FI_DEV_GPU_UTIL gauge',
        '# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).',
        ...[0, 1].flatMap((g) => values(g).map(([ts, v]) => `DCGM_FI_DEV_GPU_UTIL{gpu="${g}",Hostname="node-1",modelName="NVIDIA H100 80GB HBM3"} ${v} ${ts}`)),
        '# EOF',
        '',
      ].join('\n'),
    ),
  })
  seeds.push({
    name: 'otlp.json',
    kind: 'telemetry',
    bytes: Buffer.from(
      JSON.stringify({
        resourceMetrics: [
          {
            resource: { attributes: [{ key: 'host.name', value: { stringValue: 'node-1' } }] },
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'gpu.utilization',
                    gauge: { dataPoints: values(3).map(([ts, v]) => ({ timeUnixNano: String(ts * 1e9), asDouble: Number(v), attributes: [{ key: 'gpu', value: { stringValue: '0' } }] })) },
                  },
                ],
              },
            ],
          },
        ],
      }),
    ),
  })
})

afterAll(() => {
  db?.close()
  cleanup()
})

/** Byte-level mutations real files suffer: cut, flipped, inserted, deleted, duplicated, re-quoted, re-separated. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom('"', ',', '\n', '\r', '\t', ';', '\u0000', 'NULL', '{', '}', '[', "'", '1e999', '-', 'é', '\uFFFD', '\u0001', '""', 'abc') }),
  fc.record({ op: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('random-bytes' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
)
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

function mutate(b: Buffer, m: Mutation): Buffer {
  const at = Math.min(b.length, Math.floor(m.at * b.length))
  switch (m.op) {
    case 'truncate':
      return b.subarray(0, at)
    case 'flip': {
      const c = Buffer.from(b)
      if (c.length > 0) c[Math.min(at, c.length - 1)] = m.byte
      return c
    }
    case 'insert':
      return Buffer.concat([b.subarray(0, at), Buffer.from(m.text), b.subarray(at)])
    case 'delete':
      return Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)])
    case 'duplicate-line': {
      const s = b.indexOf(10, at)
      const e = s < 0 ? -1 : b.indexOf(10, s + 1)
      return s < 0 || e < 0 ? b : Buffer.concat([b.subarray(0, e + 1), b.subarray(s + 1, e + 1), b.subarray(e + 1)])
    }
    case 'random-bytes':
      return Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)])
  }
}

function state(): string {
  const s = db.prepare(`SELECT (SELECT count(*) FROM snapshot) s, (SELECT count(*) FROM billing_line) b, (SELECT count(*) FROM sample) t, (SELECT count(*) FROM series) r, (SELECT count(*) FROM billing_scope) c`).get()
  return JSON.stringify(s)
}

describe('import fuzzing (fast-check, real files of every format)', () => {
  it(`${RUNS} mutated files: no internal error, every refusal located, nothing written on refusal, integrity ok`, async () => {
    let files = 0
    let refused = 0
    let imported = 0
    const byFormat = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1_000_000 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (pick, ms, inside) => {
        const seed = seeds[pick % seeds.length] as Seed
        let bytes = seed.gzip && inside ? gzipSync(ms.reduce(mutate, seed.bytes)) : ms.reduce(mutate, seed.gzip ? gzipSync(seed.bytes) : seed.bytes)
        if (bytes.length === 0) bytes = Buffer.from(' ')
        const name = `${files}-${seed.name}`
        const path = join(dir, name)
        writeFileSync(path, bytes)
        files++
        byFormat.set(seed.name, (byFormat.get(seed.name) ?? 0) + 1)
        const before = state()
        try {
          const o =
            seed.kind === 'billing'
              ? await importBillingFile(db, { path, fileName: name, onOverlap: 'keep-both' }, () => undefined)
              : await importTelemetryFile(db, { path, fileName: name, now: () => new Date('2026-11-27T10:00:00Z') }, () => undefined)
          if (o.status === 'imported') {
            imported++
            db.transaction(() => {
              unpairBillingSnapshot(db, o.snapshot.id)
              deleteSnapshot(db, o.snapshot.id)
            })()
          }
        } catch (err) {
          refused++
          // No internal error: the user gets an ApiError they can act on, never a raw exception.
          if (!(err instanceof ApiError) || err.code === 'internal') throw new Error(`internal error on ${name} (${ms.map((m) => m.op).join('+')}): ${(err as Error)?.stack ?? String(err)}`)
          expect(['bad-file', 'conflict'], err.message).toContain(err.code)
          // Located: the message names the file; problems name it too, with a line/row where the format has lines.
          expect(err.message, name).toContain(name)
          for (const p of err.problems ?? []) expect(p.file, err.message).toBe(name)
          const fileLevel = /gzip|Parquet|UTF-8|UTF-16|empty|multi-byte|JSON array|not a telemetry format|holds no samples|no header row/i.test(err.message)
          if (!fileLevel) expect(err.problems?.[0]?.line ?? /line \d+|row \d+/.exec(err.message)?.[0], err.message).toBeTruthy()
          // Nothing written, and the file is sound.
          expect(state(), err.message).toBe(before)
          expect(db.pragma('integrity_check', { simple: true }), err.message).toBe('ok')
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FLEETPLAN_FUZZ_SEED ?? Date.now() % 2_147_483_647), endOnFailure: true },
    )
    expect(files).toBe(RUNS)
    expect(files).toBeGreaterThanOrEqual(1000)
    expect(refused).toBeGreaterThan(0)
    expect(imported).toBeGreaterThan(0)
    expect(byFormat.size).toBe(seeds.length)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  }, 600_000)
})
