/**
 * The one place billing rows enter the workspace. Every format (FOCUS CSV / CSV.gz / Parquet, AWS CUR, Azure,
 * OCI, GCP) fills a FOCUS-ordered array of cells per row; the sink types and validates each cell, derives the
 * dimensions (accelerator from the instance catalog, team / project / model type from tags), and hands it
 * to the writer (billing-writer.ts) in batches, bound to the columns the source actually has.
 *
 * Speed matters here (a 1M-row import must stay near SQLite's own `.import`): values repeat heavily in
 * billing exports, so date normalisation, JSON tags and derived dimensions are cached per distinct input,
 * and the row array handed to SQLite is reused.
 */
import { ApiError, type FileProblem } from '../../../shared/errors'
import { FOCUS_COLUMNS, type FocusVersion } from '../../../shared/focus-columns'
import { BatchBuilder, DICT, DictEntry, NUM, STR } from './billing-batch'
import type { SnapshotSummary } from '../../workspace/snapshots'
import type { RowStore } from './billing-writer'
import { acceleratorFor, type AcceleratorMatch } from './accelerator-catalog'
import { VERBATIM, type CsvReader } from '../source/csv-reader'
import { detach } from '../source/detach'
import { dateKey, parseDateTime } from './focus-values'
import { parseNested } from './nested-values'
import { DEFAULT_TAG_KEYS, type TagKeys } from './tag-keys'

/** A value as a source delivers it: CSV gives strings, Parquet / JSON give typed values. */
export type Cell = string | number | bigint | boolean | Date | Record<string, unknown> | null | undefined

export const FOCUS_INDEX: ReadonlyMap<string, number> = new Map(FOCUS_COLUMNS.map((c, i) => [c.id, i]))
export const N_FOCUS = FOCUS_COLUMNS.length

/** Index of a FOCUS column by id; throws on a typo, so mappers fail at load, not silently. */
export function fi(id: string): number {
  const i = FOCUS_INDEX.get(id)
  if (i === undefined) throw new Error(`not a FOCUS column: ${id}`)
  return i
}

/**
 * Index lookup for the FOCUS columns one mapper fills, resolved once per file rather than per row; asking for a
 * column outside the list is a mapper bug and throws.
 */
export function focusColumns(ids: readonly string[]): { f: (id: string) => number; present: number[] } {
  const at = new Map(ids.map((k) => [k, fi(k)]))
  const f = (id: string): number => {
    const i = at.get(id)
    if (i === undefined) throw new Error(`this mapper does not fill FOCUS column ${id}`)
    return i
  }
  return { f, present: [...at.values()] }
}

/** Source columns no mapping rule reads: kept as the line's extra columns (x_…), so nothing in the file is lost. */
export function unreadColumns(header: readonly string[], read: Iterable<number>): number[] {
  const used = new Set([...read].filter((i) => i >= 0))
  return header.map((_, i) => i).filter((i) => !used.has(i))
}

const I = {
  BilledCost: fi('BilledCost'),
  ChargePeriodStart: fi('ChargePeriodStart'),
  ChargePeriodEnd: fi('ChargePeriodEnd'),
  BillingCurrency: fi('BillingCurrency'),
  Tags: fi('Tags'),
  SkuId: fi('SkuId'),
  ChargeDescription: fi('ChargeDescription'),
  SkuMeter: fi('SkuMeter'),
  ResourceType: fi('ResourceType'),
  ResourceName: fi('ResourceName'),
  ProviderName: fi('ProviderName'),
  BillingAccountId: fi('BillingAccountId'),
}

/** What a snapshot covers for one provider and billing account (see billing-overlap.ts). */
export interface BillingScope {
  provider: string
  billingAccountId: string
  periodStart: string
  periodEnd: string
  rows: number
  billedCost: number
}

const ISO_4217 = /^[A-Z]{3}$/

/**
 * Columns without which a line cannot be analysed at all: an empty one is an error. Other columns that the
 * spec declares non-nullable are often empty in real exports (the FOCUS sample's Oracle rows have no
 * ContractedCost): those become a warning with a count, not a rejected file.
 */
