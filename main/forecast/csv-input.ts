import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { ApiError } from '../../shared/errors'
import { CsvReader, CsvSyntaxError } from '../ingest/source/csv-reader'

/**
 * Series for the `forecast` CLI from a CSV file, layout detected from the header:
 * - long: columns `id,ts,value` (any order; `unique_id,ds,y` also accepted), rows grouped by id, sorted by ts;
 * - wide (M4): first column = series id, then observations in time order; trailing empty cells are padding.
 * Bad cells are reported with file, line and column.
 */
export interface CsvSeries {
  id: string
  values: number[]
}

/** One CSV record: its cells (null = unquoted empty or NULL) and the line it starts on. */
export interface CsvRow {
  cells: (string | null)[]
  line: number
}

/**
 * Every record of a CSV text, through the import's RFC 4180 reader (quoted commas, quotes and line breaks
 * inside fields, line numbers). A malformed file is a bad-file error naming file and line.
 */
export function csvRows(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = []
  const reader = new CsvReader((fields, line) => rows.push({ cells: fields.map((f) => (typeof f === 'string' ? f : null)), line }))
  try {
    reader.push(text.replace(/^\uFEFF/, ''))
    reader.end()
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err
    throw new ApiError({ code: 'bad-file', message: `${file}:${err.line}: ${err.message}`, problems: [{ file, line: err.line, message: err.message }] })
  }
  return rows
}

const LONG_NAMES: Record<string, 'id' | 'ts' | 'value'> = { id: 'id', unique_id: 'id', series: 'id', ts: 'ts', ds: 'ts', timestamp: 'ts', date: 'ts', value: 'value', y: 'value' }

export function readSeriesCsv(path: string): { layout: 'wide' | 'long'; series: CsvSeries[] } {
  const file = basename(path)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ApiError({ code: 'bad-file', message: `Cannot read ${path}: ${(err as Error).message}`, problems: [{ file, message: 'cannot read the file' }] })
  }
  // Cells trimmed, null as empty; rows of blanks only carry nothing.
  const rows = csvRows(text, file)
    .map((r) => ({ line: r.line, cells: r.cells.map((c) => (c ?? '').trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''))
  const header = rows[0]?.cells ?? []
  const bad = (line: number, column: string, message: string): never => {
    throw new ApiError({ code: 'bad-file', message: `${file}:${line} column ${column}: ${message}`, problems: [{ file, line, column, message }] })
  }
  if (header.length < 2) bad(1, '1', 'a header row with an id column and values is required')
  const names = header.map((h) => LONG_NAMES[h.toLowerCase()])
  const isLong = header.length === 3 && new Set(names).size === 3 && names.every(Boolean)
  const series: CsvSeries[] = []
  if (isLong) {
    const col = { id: names.indexOf('id'), ts: names.indexOf('ts'), value: names.indexOf('value') }
    const groups = new Map<string, { ts: string; v: number }[]>()
    for (const { cells, line } of rows.slice(1)) {
      const id = cells[col.id] ?? ''
      const ts = cells[col.ts] ?? ''
      const raw = cells[col.value] ?? ''
      if (!id) bad(line, header[col.id] as string, 'empty series id')
      const v = Number(raw)
      if (raw === '' || !Number.isFinite(v)) bad(line, header[col.value] as string, `"${raw}" is not a number`)
      const g = groups.get(id) ?? []
      g.push({ ts, v })
      groups.set(id, g)
    }
    for (const [id, pts] of groups) {
      const numeric = pts.every((p) => p.ts !== '' && Number.isFinite(Number(p.ts)))
      pts.sort((a, b) => (numeric ? Number(a.ts) - Number(b.ts) : a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))
      series.push({ id, values: pts.map((p) => p.v) })
    }
    return { layout: 'long', series }
  }
  for (const { cells, line } of rows.slice(1)) {
    const id = cells[0] ?? ''
    if (!id) bad(line, header[0] ?? '1', 'empty series id')
    let last = cells.length - 1
    while (last > 0 && cells[last] === '') last--
    const values: number[] = []
    for (let c = 1; c <= last; c++) {
      const raw = cells[c] as string
      const v = Number(raw)
      if (raw === '' || raw.toUpperCase() === 'NA' || !Number.isFinite(v)) bad(line, header[c] ?? String(c + 1), raw === '' ? 'missing value inside the series (only trailing cells may be empty)' : `"${raw}" is not a number`)
      values.push(v)
    }
    if (values.length === 0) bad(line, header[1] ?? '2', `series ${id} has no observations`)
    series.push({ id, values })
  }
  return { layout: 'wide', series }
}
