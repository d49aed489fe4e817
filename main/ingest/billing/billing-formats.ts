/**
 * What every billing format module provides: a mapper from a source row (values in the source's column
 * order) to FOCUS cells in the shared sink, and a header check for auto-detection.
 */
import type { BillingFormat } from '../../../shared/billing-types'
import type { FocusVersion } from '../../../shared/focus-columns'
import type { BillingSink, Cell } from './billing-sink'

export type BillingFamily = Exclude<BillingFormat, 'auto'>

export interface RowMapper {
  family: BillingFamily
  /** Variant for the snapshot's format label, e.g. `focus-1.2`, `aws-cur2`, `azure-cost`. */
  label: string
  version: FocusVersion
  /** FOCUS column indexes this mapper fills. */
  present: readonly number[]
  /** Fills `sink.cells` (and `extra`, `instanceHint`) for one row; may report problems on the sink. */
  map(row: readonly Cell[], sink: BillingSink, at: number): void
  /**
   * For mappers that copy CSV fields to FOCUS columns one to one: the field index of each FOCUS column
   * (-1 = absent). Lets the CSV reader leave forwarded fields in its text (CsvReader.verbatim).
   */
  fieldOf?: Int32Array
}

export interface FormatModule {
  family: BillingFamily
  /** Whether a header (column names, in file order) looks like this format. */
  detect(header: readonly string[]): boolean
  /** Builds the mapper for a header; throws ApiError (bad-file) naming missing columns. */
  mapper(header: readonly string[], fileName: string): RowMapper
}

/** A cell as text (null stays null); numbers and BigInts print plainly. */
export function str(v: Cell): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v === '' ? null : v
  if (v instanceof Date) return `${v.toISOString().slice(0, 19)}Z`
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
  return String(v)
}

/** Index of the first of `names` in the header (exact, then case-insensitive), or -1. */
export function columnIndex(header: readonly string[], ...names: string[]): number {
  for (const n of names) {
    const i = header.indexOf(n)
    if (i >= 0) return i
  }
  const lower = header.map((h) => h.toLowerCase())
  for (const n of names) {
    const i = lower.indexOf(n.toLowerCase())
    if (i >= 0) return i
  }
  return -1
}

/** Parses a tags cell that should be a JSON object; Azure writes it without the outer braces. */
export function tagsObject(v: Cell): Record<string, unknown> | null {
  if (v === null || v === undefined || v === '') return null
  if (typeof v === 'object' && !(v instanceof Date)) {
    if (Array.isArray(v)) return labelsArray(v)
    return v
  }
  const s = String(v).trim()
  if (s === '' || s === '{}') return null
  try {
    const parsed: unknown = JSON.parse(s.startsWith('{') || s.startsWith('[') ? s : `{${s}}`)
    if (Array.isArray(parsed)) return labelsArray(parsed)
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>
  } catch {
    // fall through: kept as raw text under one key rather than dropped
  }
  return { _raw: s }
}

/** GCP labels: `[{"key": "team", "value": "x"}]` → `{ team: "x" }`. */
function labelsArray(a: unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  for (const e of a) {
    if (e && typeof e === 'object' && 'key' in e) o[String(e.key)] = (e as { value?: unknown }).value ?? null
  }
  return o
}
