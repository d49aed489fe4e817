/**
 * The workspace's billing lines as a FOCUS 1.2 file (CSV or Parquet), so Fleetplan also serves as a FOCUS
 * converter: the 57 FOCUS columns in the spec's order (alphabetical, as the spec lists them) with the spec's
 * data types — Decimal in Numeric Format (no exponent, no sign, no separators), Date/Time as ISO 8601 UTC
 * (`2024-09-01T00:00:00Z`; Parquet TIMESTAMP), JSON as JSON — then custom `x_` columns: what the source
 * carried beyond FOCUS (`x_extra`, one column per key) and Fleetplan's derived dimensions.
 *
 * Written to a temporary file beside the target and renamed at the end: a failed or cancelled export
 * leaves nothing behind, and an existing file is never overwritten unless asked.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { ParquetWriter, fileWriter, schemaFromColumnData } from 'hyparquet-writer'
import type { ColumnSource } from 'hyparquet-writer'
import type { FocusExportResult } from '../../shared/billing-types'
import { ApiError } from '../../shared/errors'
import { FOCUS_COLUMNS } from '../../shared/focus-columns'
import type { Db } from '../db/open'

export interface FocusExportInput {
  out: string
  /** Inclusive first day (YYYY-MM-DD) of ChargePeriodStart. */
  from?: string | undefined
  /** Exclusive last day (YYYY-MM-DD) of ChargePeriodStart. */
  to?: string | undefined
  /** Replace an existing file at `out`. */
  overwrite?: boolean | undefined
}


/** Fleetplan's own derived dimensions, exported as custom columns. */
const DERIVED: readonly [string, string][] = [
  ['team', 'x_Team'],
  ['project', 'x_Project'],
  ['model_type', 'x_ModelType'],
  ['accelerator_type', 'x_AcceleratorType'],
  ['accelerator_count', 'x_AcceleratorCount'],
]

/** A number in FOCUS Numeric Format: plain decimal digits, `-` for negatives, never an exponent. */
export function numericFormat(n: number): string {
  if (Object.is(n, -0)) return '0'
  const s = String(n)
  if (!/e/i.test(s)) return s
  const [mant = '', expText = '0'] = s.toLowerCase().split('e')
  const neg = mant.startsWith('-')
  const digits = mant.replace('-', '')
  const [int = '', frac = ''] = digits.split('.')
  const exp = Number(expText)
  const all = int + frac
  const point = int.length + exp
  let out: string
  if (point <= 0) out = `0.${'0'.repeat(-point)}${all}`
  else if (point >= all.length) out = all + '0'.repeat(point - all.length)
  else out = `${all.slice(0, point)}.${all.slice(point)}`
  out = out.replace(/^0+(?=\d)/, '')
  if (out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '')
  return neg ? `-${out}` : out
}

/** A SQLite value as CSV text: numbers in Numeric Format, text as it is. */
function cellText(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return numericFormat(v)
  if (typeof v === 'bigint') return v.toString()
  return JSON.stringify(v) ?? ''
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v
}

/** Custom-column name for a provider column kept in x_extra (FOCUS: custom columns are prefixed `x_`). */
export function customColumnName(key: string): string {
  const clean = key.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '')
  return key.startsWith('x_') ? `x_${clean.slice(2)}` : `x_${clean}`
}

const dayBound = (d: string): string => `${d}T00:00:00Z`