const REQUIRED_FOR_ANALYSIS = new Set([I.BilledCost, I.ChargePeriodStart, I.ChargePeriodEnd])


export const MAX_PROBLEMS = 5
const CACHE_LIMIT = 50_000

const T_STRING = 0
const T_DECIMAL = 1
const T_DATETIME = 2
const T_JSON = 3
const TYPE_CODE: readonly number[] = FOCUS_COLUMNS.map((c) =>
  c.type === 'Decimal' ? T_DECIMAL : c.type === 'DateTime' ? T_DATETIME : c.type === 'JSON' ? T_JSON : T_STRING,
)

/**
 * Whether a CSV parser may leave this FOCUS column's values in the text (CsvReader.verbatim), and how: 1 for
 * plain strings, which the sink forwards as they are (and reads back from the text the few it needs, see
 * `paramOf`); 2 for date/times and JSON, which the sink looks up in its caches by their text (escaped or not,
 * see `lookup`); 0 for decimals.
 */
export function verbatimMode(focusIndex: number): 0 | 1 | 2 {
  const t = TYPE_CODE[focusIndex]
  return t === T_STRING ? 1 : t === T_DATETIME || t === T_JSON ? 2 : 0
}

/** Whether this FOCUS column is a Decimal (a CSV parser may deliver its plain values as numbers: CsvReader.numeric). */
export function decimalColumn(focusIndex: number): boolean {
  return TYPE_CODE[focusIndex] === T_DECIMAL
}

/** Where VERBATIM cells come from: the CSV reader, and the field index of each FOCUS column (-1 = none). */
export interface VerbatimSource {
  reader: CsvReader
  fieldOf: Int32Array
}

export interface SinkStart {
  fileName: string
  /** Stored in snapshot.format, e.g. `focus-1.2-csv`, `aws-cur-csv.gz`, `azure-cost-csv`. */
  format: string
  version: FocusVersion
  /** FOCUS column indexes the source fills (the others stay NULL and are not bound). */
  present: readonly number[]
  importedAt: string
  /** Problems are located by physical line (CSV) or by data row (Parquet, JSON). */
  unit: 'line' | 'row'
}

interface TagInfo {
  json: DictEntry
  team: string | null
  project: string | null
  modelType: string | null
}

type TagResult = TagInfo | { error: string }

/**
 * Results per distinct input (dates, JSON, tags and accelerators repeat heavily in billing exports), bounded:
 * cleared when full. Keys are detached, so a cache never pins the 1 MB chunk a key was cut from.
 */
class ValueCache<V> {
  private readonly m = new Map<string, V>()

  get(key: string): V | undefined {
    return this.m.get(key)
  }

  remember(key: string, value: V): V {
    if (this.m.size >= CACHE_LIMIT) this.m.clear()
    this.m.set(detach(key), value)
    return value
  }
}

/**
 * Values by a non-negative integer key up to 2^53 (e.g. a date's digits), in an open-addressing table: no
 * string, no boxed number per lookup (a Map would box keys beyond 2^30). Cleared when half full.
 */
class NumberCache<V> {
  private static readonly SIZE = 1 << 17
  private readonly keys = new Float64Array(NumberCache.SIZE).fill(-1)
  private readonly values: (V | undefined)[] = new Array<V | undefined>(NumberCache.SIZE).fill(undefined)
  private size = 0

  private slot(key: number): number {
    // Low and high 32 bits mixed (ToInt32 keeps the low ones exactly), then probed linearly.
    return (Math.imul((key | 0) ^ ((key / 4294967296) | 0), 0x9e3779b1) >>> 15) & (NumberCache.SIZE - 1)
  }

  get(key: number): V | undefined {
    const mask = NumberCache.SIZE - 1
    for (let i = this.slot(key); ; i = (i + 1) & mask) {
      const k = this.keys[i] as number
      if (k === key) return this.values[i]
      if (k === -1) return undefined
    }
  }

