/**
 * One telemetry file → one snapshot, in one transaction on the worker's own connection: every series,
 * sample and rollup lands, or nothing does. Re-importing the same bytes is a no-op (content hash).
 */
import { statSync } from 'node:fs'
import { basename } from 'node:path'
import type { CsvMapping, TelemetryFormat, TelemetryOutcome } from '../../../shared/telemetry-types'
import type { Db } from '../../db/open'
import { abortSnapshot, beginSnapshot, findSnapshotByHash } from '../../workspace/snapshots'
import { ByteSource, hashFile, utf8Text } from '../source/byte-source'
import { throttled, type ImportProgress } from '../source/progress'
import { commitTelemetry, duplicateOutcome } from './commit'
import { createCsvSeriesParser } from './csv-series'
import { detectTelemetryFormat } from './detect'
import { badFile } from './errors'
import { createOtlpParser } from './otlp-json'
import { createPromJsonParser } from './prom-json'
import { createPromTextParser } from './prom-text'
import { TelemetryWriter } from './writer'

export interface TelemetryFileInput {
  path: string
  fileName: string
  format?: TelemetryFormat | undefined
  mapping?: CsvMapping | undefined
  now?: () => Date
}

export function metricBase(fileName: string): string {
  const stem = basename(fileName).replace(/\.(csv|json|jsonl|prom|txt|om)$/i, '')
  return stem.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/^([0-9])/, '_$1') || 'value'
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
  const checking = throttled(progress)
  const contentHash = await hashFile(path, (n) => checking(`Checking ${fileName} (already imported?)`, n, size))
  const existing = findSnapshotByHash(db, contentHash)
  if (existing !== null) return duplicateOutcome(db, existing, fileName, format)

  const snapshotId = beginSnapshot(db, { kind: 'telemetry', format, fileName, importedAt: now().toISOString() })
  try {
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
    const reading = throttled(progress)
    // Hashed above already: this pass only decodes.
    for await (const chunk of utf8Text(new ByteSource(path, fileName, 'plain', false).chunks(), fileName)) {
      parser.push(chunk.text)
      reading(`Importing ${fileName} (${writer.sampleCount.toLocaleString('en-US')} samples)`, chunk.fileBytesRead, size)
    }
    parser.end()
    if (format === 'openmetrics' || format === 'prometheus-text') detail = (parser as unknown as { detail: string }).detail
    const stats = writer.finish()
    if (stats.samples === 0) throw badFile(fileName, undefined, 'the file holds no samples')
    const warnings = [...(parser.warnings ?? []), ...stats.warnings]
    const outcome = commitTelemetry(db, snapshotId, { fileName, format: detail as TelemetryFormat, contentHash, stats, warnings })
    progress(`Imported ${fileName}`, size, size)
    return outcome
  } catch (err) {
    abortSnapshot(db)
    throw err
  }
}
