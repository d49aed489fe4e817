/**
 * Hourly demand in busy accelerators per accelerator type, from a CSV file:
 * - wide: an `hour` or `timestamp` column and one column per type;
 * - long: `timestamp,accelerator,busy` (any order; `hour` for `timestamp`, `type` for `accelerator`, `value` for `busy`).
 * Times are hour indices (integers in an `hour` column), ISO 8601 date-times (no zone = UTC), or epoch seconds
 * / milliseconds; every time must fall on the hour. Missing hours count as zero busy accelerators (and are
 * named in a note); a repeated hour, a negative or non-numeric value, or a time off the hour is refused with
 * the file, line and column — up to five problems at once.
 */
import { isUtf8 } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { ApiError, type FileProblem } from '../../shared/errors'
import { CsvReader, CsvSyntaxError } from '../ingest/source/csv-reader'

export interface DemandHistory {
  types: string[]
  /** values[type][hour], hours consecutive from `start`. */
  values: number[][]
  /** Epoch ms of the first hour; null when the file numbers hours instead of dating them. */
  start: number | null
  /** Index of the first hour when the file numbers them. */
  firstIndex: number
  layout: 'wide' | 'long'
  notes: string[]
}

export const MAX_TYPES = 64
export const MAX_HOURS = 200_000
const HOUR_MS = 3_600_000
const MAX_PROBLEMS = 5

const TIME_NAMES = ['timestamp', 'hour', 'time', 'ts', 'datetime']
const TYPE_NAMES = ['accelerator', 'type', 'accelerator_type', 'gpu_model']
const VALUE_NAMES = ['busy', 'value', 'accelerators', 'demand']

class Problems {
  readonly list: FileProblem[] = []
  constructor(readonly file: string) {}
  add(line: number, column: string, message: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ file: this.file, line, column, message })
  }
  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS
  }
  throwIfAny(): void {
    const first = this.list[0]
    if (!first) return
    const more = this.list.length > 1 ? ` (${this.list.length - 1} more problem${this.list.length > 2 ? 's' : ''} listed)` : ''
    throw new ApiError({ code: 'bad-file', message: `${first.file}, line ${first.line}, column ${first.column}: ${first.message}${more}. Nothing was run.`, problems: this.list })
  }
}

/** A time cell → epoch ms (dates) or an hour index; null when it is neither. */
function parseTime(raw: string, column: string): { kind: 'index' | 'ms'; value: number } | { error: string } {
  const t = raw.trim()
  if (/^-?\d+$/.test(t)) {
    const n = Number(t)
    if (column === 'hour' || Math.abs(n) < 1e9) return { kind: 'index', value: n }
    return { kind: 'ms', value: Math.abs(n) >= 1e12 ? n : n * 1000 }
  }
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(t)
  if (!iso) return { error: `"${raw}" is not a time (ISO 8601 date-time, epoch seconds, or an hour number)` }
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(t)
  const ms = Date.parse(zoned ? t.replace(' ', 'T') : `${t.replace(' ', 'T')}${t.length <= 10 ? 'T00:00:00' : ''}Z`)
  if (!Number.isFinite(ms)) return { error: `"${raw}" is not a valid date-time` }
  return { kind: 'ms', value: ms }
}

function parseBusy(raw: string | null): number | string {
  if (raw === null || raw.trim() === '') return 'empty: every hour needs a value (write 0 for none)'
  const v = Number(raw.trim())
  if (!Number.isFinite(v)) return `"${raw}" is not a number`
  if (v < 0) return `${raw} is negative: busy accelerators cannot be below 0`
  return v
}

function readText(path: string, file: string): string {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (err) {
    throw new ApiError({ code: 'bad-file', message: `Cannot read ${file}: ${(err as Error).message}`, problems: [{ file, message: 'cannot read the file' }] })
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ApiError({ code: 'bad-file', message: `${file} is UTF-16 encoded; Fleetplan reads UTF-8. Re-export or convert it to UTF-8.`, problems: [{ file, line: 1, message: 'UTF-16 byte order mark' }] })
  }
  if (!isUtf8(bytes)) {
    const text = bytes.toString('latin1')
    const bad = bytes.findIndex((b, i) => b >= 0x80 && !isUtf8(bytes.subarray(i, i + 4)) && !isUtf8(bytes.subarray(Math.max(0, i - 3), i + 1)))
    const line = text.slice(0, Math.max(0, bad)).split('\n').length
    throw new ApiError({ code: 'bad-file', message: `${file}, line ${line}: not UTF-8 (Latin-1 or another encoding?). Re-export it as UTF-8.`, problems: [{ file, line, message: 'not UTF-8' }] })
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '')
}

