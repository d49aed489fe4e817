/**
 * One telemetry file → one snapshot, in one transaction on the worker's own connection: every series,
 * sample and rollup lands, or nothing does. Re-importing the same bytes is a no-op (content hash).
 */
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { basename } from 'node:path'
import { ApiError } from '../../../shared/errors'
import type { CsvMapping, TelemetryFormat, TelemetryOutcome, TelemetrySummary } from '../../../shared/telemetry-types'
import type { Snapshot } from '../../../shared/types'
import type { Db } from '../../db/open'
import { readSnapshot } from '../../workspace/snapshots'
import { readUtf8Chunks } from '../text-stream'
import { createCsvSeriesParser } from './csv-series'
import { detectTelemetryFormat } from './detect'
import { badFile } from './errors'
import { createOtlpParser } from './otlp-json'
import { createPromJsonParser } from './prom-json'
import { createPromTextParser } from './prom-text'
import { TelemetryWriter } from './writer'
import { deriveWorkloads } from '../../workload/derive'

export interface TelemetryFileInput {
  path: string
  fileName: string
  format?: TelemetryFormat | undefined
  mapping?: CsvMapping | undefined
  now?: () => Date
}

export interface ImportProgress {
  (step: string, current: number, total: number): void
}

/** sha256 of the file's bytes: the snapshot's identity, so re-importing the same export is a no-op. */
async function hashFile(path: string, onBytes: (n: number) => void): Promise<string> {
  const h = createHash('sha256')
  let n = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer)
    n += (chunk as Buffer).length
    onBytes(n)
  }
  return h.digest('hex')
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'))

export function metricBase(fileName: string): string {
  const stem = basename(fileName).replace(/\.(csv|json|jsonl|prom|txt|om)$/i, '')
  return stem.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/^([0-9])/, '_$1') || 'value'
}

export function duplicateOutcome(db: Db, id: number, fileName: string, format: TelemetrySummary['format']): TelemetryOutcome {
  const snap = readSnapshot(db, id)
  if (!snap) throw new ApiError({ code: 'internal', message: `snapshot ${id} vanished` })
  const r = db.prepare('SELECT count(*) AS n FROM snapshot_series WHERE snapshot_id = ?').get(id) as { n: number }
  return {
    fileName,
    status: 'duplicate',
    snapshot: snap,
    summary: { format, series: r.n, samples: snap.rows, periodStart: snap.periodStart, periodEnd: snap.periodEnd, warnings: snap.warnings },
  }
}

export async function importTelemetryFile(db: Db, input: TelemetryFileInput, progress: ImportProgress): Promise<TelemetryOutcome> {
  const { path, fileName } = input
  const now = input.now ?? (() => new Date())
  const size = statSync(path).size
  progress(`Checking ${fileName}`, 0, size)
  if (size === 0) throw badFile(fileName, 1, 'the file is empty')
  const format = input.format ?? detectTelemetryFormat(path, fileName)
  if (!format) {
    throw badFile(fileName, 1, 'not a telemetry format Fleetplan reads (Prometheus query_range JSON, Prometheus/OpenMetrics text, OTLP JSON, CSV with a timestamp column); pass --format to say which it is')
  }
  let lastHashReport = 0
  const contentHash = await hashFile(path, (n) => {
    const t = Date.now()
    if (t - lastHashReport > 100) {
      lastHashReport = t
      progress(`Checking ${fileName} (already imported?)`, n, size)
    }
  })
  const existing = db.prepare('SELECT id FROM snapshot WHERE content_hash = ?').get(contentHash) as { id: number } | undefined
  if (existing) return duplicateOutcome(db, existing.id, fileName, format)

  db.exec('BEGIN IMMEDIATE')
  try {
    const snapshotId = Number(
      db
        .prepare(`INSERT INTO snapshot (kind, format, file_name, content_hash, rows, imported_at) VALUES ('telemetry', ?, ?, ?, 0, ?)`)
        .run(format, fileName, contentHash, now().toISOString()).lastInsertRowid,
    )
    const writer = new TelemetryWriter(db, snapshotId)
    let parser: { push(t: string): void; end(): void; warnings?: string[] }
    let detail = format as string
    if (format === 'prometheus-json') parser = createPromJsonParser(writer, { fileName, defaultMetric: metricBase(fileName) })
    else if (format === 'otlp-json') parser = createOtlpParser(writer, fileName)
    else if (format === 'csv') parser = createCsvSeriesParser(writer, { fileName, mapping: input.mapping, metricBase: metricBase(fileName) })
    else {
      const p = createPromTextParser(writer, { fileName, dialect: input.format ? format : 'auto', defaultTs: Math.floor(now().getTime() / 1000) * 1000 })
      parser = p
      Object.defineProperty(parser, 'detail', { get: () => p.dialect })
    }
    let lastReport = 0
    for await (const chunk of readUtf8Chunks(path, fileName)) {
      parser.push(chunk.text)
      const t = Date.now()
      if (t - lastReport > 100) {
        lastReport = t
        progress(`Importing ${fileName} (${writer.sampleCount.toLocaleString('en-US')} samples)`, chunk.bytesRead, size)
      }
    }
    parser.end()
    if (format === 'openmetrics' || format === 'prometheus-text') detail = (parser as unknown as { detail: string }).detail
    const stats = writer.finish()
    if (stats.samples === 0) throw badFile(fileName, undefined, 'the file holds no samples')
    const warnings = [...(parser.warnings ?? []), ...stats.warnings]
    db.prepare('UPDATE snapshot SET format = ?, rows = ?, period_start = ?, period_end = ?, warnings_json = ? WHERE id = ?').run(
      detail,
      stats.samples,
      iso(stats.minTs),
      iso(stats.maxTs),
      JSON.stringify(warnings),
      snapshotId,
    )
    deriveWorkloads(db, snapshotId)
    db.exec('COMMIT')
    progress(`Imported ${fileName}`, size, size)
    const snap = readSnapshot(db, snapshotId) as Snapshot
    return {
      fileName,
      status: 'imported',
      snapshot: snap,
      summary: { format: detail as TelemetryFormat, series: stats.series, samples: stats.samples, periodStart: snap.periodStart, periodEnd: snap.periodEnd, warnings },
    }
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
}