  set(key: number, value: V): void {
    if (this.size >= NumberCache.SIZE >> 1) {
      this.keys.fill(-1)
      this.values.fill(undefined)
      this.size = 0
    }
    const mask = NumberCache.SIZE - 1
    let i = this.slot(key)
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & mask
    if (this.keys[i] === -1) this.size++
    this.keys[i] = key
    this.values[i] = value
  }
}

/**
 * Receives rows for one snapshot and passes them to the writer, which owns the transaction. Fill `cells`
 * (and optionally `extra`, `instanceHint`), then call `add(location)`; at the end `flush()` and `summary()`.
 */
export class BillingSink {
  /** FOCUS-ordered cells for the row being built; reset to null after each `add`. */
  readonly cells: Cell[] = new Array<Cell>(N_FOCUS).fill(null)
  /** Non-FOCUS columns of the row (raw provider columns, unknown x_ columns), stored as JSON in x_extra. */
  extra: Record<string, unknown> | null = null
  /** The same as `extra`, already as JSON text (the FOCUS path builds it so); `extra` wins when both are set. */
  extraJson: string | null = null
  /** An instance type / machine type the mapper knows for the row (e.g. AWS product/instanceType). */
  instanceHint: string | null = null

  readonly problems: FileProblem[] = []
  readonly warnings: string[] = []
  rows = 0
  total = 0
  periodStart: string | null = null
  periodEnd: string | null = null
  private readonly scopes = new Map<string, BillingScope>()
  private lastScope: BillingScope | null = null
  private checkedCurrency: string | null = null
  private readonly counted = new Map<string, { count: number; first: number; text: string }>()
  currency: string | null = null
  /** Resolves with the number of indexes the writer rebuilds at the end (rejects if it could not begin). */
  readonly begun: Promise<number>

  private readonly present: number[]
  private readonly presentTypes: number[]
  private readonly params: unknown[]
  private readonly batch: BatchBuilder
  /** Set by the CSV path when the mapper passes VERBATIM cells. */
  source: VerbatimSource | null = null
  private batchGen = -1
  private readonly vStart: Int32Array
  private readonly vEnd: Int32Array
  private readonly dates = new ValueCache<DictEntry | { error: string }>()
  /** Valid date/times in the common `YYYY-MM-DD[ T]HH:MM:SS[Z]` form, by their digits as one number (`dateKey`). */
  private readonly datesByKey = new NumberCache<DictEntry>()
  private readonly tagCache = new ValueCache<TagResult>()
  /** Tags by their CSV text still escaped (doubled quotes): unescaped only when first seen. */
  private readonly escapedTagCache = new ValueCache<TagResult>()
  private readonly jsonCache = new ValueCache<DictEntry | { error: string }>()
  private readonly accCache = new ValueCache<AcceleratorMatch>()
  private readonly specNulls = new Map<number, { count: number; firstAt: number }>()
  private readonly tagKeys: TagKeys
  private readonly xExtraAt: number
  private readonly derivedAt: number
  /** Position in `params` of each FOCUS column (-1 when the source lacks it). */
  private readonly at: Int32Array

  constructor(
    private readonly store: RowStore,
    private readonly start: SinkStart,
    fileBytes: number,
    tagKeys: TagKeys = DEFAULT_TAG_KEYS,
  ) {
    this.tagKeys = tagKeys
    this.present = [...new Set(start.present)].sort((a, b) => a - b)
    this.presentTypes = this.present.map((i) => TYPE_CODE[i] ?? T_STRING)
    const cols = this.present.map((i) => `"${FOCUS_COLUMNS[i]?.id}"`)
    // Statement order after snapshot_id (which the writer sets): what the writer binds, NUM or STR each.
    const columns = ['source_line', ...cols, 'x_extra', 'team', 'project', 'model_type', 'accelerator_type', 'accelerator_count']
    // Dates, JSON and derived dimensions come out of per-value caches (and repeat): sent by dictionary number.
    const kinds = Uint8Array.from([
      NUM,
      ...this.presentTypes.map((t) => (t === T_DECIMAL ? NUM : t === T_STRING ? STR : DICT)),
      STR,
      DICT,
      DICT,
      DICT,
      DICT,
      NUM,
    ])
    this.batch = new BatchBuilder(kinds)
    this.begun = store.begin({ fileBytes, format: start.format, fileName: start.fileName, importedAt: start.importedAt, columns, kinds })
    // Observed here so an early failure is not an unhandled rejection; the import awaits `begun` itself.
    this.begun.catch(() => undefined)
    this.params = new Array<unknown>(cols.length + 8).fill(null)
    this.vStart = new Int32Array(cols.length + 8)
    this.vEnd = new Int32Array(cols.length + 8)
    this.at = new Int32Array(N_FOCUS).fill(-1)
    this.present.forEach((i, k) => {
      this.at[i] = 2 + k
    })
    this.xExtraAt = 2 + cols.length
    this.derivedAt = this.xExtraAt + 1
  }

