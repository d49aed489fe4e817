/**
 * Imports one billing file as one snapshot, in one transaction: every row lands or none does.
 *
 * Container (plain, gzip, Parquet) is detected from the file's first bytes; the schema family (FOCUS,
 * AWS CUR, Azure cost details, OCI cost report, GCP billing export) from the header, unless the caller
 * names it (`format`). The file is read once: the content hash (the snapshot's identity) is computed in
 * the same pass, and a file already imported is rolled back and reported as a duplicate.
 */
import { statSync } from 'node:fs'
import type { BillingFormat, TagKeys } from '../../shared/billing-types'
import { ApiError, type FileProblem } from '../../shared/errors'
import type { ImportOutcome, Snapshot } from '../../shared/types'
import type { Db } from '../db/open'
import { readSnapshot } from '../workspace/snapshots'
import { awsCurFormat } from './aws-cur'
import { azureCostFormat } from './azure-cost'
import { BillingSink, MAX_PROBLEMS, badFile, type Cell } from './billing-sink'
import type { FormatModule, RowMapper } from './billing-formats'
import { ByteSource, sniffContainer, utf8Text, type Container } from './byte-source'
import { CsvReader, CsvSyntaxError } from './csv-parser'
import { focusFormat } from './focus-mapper'
import { readParquetRows } from './focus-parquet'
import { gcpBillingFormat, gcpJsonRows } from './gcp-billing'
import { ociCostFormat } from './oci-cost'
import { readTagKeys } from './tag-keys'

export interface ImportProgress {
  (step: string, current: number, total: number): void
}

export interface BillingImportInput {
  path: string
  fileName: string
  /** Schema family; `auto` (default) detects it from the header. */
  format?: BillingFormat | undefined
  now?: () => Date
  tagKeys?: TagKeys
}

/** Detection order: FOCUS first (a FOCUS file may carry provider x_ columns), then the providers. */
export const FORMAT_MODULES: readonly FormatModule[] = [focusFormat, awsCurFormat, azureCostFormat, ociCostFormat, gcpBillingFormat]

export function pickFormat(header: readonly string[], requested: BillingFormat): FormatModule {
  if (requested !== 'auto') {
    const m = FORMAT_MODULES.find((f) => f.family === requested)
    if (!m) throw new ApiError({ code: 'invalid-input', message: `unknown billing format "${requested}"` })
    return m
  }
  // Nothing matched: FOCUS is the canonical format, so its check names the missing FOCUS columns.
  return FORMAT_MODULES.find((f) => f.detect(header)) ?? focusFormat
}

/** State of one import while rows stream in. */
class Run {
  mapper: RowMapper | null = null
  sink: BillingSink | null = null
  width = 0
  readonly early: FileProblem[] = []

  constructor(
    private readonly db: Db,
    private readonly input: BillingImportInput,
    private readonly container: Container,
    private readonly unit: 'line' | 'row',
    private readonly tagKeys: TagKeys,
  ) {}

  header(header: string[], kind: 'csv' | 'json' | 'parquet'): void {
    const requested = this.input.format ?? 'auto'
    const mod = pickFormat(header, requested)
    try {
      this.mapper = mod.mapper(header, this.input.fileName)
    } catch (err) {
      // Detection found nothing and fell back to FOCUS: say the provider formats were tried too.
      if (requested === 'auto' && !mod.detect(header) && err instanceof ApiError) {
        throw new ApiError({
          ...err.toShape(),
          message: err.message.replace(
            /\. Nothing was imported\.$/,
            ' (nor do its columns match AWS CUR, Azure cost details, OCI cost report or GCP billing export). Nothing was imported.',
          ),
        })
      }
      throw err
    }
    this.width = header.length
    const suffix = kind === 'parquet' ? 'parquet' : `${kind}${this.container === 'gzip' ? '.gz' : ''}`
    this.sink = new BillingSink(
      this.db,
      {
        fileName: this.input.fileName,
        format: `${this.mapper.label}-${suffix}`,
        version: this.mapper.version,
        present: this.mapper.present,
        contentHash: '',
        importedAt: (this.input.now ?? (() => new Date()))().toISOString(),
        unit: this.unit,
      },
      this.tagKeys,
    )
  }

  row(row: readonly Cell[], at: number): void {
    const sink = this.sink as BillingSink
    if (row.length !== this.width) {
      sink.problem(
        at,
        undefined,
        `expected ${this.width} fields (as in the header), found ${row.length}${row.length < this.width ? ' (row cut short — truncated file or unquoted line break?)' : ' (unquoted comma?)'}`,
      )
    } else {
      ;(this.mapper as RowMapper).map(row, sink, at)
      sink.add(at)
    }
    if (sink.problems.length >= MAX_PROBLEMS) throw sink.failure()
  }
}

/** Bytes per billing row below which a file surely has fewer rows than its size suggests (the FOCUS sample: ~750). */
const MIN_BYTES_PER_ROW = 150

