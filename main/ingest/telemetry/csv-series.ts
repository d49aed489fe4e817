/**
 * CSV with a column mapping: a timestamp column (s, ms, µs, ns or ISO 8601), one or more value columns
 * (each a metric) and label columns. Without a mapping one is inferred from the header and first row
 * (a column named like "timestamp" / "time" / "ts", numeric columns as values, the rest as labels).
 */
import type { CsvMapping, TimestampUnit } from '../../../shared/telemetry-types'
import { CsvReader, CsvSyntaxError } from '../source/csv-reader'
import { badFile } from './errors'
import { detach } from '../source/detach'
import type { TelemetryWriter } from './writer'

export interface CsvSeriesParser {
  push(text: string): void
  end(): void
  readonly warnings: string[]
  readonly mapping: CsvMapping | null
}

const TS_NAMES = ['timestamp', 'timestamp_anon', 'time', 'ts', 'datetime', 'date', 'time_stamp', 'epoch']

function unitFromSample(v: string): TimestampUnit {
  const n = Number(v)
  if (!Number.isFinite(n) || v.trim() === '') return 'iso'
  const a = Math.abs(n)
  if (a < 1e11) return 's'
  if (a < 1e14) return 'ms'
  if (a < 1e17) return 'us'
  return 'ns'
}

/** Infers a mapping from the header and the first data row. Exported for the UI's preview and the tests. */
export function inferCsvMapping(header: string[], first: readonly (string | null)[], metricBase: string): CsvMapping | string {
  const lower = header.map((h) => h.trim().toLowerCase())
  const tsIdx = lower.findIndex((h) => TS_NAMES.includes(h)) >= 0 ? lower.findIndex((h) => TS_NAMES.includes(h)) : lower.findIndex((h) => h.includes('timestamp') || h.endsWith('_time'))
  if (tsIdx < 0) return `no timestamp column (looked for ${TS_NAMES.join(', ')}); give a mapping`
  const values: CsvMapping['values'] = []
  const labels: CsvMapping['labels'] = []
  header.forEach((h, i) => {
    if (i === tsIdx) return
    const v = first[i]
    const numeric = v !== null && v !== undefined && v.trim() !== '' && Number.isFinite(Number(v))
    if (numeric && (lower[i] === 'value' || !/(_id|_ip|id|name|type|uuid|host|pod)$/.test(lower[i] as string))) values.push({ column: h })
    else labels.push({ column: h })
  })
  if (values.length === 0) return 'no numeric value column found; give a mapping'
  if (values.length === 1 && lower[header.indexOf((values[0] as { column: string }).column)] === 'value') (values[0] as { metric?: string }).metric = metricBase
  return { timestamp: header[tsIdx] as string, timestampUnit: unitFromSample(first[tsIdx] ?? ''), values, labels }
}

export function createCsvSeriesParser(
  writer: TelemetryWriter,
  opts: { fileName: string; mapping: CsvMapping | undefined; metricBase: string },
): CsvSeriesParser {
  const { fileName } = opts
  let header: string[] | null = null
  let mapping: CsvMapping | null = opts.mapping ?? null
  let tsIdx = -1
  let valueIdx: { idx: number; metric: string; column: string }[] = []
  let labelIdx: { idx: number; name: string }[] = []
  const handles = new Map<string, number>()
  let empty = 0
  const warnings: string[] = []

  const resolve = (m: CsvMapping, line: number): void => {
    const h = header as string[]
    const col = (name: string, role: string): number => {
      const i = h.indexOf(name)
      if (i < 0) throw badFile(fileName, line, `the mapping's ${role} column "${name}" is not in the header (${h.join(', ')})`, name)
      return i
    }
    tsIdx = col(m.timestamp, 'timestamp')
    valueIdx = m.values.map((v) => ({ idx: col(v.column, 'value'), metric: v.metric ?? v.column, column: v.column }))
    labelIdx = m.labels.map((l) => ({ idx: col(l.column, 'label'), name: l.as ?? l.column }))
  }

  const parseTs = (raw: string | null, line: number): number => {
    const col = (mapping as CsvMapping).timestamp
    if (raw === null || raw.trim() === '') throw badFile(fileName, line, 'the timestamp is empty', col)
    const unit = (mapping as CsvMapping).timestampUnit
    if (unit === 'iso') {
      const t = Date.parse(raw)
      if (Number.isNaN(t)) throw badFile(fileName, line, `"${raw}" is not an ISO 8601 date-time`, col)
      return t
    }
    const n = Number(raw)
    if (!Number.isFinite(n)) throw badFile(fileName, line, `"${raw}" is not a number of ${unit === 's' ? 'seconds' : unit}`, col)
    return Math.round(unit === 's' ? n * 1000 : unit === 'ms' ? n : unit === 'us' ? n / 1e3 : n / 1e6)
  }

  const row = (fields: readonly (string | null)[], line: number): void => {
    const h = header as string[]
    if (fields.length === 1 && (fields[0] === null || fields[0] === '')) return // blank line
    if (fields.length !== h.length) {
      throw badFile(fileName, line, `expected ${h.length} fields (as in the header), found ${fields.length}${fields.length < h.length ? ' (row cut short — truncated file?)' : ''}`)
    }
    if (!mapping) {
      const m = inferCsvMapping(h, fields, opts.metricBase)
      if (typeof m === 'string') throw badFile(fileName, 1, m)
      mapping = m
    }
    if (tsIdx < 0) resolve(mapping, line)
    const ts = parseTs(fields[tsIdx] ?? null, line)
    const labels: Record<string, string> = { ...(mapping.constLabels ?? {}) }
    let lkey = ''
    for (const l of labelIdx) {
      const v = fields[l.idx]
      if (v !== null && v !== undefined && v !== '') {
        labels[l.name] = v
        lkey += `${l.name}\u0001${v}\u0002`
      }
    }
    for (const v of valueIdx) {
      const raw = fields[v.idx]
      if (raw === null || raw === undefined || raw.trim() === '') {
        empty++
        continue
      }
      const x = Number(raw)
      if (Number.isNaN(x) && raw !== 'NaN') throw badFile(fileName, line, `"${raw}" is not a number`, v.column)
      const key = `${v.metric}\u0000${lkey}`
      let hd = handles.get(key)
      if (hd === undefined) {
        hd = writer.series(v.metric, labels)
        handles.set(detach(key), hd)
      }
      writer.add(hd, ts, x)
    }
  }

  // No verbatim mask is set, so every field arrives as a string or null.
  const reader = new CsvReader((fields, line) => {
    const f = fields as (string | null)[]
    if (header === null) {
      header = f.map((v) => (v ?? '').trim())
      if (mapping) resolve(mapping, line)
    } else row(f, line)
  })
  const wrap = (fn: () => void): void => {
    try {
      fn()
    } catch (err) {
      if (err instanceof CsvSyntaxError) throw badFile(fileName, err.line, err.message)
      throw err
    }
  }
  return {
    push: (text) => wrap(() => reader.push(text)),
    end: () => {
      wrap(() => reader.end())
      if (header === null) throw badFile(fileName, 1, 'no header row')
      if (empty) warnings.push(`${empty} empty value cell${empty > 1 ? 's' : ''} skipped.`)
    },
    warnings,
    get mapping() {
      return mapping
    },
  }
}
