import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { ApiError, type FileProblem } from '../../shared/errors'
import { FOCUS_COLUMNS, type FocusColumn, type FocusVersion } from '../../shared/focus-columns'
import type { ImportOutcome, Snapshot } from '../../shared/types'
import type { Db } from '../db/open'
import { readSnapshot } from '../workspace/snapshots'
import { CsvParser, CsvSyntaxError, type CsvRecord } from './csv-parser'
import { deriveDimensions } from './derive-dimensions'
import { parseDateTime, parseDecimal, parseJsonObject } from './focus-values'
import { readUtf8Chunks } from './text-stream'

export interface ImportProgress {
  (step: string, current: number, total: number): void
}

export interface FocusImportInput {
  path: string
  fileName: string
  now?: () => Date
}

const MAX_PROBLEMS = 5
const BATCH = 500

/**
 * Columns without which a line cannot be analysed at all: an empty one is an error. Other columns that the
 * spec declares non-nullable are often empty in real exports (the FOCUS sample's Oracle rows have no
 * ContractedCost): those become a warning with a count, not a rejected file.
 */
const REQUIRED_FOR_ANALYSIS = new Set(['BilledCost', 'ChargePeriodStart', 'ChargePeriodEnd'])

/** sha256 of the file's bytes: the snapshot's identity, so re-importing the same export is a no-op. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer)
  return h.digest('hex')
}

const BY_ID = new Map(FOCUS_COLUMNS.map((c) => [c.id, c]))
const MANDATORY_10 = FOCUS_COLUMNS.filter((c) => c.level === 'Mandatory' && c.since === '1.0').map((c) => c.id)

export function detectFocusVersion(header: readonly string[]): FocusVersion {
  const has = new Set(header)
  if (FOCUS_COLUMNS.some((c) => c.since === '1.2' && has.has(c.id))) return '1.2'
  if (FOCUS_COLUMNS.some((c) => c.since === '1.1' && has.has(c.id))) return '1.1'
  return '1.0'
}

/**
 * Streams a FOCUS CSV into the workspace as one snapshot, inside one transaction: either every row lands
 * or none does. Runs on a connection of its own (a worker's), so the UI's connection stays free.
 */
