/**
 * Imports one billing file as one snapshot, in one transaction: every row lands or none does.
 *
 * Container (plain, gzip, Parquet) is detected from the file's first bytes; the schema family (FOCUS,
 * AWS CUR, Azure cost details, OCI cost report, GCP billing export) from the header, unless the caller
 * names it (`format`). The file is read once: the content hash (the snapshot's identity) is computed in
 * the same pass, and a file already imported is rolled back and reported as a duplicate.
 */
import { statSync } from 'node:fs'
import type { BillingFormat, BillingOverlapChoice, TagKeys } from '../../../shared/billing-types'
import { ApiError, type FileProblem } from '../../../shared/errors'
import type { ImportOutcome } from '../../../shared/types'
import type { Db } from '../../db/open'
import { requireSnapshot } from '../../workspace/snapshots'
import { ByteSource, sniffContainer, utf8Text, type Container, type TextChunk } from '../source/byte-source'
import { CsvReader, CsvSyntaxError } from '../source/csv-reader'
import { throttled, type ImportProgress } from '../source/progress'
import { awsCurFormat } from './aws-cur'
import { azureCostFormat } from './azure-cost'
import { BillingSink, MAX_PROBLEMS, badFile, decimalColumn, verbatimMode, type Cell } from './billing-sink'
import { openRowStore, type RowStore } from './billing-writer'
import type { FormatModule, RowMapper } from './billing-formats'
import { focusFormat } from './focus-mapper'
import { DELIMITER_NAMES, sniffDelimiter } from './csv-dialect'
import { readParquetRows } from './focus-parquet'
import { gcpBillingFormat, gcpJsonRows } from './gcp-billing'
import { ociCostFormat } from './oci-cost'
import { readTagKeys } from './tag-keys'