export async function exportFocus(db: Db, input: FocusExportInput, progress: (done: number, total: number) => void): Promise<FocusExportResult> {
  const ext = extname(input.out).toLowerCase()
  const format = ext === '.parquet' ? 'parquet' : ext === '.csv' ? 'csv' : null
  if (!format) throw new ApiError({ code: 'invalid-input', message: `${basename(input.out)}: the export is written as .csv or .parquet (from the file name); got "${ext || 'no extension'}".` })
  if (existsSync(input.out) && !input.overwrite) {
    throw new ApiError({ code: 'conflict', message: `${input.out} already exists; choose another name, or pass --force (overwrite: true) to replace it. Nothing was written.` })
  }
  if (!existsSync(dirname(input.out))) throw new ApiError({ code: 'not-found', message: `folder ${dirname(input.out)} does not exist. Nothing was written.` })

  const where: string[] = []
  const args: string[] = []
  if (input.from) {
    where.push(`"ChargePeriodStart" >= ?`)
    args.push(dayBound(input.from))
  }
  if (input.to) {
    where.push(`"ChargePeriodStart" < ?`)
    args.push(dayBound(input.to))
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const total = (db.prepare(`SELECT count(*) FROM billing_line ${filter}`).pluck().get(...args) as number) ?? 0
  // Keys of x_extra across the exported rows, each one custom column.
  const keys = db
    .prepare(`SELECT DISTINCT j.key FROM billing_line, json_each(billing_line.x_extra) j ${filter ? `${filter} AND` : 'WHERE'} billing_line.x_extra IS NOT NULL ORDER BY j.key`)
    .pluck()
    .all(...args) as string[]
  const names = new Set<string>([...FOCUS_COLUMNS.map((c) => c.id), ...DERIVED.map((d) => d[1])])
  const extraCols: [string, string][] = []
  for (const k of keys) {
    let name = customColumnName(k)
    for (let i = 2; names.has(name); i++) name = `${customColumnName(k)}_${i}`
    names.add(name)
    extraCols.push([k, name])
  }
  const header = [...FOCUS_COLUMNS.map((c) => c.id), ...extraCols.map((e) => e[1]), ...DERIVED.map((d) => d[1])]
  const select = [...FOCUS_COLUMNS.map((c) => `"${c.id}"`), 'x_extra', ...DERIVED.map((d) => d[0])]
  const stmt = db.prepare(`SELECT ${select.join(', ')} FROM billing_line ${filter} ORDER BY "ChargePeriodStart", snapshot_id, source_line`).raw()
  const nF = FOCUS_COLUMNS.length
  const types = FOCUS_COLUMNS.map((c) => c.type)

  const tmp = join(dirname(input.out), `.${basename(input.out)}.${process.pid}.tmp`)
  let rows = 0
  let billed = 0
  const billedAt = FOCUS_COLUMNS.findIndex((c) => c.id === 'BilledCost')
  try {
    if (format === 'csv') {
      const fd = openSync(tmp, 'w')
      try {
        let buf = `${header.map(csvField).join(',')}\n`
        for (const r of stmt.iterate(...args) as Iterable<unknown[]>) {
          const extra = r[nF] ? (JSON.parse(r[nF] as string) as Record<string, unknown>) : null
          const out: string[] = []
          for (let i = 0; i < nF; i++) {
            const v = r[i]
            out.push(v === null || v === undefined ? '' : types[i] === 'Decimal' ? numericFormat(v as number) : csvField(cellText(v)))
          }
          for (const [k] of extraCols) {
            const v = extra?.[k]
            out.push(v === null || v === undefined ? '' : typeof v === 'number' ? numericFormat(v) : csvField(typeof v === 'string' ? v : JSON.stringify(v)))
          }
          for (let d = 0; d < DERIVED.length; d++) {
            const v = r[nF + 1 + d]
            out.push(v === null || v === undefined ? '' : typeof v === 'number' ? numericFormat(v) : csvField(cellText(v)))
          }
          buf += `${out.join(',')}\n`
          billed += (r[billedAt] as number | null) ?? 0
          if (++rows % 20_000 === 0) {
            writeSync(fd, buf)
            buf = ''
            progress(rows, total)
            await new Promise((res) => setImmediate(res))
          }
        }
        writeSync(fd, buf)
      } finally {
        closeSync(fd)
      }
    } else {
      const r = await writeParquet(tmp, header, extraCols, stmt.iterate(...args) as Iterable<unknown[]>, nF, (n, b) => {
        rows = n
        billed = b
        progress(n, total)
      })
      rows = r.rows
      billed = r.billed
    }
    renameSync(tmp, input.out)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  progress(rows, total)
  return { path: input.out, format, rows, columns: header, totalBilledCost: billed }
}

const ROW_GROUP = 50_000

async function writeParquet(
  path: string,
  header: string[],
  extraCols: [string, string][],
  source: Iterable<unknown[]>,
  nF: number,
  progress: (rows: number, billed: number) => void,
): Promise<{ rows: number; billed: number }> {
  const kind = (i: number): NonNullable<ColumnSource['type']> => {
    if (i < nF) {
      const t = FOCUS_COLUMNS[i]?.type
      return t === 'Decimal' ? 'DOUBLE' : t === 'DateTime' ? 'TIMESTAMP' : t === 'JSON' ? 'JSON' : 'STRING'
    }
    return header[i] === 'x_AcceleratorCount' ? 'DOUBLE' : 'STRING'
  }
  const cols = header.map((name, i) => ({ name, type: kind(i) }))
  const schema = schemaFromColumnData({ columnData: cols.map((c) => ({ ...c, data: [], nullable: true })) })
  const writer = new ParquetWriter({ writer: fileWriter(path), schema })
  const billedAt = FOCUS_COLUMNS.findIndex((c) => c.id === 'BilledCost')
  let batch: unknown[][] = header.map(() => [])
  let n = 0
  let rows = 0
  let billed = 0
  const flush = async (): Promise<void> => {
    if (n === 0) return
    await writer.write({ columnData: header.map((name, i) => ({ name, data: batch[i] as unknown[] })), rowGroupSize: n })
    batch = header.map(() => [])
    n = 0
    progress(rows, billed)
    await new Promise((res) => setImmediate(res))
  }
  for (const r of source) {
    const extra = r[nF] ? (JSON.parse(r[nF] as string) as Record<string, unknown>) : null
    for (let i = 0; i < nF; i++) {
      const v = r[i]
      const t = cols[i]?.type
      ;(batch[i] as unknown[]).push(
        v === null || v === undefined ? null : t === 'TIMESTAMP' ? new Date(v as string) : t === 'JSON' ? (JSON.parse(v as string) as unknown) : v,
      )
    }
    extraCols.forEach(([k], e) => {
      const v = extra?.[k]
      ;(batch[nF + e] as unknown[]).push(v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v))
    })
    for (let d = 0; d < DERIVED.length; d++) {
      const v = r[nF + 1 + d]
      ;(batch[nF + extraCols.length + d] as unknown[]).push(v === undefined ? null : v)
    }
    billed += (r[billedAt] as number | null) ?? 0
    rows++
    if (++n === ROW_GROUP) await flush()
  }
  await flush()
  await writer.finish()
  return { rows, billed }
}