  problem(at: number, column: string | undefined, message: string): void {
    const p: FileProblem = { file: this.start.fileName, line: at, message: this.start.unit === 'row' ? `row ${at}: ${message}` : message }
    if (column) p.column = column
    this.problems.push(p)
  }

  /** Validates and inserts the row in `cells`; on a bad row records problems (see `failed`). */
  add(at: number): void {
    const cells = this.cells
    const params = this.params
    const present = this.present
    const types = this.presentTypes
    let ok = true
    let tags: TagInfo | null = null
    for (let k = 0; k < present.length; k++) {
      const i = present[k] as number
      const raw = cells[i]
      cells[i] = null
      let v: unknown = null
      if (raw === null || raw === undefined || raw === '') {
        if (REQUIRED_FOR_ANALYSIS.has(i)) {
          this.problem(at, FOCUS_COLUMNS[i]?.id, 'is empty but every line needs a value')
          ok = false
        } else if (!(FOCUS_COLUMNS[i] as { nullable: boolean }).nullable) {
          const n = this.specNulls.get(i)
          if (n) n.count++
          else this.specNulls.set(i, { count: 1, firstAt: at })
        }
        params[2 + k] = null
        continue
      }
      switch (types[k]) {
        case T_DECIMAL: {
          const n = toDecimal(raw)
          if (typeof n === 'string') {
            this.problem(at, FOCUS_COLUMNS[i]?.id, n)
            ok = false
          } else v = n
          break
        }
        case T_DATETIME:
        case T_JSON: {
          if (raw === VERBATIM) {
            const d = this.lookup(i, types[k] as number)
            if ('error' in d) {
              this.problem(at, FOCUS_COLUMNS[i]?.id, d.error)
              ok = false
            } else if (d instanceof DictEntry) v = d
            else {
              tags = d
              v = d.json
            }
            break
          }
          if (i === I.Tags) {
            const t = this.toTags(raw)
            if ('error' in t) {
              this.problem(at, 'Tags', t.error)
              ok = false
            } else {
              tags = t
              v = t.json
            }
            break
          }
          // Both come out of a per-value cache as the stored text or the reason the value is refused.
          const d = types[k] === T_DATETIME ? this.toDate(raw) : this.toJson(raw)
          if ('error' in d) {
            this.problem(at, FOCUS_COLUMNS[i]?.id, d.error)
            ok = false
          } else v = d
          break
        }
        default:
          if (raw === VERBATIM) {
            // Forwarded untouched: the writer cuts it out of the CSV text.
            const src = this.source as VerbatimSource
            const f = src.fieldOf[i] as number
            this.vStart[2 + k] = src.reader.starts[f] as number
            this.vEnd[2 + k] = src.reader.ends[f] as number
            v = VERBATIM
          } else {
            v = typeof raw === 'string' ? raw : toText(raw)
            // CSV and JSON text lose their NULs before parsing; typed values (Parquet, JSON's "\u0000") here.
            if (this.start.unit === 'row' && (v as string).includes('\u0000')) {
              v = (v as string).replaceAll('\u0000', '')
              this.count('nul', at, 'NUL bytes (\\0) removed from text fields')
            }
          }
      }
      params[2 + k] = v
    }
    const extra = this.extra
    const extraJson = this.extraJson
    const hint = this.instanceHint
    this.extra = null
    this.extraJson = null
    this.instanceHint = null
    if (!ok) return

    // Values in params are typed now; read the ones the snapshot summary needs through their column index.
    const billed = this.paramOf(I.BilledCost) as number
    const start = this.paramOf(I.ChargePeriodStart) as string
    const end = this.paramOf(I.ChargePeriodEnd) as string
    const cur = this.paramOf(I.BillingCurrency) as string | null
    if (cur !== null && cur !== this.currency) {
      if (this.currency === null) this.currency = cur
      else if (!this.warnings.some((w) => w.startsWith('Mixed currencies'))) {
        this.warnings.push(`Mixed currencies: ${this.currency} and ${cur} (first at ${this.start.unit} ${at}); totals add them as they are.`)
      }
    }
    if (cur !== null && cur !== this.checkedCurrency) {
      this.checkedCurrency = cur
      if (!ISO_4217.test(cur)) this.count('currency', at, `BillingCurrency "${cur.slice(0, 12)}" is not an ISO 4217 code`)
    }
    if (end < start) this.count('end-before-start', at, 'the charge ends before it starts (ChargePeriodEnd < ChargePeriodStart)')
    this.total += billed
    if (this.periodStart === null || start < this.periodStart) this.periodStart = start
    if (this.periodEnd === null || end > this.periodEnd) this.periodEnd = end
    this.scopeOf(start, end, billed)

    const acc = this.accelerator(hint)
    params[1] = at
    params[this.xExtraAt] = extra ? JSON.stringify(extra, jsonSafe) : extraJson
    const d = this.derivedAt
    params[d] = tags ? tags.team : null
    params[d + 1] = tags ? tags.project : null
    params[d + 2] = tags ? tags.modelType : null
    params[d + 3] = acc.type
    params[d + 4] = acc.count
    const src = this.source
    if (src !== null && src.reader.gen !== this.batchGen) {
      // A batch's VERBATIM values all point into one text: a new text starts a new batch.
      this.flush()
      this.batch.chunk = src.reader.text
      this.batchGen = src.reader.gen
    }
    if (this.batch.add(params, 1, this.vStart, this.vEnd)) this.store.insert(this.batch.take())
    this.rows++
  }