/**
 * Bulk-load path: when a file brings more rows than the workspace holds, billing_line's indexes
 * (ChargePeriodStart, snapshot_id, and any added later) are dropped inside the import's transaction and
 * rebuilt (one sort each) just before COMMIT — cheaper than a random B-tree insert per row (measured −20 %
 * SQLite CPU on 1M rows). A rollback (error, cancel, crash) restores them with everything else. Returns the
 * CREATE statements to run before COMMIT.
 */
function deferIndexes(db: Db, fileBytes: number): string[] {
  const existing = (db.prepare(`SELECT coalesce(sum(rows), 0) n FROM snapshot WHERE kind = 'billing'`).get() as { n: number }).n
  if (fileBytes / MIN_BYTES_PER_ROW < Math.max(existing, 10_000)) return []
  const idx = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'billing_line' AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[]
  for (const i of idx) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`)
  return idx.map((i) => i.sql)
}

export async function importBillingFile(db: Db, input: BillingImportInput, progress: ImportProgress): Promise<ImportOutcome> {
  const { path, fileName } = input
  const size = statSync(path).size
  if (size === 0) {
    throw new ApiError({ code: 'bad-file', message: `${fileName} is empty.`, problems: [{ file: fileName, line: 1, message: 'empty file' }] })
  }
  const container = sniffContainer(path)
  const tagKeys = input.tagKeys ?? readTagKeys(db)
  progress(`Importing ${fileName}`, 0, size)

  // This connection is the import's own (a worker's). A bigger page cache keeps the ChargePeriodStart
  // index's pages in memory instead of spilling them to the WAL again and again (measured: −10 % CPU on 1M
  // rows); the sink writes only snapshot ids it created in this transaction, so the per-row foreign-key
  // probe is skipped (SQLite ignores this pragma inside a transaction, hence before BEGIN).
  db.pragma('cache_size = -131072')
  db.pragma('foreign_keys = OFF')
  db.exec('BEGIN IMMEDIATE')
  try {
    const deferred = deferIndexes(db, size)
    let run: Run
    let hash: string
    if (container === 'parquet') {
      run = new Run(db, input, container, 'row', tagKeys)
      hash = await readParquetRows(path, fileName, {
        header: (h) => run.header(h, 'parquet'),
        row: (r, at) => run.row(r, at),
        progress: (done, total) => progress(`Importing ${fileName}`, done, total),
      })
    } else {
      const src = new ByteSource(path, fileName, container)
      const text = utf8Text(src.chunks(), fileName)
      const first = await text.next()
      const head = first.done ? '' : first.value.text
      const isJson = /^\s*[[{]/.test(head)
      run = new Run(db, input, container, isJson ? 'row' : 'line', tagKeys)
      let lastReport = 0
      const report = (bytes: number): void => {
        const t = Date.now()
        if (t - lastReport > 100) {
          lastReport = t
          progress(`Importing ${fileName}`, bytes, size)
        }
      }
      async function* all(): AsyncGenerator<{ text: string; fileBytesRead: number }> {
        if (!first.done) yield first.value
        yield* text
      }
      if (isJson) {
        await gcpJsonRows(all(), fileName, {
          header: (h) => run.header(h, 'json'),
          row: (r, at) => run.row(r, at),
          progress: report,
        })
      } else {
        const reader = new CsvReader((fields, line) => {
          if (run.mapper === null) run.header(fields.map((f) => (f ?? '').trim()), 'csv')
          else run.row(fields, line)
        })
        try {
          for await (const chunk of all()) {
            reader.push(chunk.text)
            report(chunk.fileBytesRead)
          }
          reader.end()
        } catch (err) {
          if (err instanceof CsvSyntaxError) {
            const problems: FileProblem[] = [...(run.sink?.problems ?? []), { file: fileName, line: err.line, message: err.message }]
            throw badFile(fileName, problems)
          }
          throw err
        }
      }
      hash = src.hash()
    }
    const sink = run.sink
    if (sink === null) throw badFile(fileName, [{ file: fileName, line: 1, message: 'no header row' }])
    if (sink.problems.length > 0) throw sink.failure()
    if (sink.rows === 0) throw badFile(fileName, [{ file: fileName, line: 2, message: 'the file has a header but no rows' }])

    const existing = db.prepare('SELECT id FROM snapshot WHERE content_hash = ?').get(hash) as { id: number } | undefined
    if (existing) {
      db.exec('ROLLBACK')
      const snap = readSnapshot(db, existing.id)
      if (!snap) throw new ApiError({ code: 'internal', message: `snapshot ${existing.id} vanished` })
      progress(`Already imported ${fileName}`, size, size)
      return { fileName, status: 'duplicate', snapshot: snap }
    }
    sink.setContentHash(hash)
    sink.finish()
    if (deferred.length > 0) progress(`Indexing ${fileName}`, size, size)
    for (const sql of deferred) db.exec(sql)
    db.exec('COMMIT')
    progress(`Imported ${fileName}`, size, size)
    return { fileName, status: 'imported', snapshot: readSnapshot(db, sink.snapshotId) as Snapshot }
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  } finally {
    db.pragma('foreign_keys = ON')
  }
}