export async function importFocusCsv(db: Db, input: FocusImportInput, progress: ImportProgress): Promise<ImportOutcome> {
  const { path, fileName } = input
  const now = input.now ?? (() => new Date())
  const size = statSync(path).size
  progress(`Checking ${fileName}`, 0, size)
  const contentHash = await hashFile(path)
  const existing = db.prepare('SELECT id FROM snapshot WHERE content_hash = ?').get(contentHash) as { id: number } | undefined
  if (existing) {
    const snap = readSnapshot(db, existing.id)
    if (!snap) throw new ApiError({ code: 'internal', message: `snapshot ${existing.id} vanished` })
    return { fileName, status: 'duplicate', snapshot: snap }
  }
  if (size === 0) {
    throw new ApiError({ code: 'bad-file', message: `${fileName} is empty.`, problems: [{ file: fileName, line: 1, message: 'empty file' }] })
  }

  const parser = new CsvParser()
  let header: string[] | null = null
  let columns: (FocusColumn | null)[] = []
  let headerLine = 1
  const problems: FileProblem[] = []
  let rows = 0
  let total = 0
  let periodStart: string | null = null
  let periodEnd: string | null = null
  let currency: string | null = null
  const warnings: string[] = []
  let version: FocusVersion = '1.0'
  let snapshotId = 0
  let insert: ((values: unknown[]) => void) | null = null
  let pending: unknown[][] = []

  const flush = (): void => {
    if (!insert) return
    for (const v of pending) insert(v)
    pending = []
  }

  const fail = (): never => {
    const first = problems[0]
    throw new ApiError({
      code: 'bad-file',
      message: `${fileName}: ${first ? `line ${first.line}${first.column ? `, column ${first.column}` : ''}: ${first.message}` : 'cannot be read'}. Nothing was imported.`,
      problems: problems.slice(0, MAX_PROBLEMS),
    })
  }

  const onHeader = (rec: CsvRecord): void => {
    header = rec.fields.map((f) => (f ?? '').trim())
    headerLine = rec.line
    const missing = MANDATORY_10.filter((id) => !header?.includes(id))
    if (missing.length > 0) {
      problems.push({
        file: fileName,
        line: rec.line,
        message: `not a FOCUS file: missing mandatory column${missing.length > 1 ? 's' : ''} ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}`,
      })
      fail()
    }
    const seen = new Set<string>()
    for (const h of header) {
      if (seen.has(h)) {
        problems.push({ file: fileName, line: rec.line, column: h, message: 'column appears twice in the header' })
        fail()
      }
      seen.add(h)
    }
    version = detectFocusVersion(header)
    columns = header.map((h) => BY_ID.get(h) ?? null)
    const cols = FOCUS_COLUMNS.map((c) => `"${c.id}"`)
    const sql = `INSERT INTO billing_line (snapshot_id, source_line, ${cols.join(', ')}, x_extra, team, project, model_type, accelerator_type, accelerator_count)
      VALUES (${new Array(cols.length + 8).fill('?').join(', ')})`
    const stmt = db.prepare(sql)
    insert = (values) => stmt.run(values)
    snapshotId = Number(
      db
        .prepare(
          `INSERT INTO snapshot (kind, format, file_name, content_hash, rows, imported_at) VALUES ('billing', ?, ?, ?, 0, ?)`,
        )
        .run(`focus-${version}-csv`, fileName, contentHash, now().toISOString()).lastInsertRowid,
    )
  }

  const specNulls = new Map<string, { count: number; firstLine: number }>()
  const colIndex = new Map<string, number>()
  const onRow = (rec: CsvRecord): void => {
    const hdr = header as string[]
    if (rec.fields.length !== hdr.length) {
      problems.push({
        file: fileName,
        line: rec.line,
        message: `expected ${hdr.length} fields (as in the header), found ${rec.fields.length}${rec.fields.length < hdr.length ? ' (row cut short — truncated file or unquoted line break?)' : ' (unquoted comma?)'}`,
      })
      return
    }
    if (colIndex.size === 0) FOCUS_COLUMNS.forEach((c, i) => colIndex.set(c.id, i))
    const values: unknown[] = new Array(FOCUS_COLUMNS.length).fill(null)
    let extra: Record<string, string | null> | null = null
    let tags: Record<string, unknown> | null = null
    let rowOk = true
    for (let i = 0; i < hdr.length; i++) {
      const col = columns[i]
      const raw = rec.fields[i] ?? null
      if (!col) {
        extra ??= {}
        extra[hdr[i] ?? `#${i}`] = raw
        continue
      }
      if (raw === null || raw === '') {
        if (REQUIRED_FOR_ANALYSIS.has(col.id)) {
          problems.push({ file: fileName, line: rec.line, column: col.id, message: 'is empty but every line needs a value' })
          rowOk = false
        } else if (!col.nullable) {
          const n = specNulls.get(col.id)
          if (n) n.count++
          else specNulls.set(col.id, { count: 1, firstLine: rec.line })
        }
        continue
      }
      let v: unknown = raw
      if (col.type === 'Decimal') {
        const n = parseDecimal(raw)
        if (typeof n === 'string') {
          problems.push({ file: fileName, line: rec.line, column: col.id, message: n })
          rowOk = false
          continue
        }
        v = n
      } else if (col.type === 'DateTime') {
        const d = parseDateTime(raw)
        if (typeof d !== 'string') {
          problems.push({ file: fileName, line: rec.line, column: col.id, message: d.error })
          rowOk = false
          continue
        }
        v = d
      } else if (col.type === 'JSON') {
        const j = parseJsonObject(raw)
        if (typeof j !== 'string') {
          problems.push({ file: fileName, line: rec.line, column: col.id, message: j.error })
          rowOk = false
          continue
        }
        v = j
        if (col.id === 'Tags') tags = JSON.parse(j) as Record<string, unknown>
      }
      values[colIndex.get(col.id) ?? 0] = v
    }
    if (!rowOk) return
    const billed = values[colIndex.get('BilledCost') ?? 0] as number
    const start = values[colIndex.get('ChargePeriodStart') ?? 0] as string
    const end = values[colIndex.get('ChargePeriodEnd') ?? 0] as string
    const cur = values[colIndex.get('BillingCurrency') ?? 0] as string
    if (currency === null) currency = cur
    else if (cur !== currency && !warnings.some((w) => w.startsWith('Mixed currencies'))) {
      warnings.push(`Mixed currencies: ${currency} and ${cur} (first at line ${rec.line}); totals add them as they are.`)
    }
    total += billed
    if (periodStart === null || start < periodStart) periodStart = start
    if (periodEnd === null || end > periodEnd) periodEnd = end
    const d = deriveDimensions(
      tags,
      values[colIndex.get('SkuId') ?? 0] as string | null,
      values[colIndex.get('ChargeDescription') ?? 0] as string | null,
      values[colIndex.get('ResourceName') ?? 0] as string | null,
    )
    pending.push([
      snapshotId,
      rec.line,
      ...values,
      extra ? JSON.stringify(extra) : null,
      d.team,
      d.project,
      d.modelType,
      d.acceleratorType,
      d.acceleratorCount,
    ])
    rows++
    if (pending.length >= BATCH) flush()
  }

  const handle = (recs: CsvRecord[]): void => {
    for (const rec of recs) {
      if (header === null) onHeader(rec)
      else onRow(rec)
      if (problems.length >= MAX_PROBLEMS) fail()
    }
  }

  // Streaming inside one explicit transaction on this job's own connection: every row lands or none does.
  db.exec('BEGIN IMMEDIATE')
  try {
    let lastReport = 0
    for await (const chunk of readUtf8Chunks(path, fileName)) {
      handle(wrapSyntax(() => parser.push(chunk.text), fileName, problems))
      const t = Date.now()
      if (t - lastReport > 100) {
        lastReport = t
        progress(`Importing ${fileName}`, chunk.bytesRead, size)
      }
    }
    handle(wrapSyntax(() => parser.end(), fileName, problems))
    if (problems.length > 0) fail()
    if (header === null) {
      problems.push({ file: fileName, line: 1, message: 'no header row' })
      fail()
    }
    if (rows === 0) {
      problems.push({ file: fileName, line: headerLine + 1, message: 'the file has a header but no rows' })
      fail()
    }
    flush()
    for (const [id, n] of specNulls) {
      warnings.push(`${id} is empty on ${n.count} row${n.count > 1 ? 's' : ''} (first at line ${n.firstLine}) though FOCUS requires a value.`)
    }
    db.prepare(
      `UPDATE snapshot SET rows = ?, period_start = ?, period_end = ?, total_billed_cost = ?, warnings_json = ? WHERE id = ?`,
    ).run(rows, periodStart, periodEnd, total, JSON.stringify(warnings), snapshotId)
    db.exec('COMMIT')
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
  progress(`Imported ${fileName}`, size, size)
  const snap = readSnapshot(db, snapshotId) as Snapshot
  return { fileName, status: 'imported', snapshot: snap }
}

function wrapSyntax(fn: () => CsvRecord[], fileName: string, problems: FileProblem[]): CsvRecord[] {
  try {
    return fn()
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      problems.push({ file: fileName, line: err.line, message: err.message })
      const first = problems[0] as FileProblem
      throw new ApiError({
        code: 'bad-file',
        message: `${fileName}: line ${first.line}${first.column ? `, column ${first.column}` : ''}: ${first.message}. Nothing was imported.`,
        problems: problems.slice(0, MAX_PROBLEMS),
      })
    }
    throw err
  }
}