export interface BillingImportInput {
  path: string
  fileName: string
  /** Schema family; `auto` (default) detects it from the header. */
  format?: BillingFormat | undefined
  /** A file covering the same provider, billing account and charge period as a snapshot (billing-overlap.ts). */
  onOverlap?: BillingOverlapChoice | undefined
  now?: () => Date
  tagKeys?: TagKeys
  /** Write from a thread of its own (default: for files of 10 MB and more). */
  writerThread?: boolean
  /** Let the CSV reader leave forwarded text columns in its text (default true; tests compare both ways). */
  forwardVerbatim?: boolean
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
    private readonly store: RowStore,
    private readonly fileBytes: number,
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
      this.store,
      {
        fileName: this.input.fileName,
        format: `${this.mapper.label}-${suffix}`,
        version: this.mapper.version,
        present: this.mapper.present,
        importedAt: (this.input.now ?? (() => new Date()))().toISOString(),
        unit: this.unit,
      },
      this.fileBytes,
      this.tagKeys,
    )
  }

  /**
   * Lets `reader` pass the columns the sink only forwards or looks up as VERBATIM, and decimals as numbers
   * parsed in place (one-to-one CSV mappers only).
   */
  forwardFrom(reader: CsvReader, width: number): void {
    const fieldOf = this.mapper?.fieldOf
    if (!fieldOf || !this.sink || this.input.forwardVerbatim === false) return
    const mask = new Uint8Array(width)
    const numeric = new Uint8Array(width)
    fieldOf.forEach((f, t) => {
      if (f >= 0) mask[f] = verbatimMode(t)
      if (f >= 0 && decimalColumn(t)) numeric[f] = 1
    })
    reader.verbatim = mask
    reader.numeric = numeric
    this.sink.source = { reader, fieldOf }
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

/** Where NUL characters were found in a file's text, for the warning that says they were removed. */
interface NulCount {
  lines: number
  first: number
  /** The line of the last NUL seen (a line cut across two chunks counts once). */
  last: number
}

/**
 * The text without NUL characters (which SQLite text and most tools cut strings at, and which no JSON or CSV
 * syntax uses): CSV and JSON sources alike, each NUL's line counted for the warning.
 */
async function* withoutNul(chunks: AsyncIterable<TextChunk>, nul: NulCount): AsyncGenerator<TextChunk> {
  for await (const c of chunks) {
    if (!c.text.includes('\u0000')) {
      yield c
      continue
    }
    let line = c.line
    let counted = 0 // line breaks before this position are counted in `line`
    for (let i = c.text.indexOf('\u0000'); i !== -1; i = c.text.indexOf('\u0000', i + 1)) {
      for (let j = c.text.indexOf('\n', counted); j !== -1 && j < i; j = c.text.indexOf('\n', j + 1)) {
        line++
        counted = j + 1
      }
      if (line !== nul.last) {
        nul.last = line
        if (nul.lines++ === 0) nul.first = line
      }
    }
    yield { ...c, text: c.text.replaceAll('\u0000', '') }
  }
}

function nulWarning(nul: NulCount): string {
  return `NUL bytes (\\0) inside text fields on ${nul.lines} line${nul.lines > 1 ? 's' : ''} (first at line ${nul.first}): removed.`
}

/**
 * A header that parsed as one column is not a billing file with a strange layout but one whose separator was
 * not found: say so, instead of listing every column as missing.
 */
function oneColumnHeader(fileName: string, only: string): never {
  throw new ApiError({
    code: 'bad-file',
    message: `${fileName}: line 1: the header parsed as one column ("${only.slice(0, 60)}${only.length > 60 ? '…' : ''}") — is the file delimited by something other than comma, tab, semicolon, | or \\x01? Nothing was imported.`,
    problems: [{ file: fileName, line: 1, message: 'the header parsed as one column: unknown delimiter' }],
  })
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

  // Large files are written by a thread of its own while this one parses (billing-writer.ts).
  const store = openRowStore(db, size, input.writerThread)
  try {
    let run: Run
    let hash: string
    if (container === 'parquet') {
      run = new Run(store, size, input, container, 'row', tagKeys)
      hash = await readParquetRows(path, fileName, {
        header: (h) => run.header(h, 'parquet'),
        row: (r, at) => run.row(r, at),
        progress: (done, total) => {
          progress(`Importing ${fileName}`, done, total)
          return store.ready()
        },
      })
    } else {
      const src = new ByteSource(path, fileName, container)
      const text = utf8Text(src.chunks(), fileName)
      const first = await text.next()
      const head = first.done ? '' : first.value.text
      const isJson = /^\s*[[{]/.test(head)
      run = new Run(store, size, input, container, isJson ? 'row' : 'line', tagKeys)
      const reading = throttled(progress)
      const report = (bytes: number): Promise<void> => {
        reading(`Importing ${fileName}`, bytes, size)
        return store.ready()
      }
      async function* chunks(): AsyncGenerator<TextChunk> {
        if (!first.done) yield first.value
        yield* text
      }
      const nul: NulCount = { lines: 0, first: 0, last: 0 }
      const all = (): AsyncGenerator<TextChunk> => withoutNul(chunks(), nul)
      if (isJson) {
        await gcpJsonRows(all(), fileName, {
          header: (h) => run.header(h, 'json'),
          row: (r, at) => run.row(r, at),
          progress: report,
        })
        if (nul.lines > 0) run.sink?.warnings.push(nulWarning(nul))
      } else {
        const delimiter = sniffDelimiter(head)
        const reader: CsvReader = new CsvReader((fields, line) => {
          if (run.mapper === null) {
            const header = fields.map((f) => (typeof f === 'string' ? f.trim() : ''))
            if (header.length === 1) oneColumnHeader(fileName, header[0] ?? '')
            run.header(header, 'csv')
            run.forwardFrom(reader, fields.length)
            if (delimiter !== ',') run.sink?.warnings.push(`Fields are separated by ${DELIMITER_NAMES[delimiter]}, not commas (read as such).`)
          } else run.row(fields, line)
        }, delimiter)
        try {
          for await (const chunk of all()) {
            reader.push(chunk.text)
            await report(chunk.fileBytesRead)
          }
          reader.end()
          if (nul.lines > 0) run.sink?.warnings.push(nulWarning(nul))
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
    // A month without usage is exported as a header alone: a valid, empty snapshot (so re-imports are no-ops).
    if (sink.rows === 0) sink.warnings.push('The file has a header but no rows (a period without charges?): imported as an empty snapshot.')

    for (const w of run.mapper?.warnings?.() ?? []) sink.warnings.push(w)
    sink.flush()
    const indexes = await sink.begun
    if (indexes > 0) progress(`Indexing ${fileName}`, size, size)
    const result = await store.finish({
      ...sink.summary(hash),
      fileName,
      billing: { scopes: sink.billingScopes, costKind: run.mapper?.costKind?.(), onOverlap: input.onOverlap },
    })
    const snapshot = requireSnapshot(db, result.snapshotId)
    progress(`${result.status === 'duplicate' ? 'Already imported' : 'Imported'} ${fileName}`, size, size)
    return { fileName, status: result.status, snapshot }
  } catch (err) {
    await store.abort()
    throw err
  }
}