export function readDemandCsv(path: string, file: string): DemandHistory {
  const text = readText(path, file)
  // The imports' reader reuses its field array: each record is copied.
  const records: { fields: (string | null)[]; line: number }[] = []
  const reader = new CsvReader((fields, line) => records.push({ fields: [...(fields as (string | null)[])], line }))
  try {
    reader.push(text)
    reader.end()
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new ApiError({ code: 'bad-file', message: `${file}, line ${err.line}: ${err.message}`, problems: [{ file, line: err.line, message: err.message }] })
    throw err
  }
  const problems = new Problems(file)
  const head = records[0]
  if (!head) throw new ApiError({ code: 'bad-file', message: `${file} is empty: a header row and one row per hour are needed.`, problems: [{ file, line: 1, message: 'empty file' }] })
  const header = head.fields.map((f) => (f ?? '').trim())
  const lower = header.map((h) => h.toLowerCase())
  const timeCol = lower.findIndex((h) => TIME_NAMES.includes(h))
  if (timeCol < 0) {
    throw new ApiError({
      code: 'bad-file',
      message: `${file}, line 1: no time column. Name it "hour" or "timestamp" (wide: one column per accelerator type; long: timestamp,accelerator,busy).`,
      problems: [{ file, line: 1, message: 'no hour or timestamp column' }],
    })
  }
  const typeCol = lower.findIndex((h) => TYPE_NAMES.includes(h))
  const valueCol = lower.findIndex((h) => VALUE_NAMES.includes(h))
  const long = header.length === 3 && typeCol >= 0 && valueCol >= 0
  const timeName = header[timeCol] as string

  header.forEach((h, i) => {
    if (i !== timeCol && h === '') problems.add(1, String(i + 1), 'empty column name')
  })
  const seenNames = new Set<string>()
  if (!long)
    header.forEach((h, i) => {
      if (i === timeCol || h === '') return
      if (seenNames.has(h)) problems.add(1, h, `column "${h}" appears twice`)
      seenNames.add(h)
    })
  problems.throwIfAny()

  // (type, time) → value, with the line that gave it.
  const cells = new Map<string, Map<number, number>>()
  const typeOrder: string[] = long ? [] : header.filter((_, i) => i !== timeCol)
  if (typeOrder.length > MAX_TYPES) throw new ApiError({ code: 'bad-file', message: `${file}, line 1: ${typeOrder.length} accelerator types; at most ${MAX_TYPES}.`, problems: [{ file, line: 1, message: 'too many columns' }] })
  let kind: 'index' | 'ms' | null = null
  const lineOf = new Map<string, number>()
  for (const rec of records.slice(1)) {
    if (problems.full) break
    if (rec.fields.length !== header.length) {
      problems.add(rec.line, String(Math.min(rec.fields.length, header.length) + 1), `${rec.fields.length} fields, the header has ${header.length}`)
      continue
    }
    const rawTime = rec.fields[timeCol]
    if (rawTime === null || rawTime === undefined || rawTime.trim() === '') {
      problems.add(rec.line, timeName, 'empty time')
      continue
    }
    const t = parseTime(rawTime, timeName.toLowerCase())
    if ('error' in t) {
      problems.add(rec.line, timeName, t.error)
      continue
    }
    if (kind && t.kind !== kind) {
      problems.add(rec.line, timeName, `"${rawTime}" mixes hour numbers and dates`)
      continue
    }
    kind = t.kind
    if (t.kind === 'ms' && t.value % HOUR_MS !== 0) {
      problems.add(rec.line, timeName, `"${rawTime}" is not on the hour: aggregate the demand to hourly values first`)
      continue
    }
    const key = t.kind === 'ms' ? t.value / HOUR_MS : t.value
    const put = (type: string, raw: string | null, column: string) => {
      const v = parseBusy(raw)
      if (typeof v === 'string') return problems.add(rec.line, column, v)
      let m = cells.get(type)
      if (!m) cells.set(type, (m = new Map<number, number>()))
      const dupKey = `${type}\u0000${key}`
      if (m.has(key)) return problems.add(rec.line, column, `hour ${rawTime.trim()} of ${type} already given on line ${lineOf.get(dupKey)}`)
      m.set(key, v)
      lineOf.set(dupKey, rec.line)
    }
    if (long) {
      const type = (rec.fields[typeCol] ?? '').trim()
      if (!type) {
        problems.add(rec.line, header[typeCol] as string, 'empty accelerator type')
        continue
      }
      if (!cells.has(type)) {
        if (typeOrder.length >= MAX_TYPES) {
          problems.add(rec.line, header[typeCol] as string, `more than ${MAX_TYPES} accelerator types`)
          continue
        }
        typeOrder.push(type)
      }
      put(type, rec.fields[valueCol] ?? null, header[valueCol] as string)
    } else {
      header.forEach((h, i) => {
        if (i !== timeCol) put(h, rec.fields[i] ?? null, h)
      })
    }
  }
  problems.throwIfAny()
  let lo = Infinity
  let hi = -Infinity
  for (const m of cells.values()) for (const k of m.keys()) {
    if (k < lo) lo = k
    if (k > hi) hi = k
  }
  if (!Number.isFinite(lo) || typeOrder.length === 0) {
    throw new ApiError({ code: 'bad-file', message: `${file} has no demand rows: one row per hour is needed.`, problems: [{ file, line: 2, message: 'no data rows' }] })
  }
  const hours = hi - lo + 1
  if (hours > MAX_HOURS) throw new ApiError({ code: 'bad-file', message: `${file}: ${hours} hours from first to last row; at most ${MAX_HOURS}.`, problems: [{ file, message: 'history too long' }] })
  const values = typeOrder.map((type) => {
    const m = cells.get(type) ?? new Map<number, number>()
    const arr = new Array<number>(hours).fill(0)
    for (const [k, v] of m) arr[k - lo] = v
    return arr
  })
  const notes: string[] = []
  const rowsSeen = new Set<number>()
  for (const m of cells.values()) for (const k of m.keys()) rowsSeen.add(k)
  const missing = hours - rowsSeen.size
  if (missing > 0) notes.push(`${missing} of ${hours} hours have no row in ${file}; counted as 0 busy accelerators.`)
  return { types: typeOrder, values, start: kind === 'ms' ? lo * HOUR_MS : null, firstIndex: kind === 'ms' ? 0 : lo, layout: long ? 'long' : 'wide', notes }
}