  /** Per provider and billing account: the charge period covered, rows and BilledCost (the snapshot's scope). */
  private scopeOf(start: string, end: string, billed: number): void {
    const provider = (this.paramOf(I.ProviderName) as string | null) ?? ''
    const account = (this.paramOf(I.BillingAccountId) as string | null) ?? ''
    let sc = this.lastScope
    if (sc === null || sc.provider !== provider || sc.billingAccountId !== account) {
      const key = `${provider}\u0001${account}`
      sc = this.scopes.get(key) ?? null
      if (sc === null) {
        sc = { provider: detach(provider), billingAccountId: detach(account), periodStart: start, periodEnd: end, rows: 0, billedCost: 0 }
        this.scopes.set(detach(key), sc)
      }
      this.lastScope = sc
    }
    sc.rows++
    sc.billedCost += billed
    if (start < sc.periodStart) sc.periodStart = start
    if (end > sc.periodEnd) sc.periodEnd = end
  }

  /** A file-level warning counted over rows, said once with the first line. */
  count(key: string, at: number, text: string): void {
    const c = this.counted.get(key)
    if (c) c.count++
    else this.counted.set(key, { count: 1, first: at, text })
  }

  /** The snapshot's scope: one entry per provider and billing account. */
  get billingScopes(): BillingScope[] {
    return [...this.scopes.values()]
  }

  /** Sends the rows still held back to the writer. */
  flush(): void {
    if (this.batch.size > 0) this.store.insert(this.batch.take())
  }

  private paramOf(focusIndex: number): unknown {
    const p = this.at[focusIndex] as number
    if (p < 0) return null
    const v = this.params[p]
    if (v === VERBATIM) return (this.source as VerbatimSource).reader.text.slice(this.vStart[p], this.vEnd[p])
    return v instanceof DictEntry ? v.text : v
  }

