/**
 * Live pull from a Prometheus server: `/api/v1/query_range` over [start, end] at `step`, split into windows
 * so no series exceeds Prometheus' 11,000-points-per-series limit, each response streamed into the same
 * parser as query_range files. One snapshot, one transaction; progress per window; the content hash is
 * taken over the query and every response body, so pulling the same data again is a no-op.
 */
import { createHash, type Hash } from 'node:crypto'
import { ApiError } from '../../../shared/errors'
import type { TelemetryOutcome } from '../../../shared/telemetry-types'
import type { Db } from '../../db/open'
import { abortSnapshot, beginSnapshot } from '../../workspace/snapshots'
import { utf8Text, type ByteChunk } from '../source/byte-source'
import type { ImportProgress } from '../source/progress'
import { commitTelemetry } from './commit'
import { createPromJsonParser } from './prom-json'
import { TelemetryWriter } from './writer'

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

/** A response body as byte chunks for `utf8Text`, hashed on the way (the pull's identity covers every body). */
async function* hashedBody(body: AsyncIterable<Uint8Array>, hash: Hash): AsyncGenerator<ByteChunk> {
  let n = 0
  for await (const chunk of body) {
    hash.update(chunk)
    n += chunk.length
    yield { bytes: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length), fileBytesRead: n }
  }
}

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

  const snapshotId = beginSnapshot(db, { kind: 'telemetry', format: 'prometheus-pull', fileName: label, importedAt: now().toISOString() })
  try {
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
      const body = res.body
      if (!body) throw new ApiError({ code: 'internal', message: `Prometheus sent no body (${where})` })
      for await (const chunk of utf8Text(hashedBody(body, hash), where)) parser.push(chunk.text)
      parser.end()
    }
    const stats = writer.finish()
    if (stats.samples === 0) {
      throw new ApiError({ code: 'not-found', message: `Prometheus returned no samples for ${input.query} between ${new Date(input.start * 1000).toISOString()} and ${new Date(input.end * 1000).toISOString()}. Nothing was imported.` })
    }
    // A pull with no samples is never committed, so no snapshot can hold its content: checking for none first changes nothing.
    const outcome = commitTelemetry(db, snapshotId, { fileName: label, format: 'prometheus-pull', contentHash: hash.digest('hex'), stats, warnings: stats.warnings })
    if (outcome.status === 'imported') progress(`Pulled ${stats.samples.toLocaleString('en-US')} samples`, windows.length, windows.length)
    return outcome
  } catch (err) {
    abortSnapshot(db)
    throw err
  }
}
