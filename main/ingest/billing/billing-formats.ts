/**
 * What every billing format module provides: a mapper from a source row (values in the source's column
 * order) to FOCUS cells in the shared sink, and a header check for auto-detection.
 */
import type { BillingFormat } from '../../../shared/billing-types'
import type { FocusVersion } from '../../../shared/focus-columns'
import type { BillingSink, Cell } from './billing-sink'
import { parseNested } from './nested-values'

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
  /** Azure only: which cost dataset (actual / amortized) the rows came from, once every row was mapped. */
  costKind?: () => string
  /** Warnings about the whole file once every row was mapped (e.g. amortization columns missing). */
  warnings?: () => string[]
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

/**
 * Parses a tags cell that should be a JSON object: JSON, JSON without the outer braces (Azure), or a Python
 * literal (parseNested). A cell that is none of these goes to `onBad` (the mapper keeps it in x_extra and
 * warns) and gives null.
 */
export function tagsObject(v: Cell, onBad?: (raw: string) => void): Record<string, unknown> | null {
  if (v === null || v === undefined || v === '') return null
  if (typeof v === 'object' && !(v instanceof Date)) {
    if (Array.isArray(v)) return labelsArray(v)
    return v
  }
  const s = String(v).trim()
  if (s === '' || s === '{}') return null
  let parsed = parseNested(s)
  if (parsed === undefined && !s.startsWith('{') && !s.startsWith('[')) parsed = parseNested(`{${s}}`)
  if (Array.isArray(parsed)) return labelsArray(parsed)
  if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>
  onBad?.(s)
  return null
}

/** GCP labels: `[{"key": "team", "value": "x"}]` → `{ team: "x" }`. */
function labelsArray(a: unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  for (const e of a) {
    if (e && typeof e === 'object' && 'key' in e) o[String(e.key)] = (e as { value?: unknown }).value ?? null
  }
  return o
}

/**
 * What a mapper noticed across rows, said once per file with a count: cost columns a line item type needs
 * but the export lacks (the line keeps its BilledCost as EffectiveCost), and lines whose ListCost is unknown.
 */
export class MapperNotes {
  private readonly missing = new Map<string, number>()
  private unknownList = 0
  private readonly extra: string[] = []
  private readonly unparsedAt = new Map<string, { count: number; first: number }>()

  /** A nested cell (tags, labels) that is neither JSON nor a Python literal: kept raw in x_extra. */
  unparsed(column: string, at: number): void {
    const u = this.unparsedAt.get(column)
    if (u) u.count++
    else this.unparsedAt.set(column, { count: 1, first: at })
  }

  /** `value` when the export has it; else counts `column` as missing and falls back to `billed`. */
  need(value: number | null, column: string, billed: number): number {
    if (value !== null) return value
    this.missing.set(column, (this.missing.get(column) ?? 0) + 1)
    return billed
  }

  listUnknown(): void {
    this.unknownList++
  }

  note(text: string): void {
    if (!this.extra.includes(text)) this.extra.push(text)
  }

  warnings(): string[] {
    const out = [...this.extra]
    for (const [col, u] of this.unparsedAt) {
      out.push(`${col} is neither JSON nor a Python literal on ${u.count} line${u.count > 1 ? 's' : ''} (first at line ${u.first}): kept as text in x_extra.`)
    }
    for (const [col, n] of this.missing) {
      out.push(`${col} is empty or missing on ${n} line${n > 1 ? 's' : ''} that need${n > 1 ? '' : 's'} it for amortization: their EffectiveCost is their BilledCost.`)
    }
    if (this.unknownList > 0) {
      const n = this.unknownList
      out.push(`ListCost is unknown on ${n} line${n > 1 ? 's' : ''} (no public on-demand / pay-as-you-go price, e.g. purchases and fees): set to BilledCost.`)
    }
    return out
  }
}