  /**
   * A date/time or JSON cell the CSV reader left in its text (verbatim mode 2): looked up by its text, which
   * is cut out (and unescaped) only when not seen before. Common date/times need no string at all.
   */
  private lookup(focusIndex: number, type: number): DictEntry | TagInfo | { error: string } {
    const src = this.source as VerbatimSource
    const f = src.fieldOf[focusIndex] as number
    const text = src.reader.text
    const a = src.reader.starts[f] as number
    const b = src.reader.ends[f] as number
    const escaped = src.reader.escaped[f] === 1
    if (type === T_DATETIME && !escaped) {
      const key = dateKey(text, a, b)
      if (key >= 0) {
        const hit = this.datesByKey.get(key)
        if (hit !== undefined) return hit
        const d = this.toDate(text.slice(a, b))
        // Only valid dates are kept by key: an error names the text as written.
        if (d instanceof DictEntry) this.datesByKey.set(key, d)
        return d
      }
    }
    const s = text.slice(a, b)
    if (focusIndex === I.Tags) {
      if (!escaped) return this.toTags(s)
      return this.escapedTagCache.get(s) ?? this.escapedTagCache.remember(s, this.tagInfo(normaliseJsonObject(s.replaceAll('""', '"'))))
    }
    const u = escaped ? s.replaceAll('""', '"') : s
    return type === T_DATETIME ? this.toDate(u) : this.toJson(u)
  }

  private toDate(raw: Cell): DictEntry | { error: string } {
    if (raw instanceof Date) {
      const t = raw.getTime()
      return Number.isNaN(t) ? { error: 'is not a valid date' } : new DictEntry(`${raw.toISOString().slice(0, 19)}Z`)
    }
    if (typeof raw === 'number' || typeof raw === 'bigint') return { error: `${String(raw)} is a number, not a date/time` }
    const s = typeof raw === 'string' ? raw : toText(raw)
    return this.dates.get(s) ?? this.dates.remember(s, entryOf(parseDateTime(s)))
  }

  private toJson(raw: Cell): DictEntry | { error: string } {
    if (typeof raw === 'object' && raw !== null && !(raw instanceof Date)) return new DictEntry(JSON.stringify(raw, jsonSafe))
    const s = typeof raw === 'string' ? raw : toText(raw)
    return this.jsonCache.get(s) ?? this.jsonCache.remember(s, entryOf(normaliseJsonObject(s)))
  }

  private toTags(raw: Cell): TagResult {
    const key = typeof raw === 'string' ? raw : JSON.stringify(raw, jsonSafe)
    return this.tagCache.get(key) ?? this.tagCache.remember(key, this.tagInfo(typeof raw === 'string' ? normaliseJsonObject(raw) : key))
  }

  private tagInfo(j: string | { error: string }): TagResult {
    if (typeof j !== 'string') return j
    const obj = JSON.parse(j) as Record<string, unknown>
    return {
      json: new DictEntry(j),
      team: pickTag(obj, this.tagKeys.team),
      project: pickTag(obj, this.tagKeys.project),
      modelType: pickTag(obj, this.tagKeys.modelType),
    }
  }

  private accelerator(hint: string | null): AcceleratorMatch {
    const texts = [
      hint,
      this.paramOf(I.SkuId) as string | null,
      this.paramOf(I.SkuMeter) as string | null,
      this.paramOf(I.ChargeDescription) as string | null,
      this.paramOf(I.ResourceType) as string | null,
    ]
    const key = texts.join('\u0001')
    return this.accCache.get(key) ?? this.accCache.remember(key, acceleratorFor(texts))
  }

  /** The error to throw when problems were found: file, line/row and column of the first, up to five listed. */
  failure(): ApiError {
    const first = this.problems[0]
    return badFile(this.start.fileName, this.problems, first ? undefined : 'cannot be read')
  }

