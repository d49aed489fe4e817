/**
 * Billing rows on their way from the thread that parses a file to the thread that writes SQLite.
 *
 * Structured-cloning arrays of strings costs about as much as parsing them (one allocation per value on
 * each side); a batch instead carries every number of its rows in one Float64Array (NaN = NULL), every
 * string concatenated into one text with their lengths in an Int32Array (-1 = NULL). The typed arrays are
 * transferred, the text copied once, and the writer cuts the strings back out with `substring`.
 *
 * Plain-text columns of a CSV need not be copied out at all: the parser leaves them VERBATIM and a batch
 * carries the CSV text they came from (`chunk`) with their bounds (`refs`: start, length). Columns whose
 * values repeat and come out of the sink's caches (dates, tags, derived dimensions) are sent once each and
 * then by number (`dict`: the entries new in this batch).
 */
import { VERBATIM } from '../source/csv-reader'

/** What each bound value of a row is, in statement order (after snapshot_id, which the writer sets). */
export const NUM = 0
export const STR = 1
/** A string column sent by dictionary number once its value has been seen. */
export const DICT = 2

/**
 * A DICT value that remembers its dictionary number once sent: the values the sink's caches hand out (dates,
 * JSON, tags) are these, so a repeated value costs no lookup here. Numbers belong to one BatchBuilder (one
 * sink, one import).
 */
export class DictEntry {
  id = -1
  constructor(readonly text: string) {}
}

/** Distinct values (and their total length) the dictionary holds at most; later ones go inline. */
const DICT_LIMIT = 100_000
const DICT_CHARS = 16 << 20

export interface RowBatch {
  rows: number
  nums: Float64Array
  /**
   * Per string value: its length in `text` (>= 0), -1 = NULL, -2 = the next bounds in `refs` (into `chunk`),
   * <= -3: dictionary entry number -3 - n.
   */
  lens: Int32Array
  text: string
  refs: Int32Array
  chunk: string
  /** Dictionary entries added by this batch, in number order. */
  dict: string[]
}

/** Rows per batch: ~1.5 MB of FOCUS text, small enough to keep both threads busy, big enough to amortise. */
export const ROWS_PER_BATCH = 2000

export class BatchBuilder {
  private readonly nNum: number
  private readonly nStr: number
  private nums: Float64Array
  private lens: Int32Array
  private refs: Int32Array
  private parts: string[] = []
  private rows = 0
  private ni = 0
  private si = 0
  private ri = 0
  private readonly dict = new Map<string, number>()
  private dictSize = 0
  private dictChars = 0
  private newEntries: string[] = []
  /** The CSV text VERBATIM values of the rows being added point into. */
  chunk = ''

  constructor(
    private readonly kinds: Uint8Array,
    private readonly rowsPerBatch = ROWS_PER_BATCH,
  ) {
    let n = 0
    for (const k of kinds) if (k === NUM) n++
    this.nNum = n
    this.nStr = kinds.length - n
    this.nums = new Float64Array(this.nNum * rowsPerBatch)
    this.lens = new Int32Array(this.nStr * rowsPerBatch)
    this.refs = new Int32Array(0)
  }

  get size(): number {
    return this.rows
  }

  /**
   * Appends one row given as values in statement order (VERBATIM ones with their bounds in `chunk` at the
   * same positions of `vStart` / `vEnd`); returns true when the batch is full.
   */
  add(values: readonly unknown[], offset: number, vStart?: Int32Array, vEnd?: Int32Array): boolean {
    const kinds = this.kinds
    const nums = this.nums
    const lens = this.lens
    const parts = this.parts
    for (let k = 0; k < kinds.length; k++) {
      const v = values[offset + k]
      if (kinds[k] === NUM) nums[this.ni++] = v === null || v === undefined ? NaN : (v as number)
      else if (v === null || v === undefined) lens[this.si++] = -1
      else if (v === VERBATIM) {
        if (this.refs.length === 0) this.refs = new Int32Array(2 * this.nStr * this.rowsPerBatch)
        lens[this.si++] = -2
        const s = (vStart as Int32Array)[offset + k] as number
        this.refs[this.ri++] = s
        this.refs[this.ri++] = ((vEnd as Int32Array)[offset + k] as number) - s
      } else if (kinds[k] === DICT) {
        let s: string
        let n: number | undefined
        if (v instanceof DictEntry) {
          s = v.text
          n = v.id
          if (n < 0 && this.room(s)) n = v.id = this.enter(s)
        } else {
          s = v as string
          n = this.dict.get(s)
          if (n === undefined && this.room(s)) {
            n = this.enter(s)
            this.dict.set(s, n)
          }
        }
        if (n === undefined || n < 0) {
          lens[this.si++] = s.length
          parts.push(s)
        } else lens[this.si++] = -3 - n
      } else {
        const s = v as string
        lens[this.si++] = s.length
        parts.push(s)
      }
    }
    return ++this.rows >= this.rowsPerBatch
  }

  private room(s: string): boolean {
    return this.dictSize < DICT_LIMIT && this.dictChars + s.length <= DICT_CHARS
  }

  /** Gives `s` the next dictionary number (sent with the current batch). */
  private enter(s: string): number {
    this.dictChars += s.length
    this.newEntries.push(s)
    return this.dictSize++
  }

  /** The batch so far (its buffers change owner when posted); the builder starts a new one. */
  take(): RowBatch {
    const b: RowBatch = {
      rows: this.rows,
      nums: this.rows === this.rowsPerBatch ? this.nums : this.nums.slice(0, this.ni),
      lens: this.rows === this.rowsPerBatch ? this.lens : this.lens.slice(0, this.si),
      text: this.parts.join(''),
      // A view, not a copy: the whole buffer changes owner with the batch (a new one is made when needed).
      refs: this.refs.subarray(0, this.ri),
      chunk: this.ri > 0 ? this.chunk : '',
      dict: this.newEntries,
    }
    this.newEntries = []
    this.nums = new Float64Array(this.nNum * this.rowsPerBatch)
    this.lens = new Int32Array(this.nStr * this.rowsPerBatch)
    this.refs = new Int32Array(0)
    this.parts = []
    this.rows = 0
    this.ni = 0
    this.si = 0
    this.ri = 0
    return b
  }
}

/**
 * Decodes a batch row by row into `params` (from `offset` on, in statement order) and calls `run` per row.
 */
export function forEachRow(
  batch: RowBatch,
  kinds: Uint8Array,
  dict: string[],
  params: unknown[],
  offset: number,
  run: (params: unknown[]) => void,
): void {
  const { nums, lens, text, refs, chunk } = batch
  for (const e of batch.dict) dict.push(e)
  let ni = 0
  let si = 0
  let ri = 0
  let pos = 0
  for (let r = 0; r < batch.rows; r++) {
    for (let k = 0; k < kinds.length; k++) {
      if (kinds[k] === NUM) {
        const x = nums[ni++] as number
        params[offset + k] = x !== x ? null : x // NaN marks NULL
      } else {
        const len = lens[si++] as number
        if (len <= -3) params[offset + k] = dict[-3 - len]
        else if (len === -2) {
          const s = refs[ri++] as number
          params[offset + k] = chunk.substring(s, s + (refs[ri++] as number))
        } else if (len === -1) params[offset + k] = null
        else {
          params[offset + k] = text.substring(pos, pos + len)
          pos += len
        }
      }
    }
    run(params)
  }
}
