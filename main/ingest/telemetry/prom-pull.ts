/**
 * Live pull from a Prometheus server: `/api/v1/query_range` over [start, end] at `step`, split into windows
 * so no series exceeds Prometheus' 11,000-points-per-series limit, each response streamed into the same
 * parser as query_range files. One snapshot, one transaction; progress per window; the content hash is
 * taken over the query and every response body, so pulling the same data again is a no-op.
 */
import { createHash, randomUUID } from 'node:crypto'
import { ApiError } from '../../../shared/errors'
import type { TelemetryOutcome } from '../../../shared/telemetry-types'
import type { Snapshot } from '../../../shared/types'
import type { Db } from '../../db/open'
import { readSnapshot } from '../../workspace/snapshots'
import { duplicateOutcome, type ImportProgress } from './import-file'
import { createPromJsonParser } from './prom-json'
import { TelemetryWriter } from './writer'
import { deriveWorkloads } from '../../workload/derive'

export interface PullInput {
  url: string
  query: string
  /** Epoch seconds. */
  start: number
  end: number
  /** Seconds between points. */
  step: number
  pointsPerWindow?: number
  now?: () => Date
}

/** Prometheus refuses a query_range with more than 11,000 points per series; stay below it. */
export const POINTS_PER_WINDOW = 10_000

export interface PullWindow {
  start: number
  end: number
}

/** Windows covering [start, end] on the step grid, each with at most POINTS_PER_WINDOW points. */
export function pullWindows(start: number, end: number, step: number, points = POINTS_PER_WINDOW): PullWindow[] {
  const out: PullWindow[] = []
  for (let s = start; s <= end; s += step * points) out.push({ start: s, end: Math.min(end, s + step * (points - 1)) })
  return out
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'))

export async function pullPrometheus(db: Db, input: PullInput, progress: ImportProgress): Promise<TelemetryOutcome> {
  const now = input.now ?? (() => new Date())
  const base = input.url.replace(/\/+$/, '')
  let endpoint: URL
  try {
    endpoint = new URL(`${base}/api/v1/query_range`)
  } catch {
    throw new ApiError({ code: 'invalid-input', message: `Not a URL: ${input.url}`, issues: [{ path: 'url', message: 'not a URL' }] })
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new ApiError({ code: 'invalid-input', message: `Prometheus URL must be http(s): ${input.url}`, issues: [{ path: 'url', message: 'must be http or https' }] })
  }
  if (!(input.end >= input.start)) throw new ApiError({ code: 'invalid-input', message: 'end must not be before start', issues: [{ path: 'end', message: 'before start' }] })
  const windows = pullWindows(input.start, input.end, input.step, input.pointsPerWindow ?? POINTS_PER_WINDOW)
  const label = `${input.query} @ ${endpoint.host}`
  const hash = createHash('sha256').update(JSON.stringify({ url: base, q: input.query, s: input.start, e: input.end, st: input.step }))

  db.exec('BEGIN IMMEDIATE')
  try {
    const snapshotId = Number(
      db
        .prepare(`INSERT INTO snapshot (kind, format, file_name, content_hash, rows, imported_at) VALUES ('telemetry', 'prometheus-pull', ?, ?, 0, ?)`)
        .run(label, `pending:${randomUUID()}`, now().toISOString()).lastInsertRowid,
    )
    const writer = new TelemetryWriter(db, snapshotId)
    for (const [i, w] of windows.entries()) {
      progress(`Pulling window ${i + 1}/${windows.length} (${writer.sampleCount.toLocaleString('en-US')} samples so far)`, i, windows.length)
      const where = `${endpoint.host} window ${i + 1}/${windows.length}`
      let res: Response
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ query: input.query, start: String(w.start), end: String(w.end), step: String(input.step) }),
        })
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause
        const why =
          cause?.code === 'ECONNREFUSED'
            ? 'connection refused (is Prometheus running and listening on that port?)'
            : cause?.code === 'ENOTFOUND'
              ? 'host name not found'
              : cause?.message === 'bad port'
                ? `port ${endpoint.port} is one that HTTP clients refuse to use (fetch's blocked-port list)`
                : (cause?.code ?? cause?.message ?? (err as Error).message)
        throw new ApiError({ code: 'not-found', message: `Cannot reach Prometheus at ${base}: ${why}. Nothing was imported.` })
      }
      if (!res.ok) {
        const text = await res.text()
        let msg = text.slice(0, 500)
        try {
          msg = (JSON.parse(text) as { error?: string }).error ?? msg
        } catch {
          /* not JSON: keep the text */
        }
        throw new ApiError({
          code: res.status >= 400 && res.status < 500 ? 'invalid-input' : 'internal',
          message: `Prometheus refused the query (HTTP ${res.status}): ${msg}`,
          issues: [{ path: 'query', message: msg }],
        })
      }
      const parser = createPromJsonParser(writer, { fileName: where, defaultMetric: input.query })
      const decoder = new TextDecoder('utf-8')
      const body = res.body
      if (!body) throw new ApiError({ code: 'internal', message: `Prometheus sent no body (${where})` })
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk)
        parser.push(decoder.decode(chunk, { stream: true }))
      }
      parser.push(decoder.decode())
      parser.end()
    }
    const stats = writer.finish()
    const contentHash = hash.digest('hex')
    const existing = db.prepare('SELECT id FROM snapshot WHERE content_hash = ?').get(contentHash) as { id: number } | undefined
    if (existing) {
      db.exec('ROLLBACK')
      return duplicateOutcome(db, existing.id, label, 'prometheus-pull')
    }
    if (stats.samples === 0) {
      throw new ApiError({ code: 'not-found', message: `Prometheus returned no samples for ${input.query} between ${new Date(input.start * 1000).toISOString()} and ${new Date(input.end * 1000).toISOString()}. Nothing was imported.` })
    }
    db.prepare('UPDATE snapshot SET content_hash = ?, rows = ?, period_start = ?, period_end = ?, warnings_json = ? WHERE id = ?').run(
      contentHash,
      stats.samples,
      iso(stats.minTs),
      iso(stats.maxTs),
      JSON.stringify(stats.warnings),
      snapshotId,
    )
    deriveWorkloads(db, snapshotId)
    db.exec('COMMIT')
    progress(`Pulled ${stats.samples.toLocaleString('en-US')} samples`, windows.length, windows.length)
    const snap = readSnapshot(db, snapshotId) as Snapshot
    return {
      fileName: label,
      status: 'imported',
      snapshot: snap,
      summary: { format: 'prometheus-pull', series: stats.series, samples: stats.samples, periodStart: snap.periodStart, periodEnd: snap.periodEnd, warnings: stats.warnings },
    }
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
}