  /** The snapshot's summary, for the writer to store with the file's hash. */
  summary(contentHash: string): SnapshotSummary {
    for (const c of this.counted.values()) {
      this.warnings.push(`${c.text} on ${c.count} ${this.start.unit}${c.count > 1 ? 's' : ''} (first at ${this.start.unit} ${c.first}).`)
    }
    for (const [i, n] of this.specNulls) {
      this.warnings.push(
        `${FOCUS_COLUMNS[i]?.id} is empty on ${n.count} row${n.count > 1 ? 's' : ''} (first at ${this.start.unit} ${n.firstAt}) though FOCUS requires a value.`,
      )
    }
    return { contentHash, rows: this.rows, periodStart: this.periodStart, periodEnd: this.periodEnd, totalBilledCost: this.total, warnings: this.warnings }
  }
}

/** A converted value as a dictionary entry (one per distinct value: see DictEntry), or the error as it is. */
function entryOf(v: string | { error: string }): DictEntry | { error: string } {
  return typeof v === 'string' ? new DictEntry(v) : v
}

export function badFile(fileName: string, problems: readonly FileProblem[], fallback?: string): ApiError {
  const first = problems[0]
  // Parquet / JSON problems carry "row N: …" in their message: no "line" prefix for those.
  const rowMsg = first ? /^(row \d+): (.*)$/s.exec(first.message) : null
  const where = !first
    ? (fallback ?? 'cannot be read')
    : rowMsg
      ? `${rowMsg[1]}${first.column ? `, column ${first.column}` : ''}: ${rowMsg[2]}`
      : `line ${first.line ?? '?'}${first.column ? `, column ${first.column}` : ''}: ${first.message}`
  return new ApiError({
    code: 'bad-file',
    message: `${fileName}: ${where}. Nothing was imported.`,
    problems: problems.slice(0, MAX_PROBLEMS),
  })
}

function pickTag(tags: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = tags[k]
    if (typeof v === 'string' && v.trim() !== '') return v.trim()
    if (typeof v === 'number') return String(v)
  }
  return null
}

/** JSON.stringify replacer: BigInt (Parquet INT64) as a number when exact, else as a string. */
export function jsonSafe(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()
  return v
}

export function toText(v: Cell): string {
  if (v instanceof Date) return `${v.toISOString().slice(0, 19)}Z`
  if (typeof v === 'object' && v !== null) return JSON.stringify(v, jsonSafe)
  return String(v)
}

export function normaliseJsonObject(text: string): string | { error: string } {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    // Python-literal dicts (`{'team': 'ml'}`) as some tools write them; anything else is an error.
    v = parseNested(text)
    if (v === undefined) return { error: `"${text.slice(0, 40)}" is neither valid JSON nor a Python literal` }
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { error: 'is not a JSON object' }
  return JSON.stringify(v)
}

/**
 * A decimal cell to a number. Accepts what the FOCUS spec's Decimal allows (optional sign, digits, point,
 * exponent); refuses hex, Infinity, blanks and thousands separators instead of letting Number() guess.
 */
const isRadixLetter = (c: number): boolean => c === 120 || c === 98 || c === 111 // x b o

export function toDecimal(raw: Cell): number | string {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : `${raw} is not a finite number`
  if (typeof raw === 'bigint') return Number(raw)
  if (typeof raw !== 'string') return `"${toText(raw).slice(0, 40)}" is not a decimal number`
  const n = Number(raw)
  const len = raw.length
  const c0 = raw.charCodeAt(0)
  const cl = raw.charCodeAt(len - 1)
  // First char a digit, sign or point; last a digit or point; no 0x/0b/0o prefix. Number() does the rest.
  if (
    Number.isNaN(n) ||
    !((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46) ||
    !((cl >= 48 && cl <= 57) || cl === 46) ||
    (len > 1 && c0 === 48 && isRadixLetter(raw.charCodeAt(1) | 32))
  ) {
    return `"${raw.slice(0, 40)}" is not a decimal number`
  }
  if (!Number.isFinite(n)) return `"${raw.slice(0, 40)}" is out of range`
  return n
}
