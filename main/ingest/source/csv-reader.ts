/**
 * The one CSV parser of the imports (billing and telemetry): streaming RFC 4180 that knows where it is. Every
 * record carries the physical line it starts on, and every malformation (stray quote, text after a closing
 * quote, unterminated field) is reported with its line, so a user can open the file at the right place.
 */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly fieldIndex: number,
  ) {
    super(message)
    this.name = 'CsvSyntaxError'
  }
}

const QUOTE = 34 // "
const LF = 10
const CR = 13

/**
 * Marks a field CsvReader left in its text (see `CsvReader.verbatim`): its bounds are in `starts` / `ends`.
 * An object, so no field value can ever equal it.
 */
export const VERBATIM: Readonly<{ verbatim: true }> = Object.freeze({ verbatim: true })
export type CsvField = string | number | null | typeof VERBATIM

/** 10^0 … 10^22: every one exactly representable as a double. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

/**
 * The decimal number written in `s` from `from` to `to` (sign, digits, optional point; no exponent), or NaN
 * when it is anything else or has more than 15 significant digits (the caller then keeps the text). Equal to
 * `Number(text)`: with at most 15 digits the mantissa m and 10^k (k <= 22) are exact doubles, so m / 10^k is
 * the correctly rounded value, as Number() computes it (Clinger's fast path).
 */
export function decimalAt(s: string, from: number, to: number): number {
  let i = from
  let c = s.charCodeAt(i)
  const neg = c === 45
  if (c === 45 || c === 43) c = s.charCodeAt(++i)
  let m = 0
  let digits = 0 // significant digits in m
  let seen = false // any digit at all
  let k = 0 // digits after the point in m
  let zeros = 0 // zeros after the point not yet in m (trailing zeros never are)
  let point = false
  for (; i < to; c = s.charCodeAt(++i)) {
    if (c === 46) {
      if (point) return NaN
      point = true
      continue
    }
    const d = c - 48
    if (d < 0 || d > 9) return NaN
    seen = true
    if (point) {
      if (d === 0) {
        zeros++
        continue
      }
      if (zeros > 0) {
        if (m !== 0) digits += zeros
        m *= POW10[zeros] as number
        k += zeros
        zeros = 0
      }
      k++
    }
    m = m * 10 + d
    if (m !== 0) digits++
    if (digits > 15 || k > 22) return NaN
  }
  if (!seen) return NaN
  const v = k === 0 ? m : m / (POW10[k] as number)
  return neg ? -v : v
}

/**
 * Built for bulk imports: records go to a callback with one reused field array (no per-record objects; a
 * caller that keeps a record copies it), quoted fields are found with indexOf, and line breaks are counted
 * through a cached "next LF" position instead of rescanning every field. An unquoted empty field or unquoted
 * `NULL` is null (the FOCUS sample writes nulls so); `line` is the 1-based physical line the record starts on.
 */
export class CsvReader {
  private buf = ''
  private line = 1
  private readonly fields: CsvField[] = []
  private vmask: Uint8Array | null = null
  private nmask: Uint8Array | null = null
  /** Bounds in `text` of the fields left verbatim in the current record, by field index. */
  starts = new Int32Array(0)
  ends = new Int32Array(0)
  /** The text the current record's verbatim fields point into, and a counter that changes with it. */
  text = ''
  gen = 0

  /** The field separator: ',' by default; billing exports also come with tab, ';' or the \x01 of some CURs. */
  private readonly delim: number

  constructor(
    private readonly onRecord: (fields: CsvField[], line: number) => void,
    delimiter = ',',
  ) {
    this.delim = delimiter.charCodeAt(0)
  }

  /** Per field of the current record left VERBATIM with mask value 2: 1 when its text has doubled quotes (`""`). */
  escaped = new Uint8Array(0)

  /**
   * Field indexes whose values are not copied out of the text but passed as VERBATIM with their bounds (a
   * bulk import that only forwards them, or looks them up in a cache, saves a string per field); empty and
   * NULL fields are delivered as usual. 1 = only values that are their text as is (a quoted value with doubled
   * quotes arrives as a string); 2 = every non-empty value, quoted with doubled quotes too, flagged in
   * `escaped` (the bounds then cover the text between the outer quotes, still escaped).
   */
  set verbatim(mask: Uint8Array | null) {
    this.vmask = mask
    this.starts = new Int32Array(mask?.length ?? 0)
    this.ends = new Int32Array(mask?.length ?? 0)
    this.escaped = new Uint8Array(mask?.length ?? 0)
  }

  /**
   * Field indexes (1 = yes) whose values are decimals the caller would convert with Number(): a plain decimal
   * (sign, digits, point; at most 15 significant digits) is delivered as that number, parsed in place without
   * a string; anything else still arrives as text, for the caller to convert or refuse.
   */
  set numeric(mask: Uint8Array | null) {
    this.nmask = mask
  }

  push(text: string): void {
    this.buf = this.buf.length === 0 ? text : this.buf + text
    this.drain(false)
  }

  end(): void {
    this.drain(true)
  }

  private drain(final: boolean): void {
    const buf = this.buf
    const len = buf.length
    const fields = this.fields
    const vmask = this.vmask
    const delim = this.delim
    const vlen = vmask === null ? 0 : vmask.length
    const nmask = this.nmask
    const nlen = nmask === null ? 0 : nmask.length
    this.text = buf
    this.gen++
    let pos = 0
    let nextLf = -2 // position of the next LF at or after the scan point; -2 = unknown
    records: while (pos < len) {
      const c0 = buf.charCodeAt(pos)
      if (c0 === LF) {
        pos++
        this.line++
        continue
      }
      if (c0 === CR) {
        if (pos + 1 >= len && !final) break
        if (buf.charCodeAt(pos + 1) === LF) {
          pos += 2
          this.line++
          continue
        }
      }
      fields.length = 0
      let p = pos
      let newlines = 0
      for (;;) {
        if (p < len && buf.charCodeAt(p) === QUOTE) {
          let value: CsvField | number = null
          const open = p + 1
          let from = open
          let doubled = false
          for (;;) {
            const q = buf.indexOf('"', from)
            if (q === -1) {
              if (!final) break records
              throw new CsvSyntaxError('quoted field is never closed (the file may be truncated)', this.line + newlines, fields.length)
            }
            if (nextLf !== -1 && nextLf < from) nextLf = buf.indexOf('\n', from)
            while (nextLf !== -1 && nextLf < q) {
              newlines++
              nextLf = buf.indexOf('\n', nextLf + 1)
            }
            if (q + 1 >= len && !final) break records
            if (buf.charCodeAt(q + 1) === QUOTE) {
              doubled = true
              from = q + 2
              continue
            }
            const at = fields.length
            if (at < vlen && (vmask as Uint8Array)[at] === 2 && q > open) {
              // A bounds-only field: the consumer reads (and, when `escaped`, unescapes) it from the text.
              this.starts[at] = open
              this.ends[at] = q
              ;(this.escaped as Uint8Array)[at] = doubled ? 1 : 0
              value = VERBATIM
            } else if (doubled) {
              // One flat copy with the doubled quotes undone (cheaper to hash and compare than pieces joined).
              value = buf.slice(open, q).replaceAll('""', '"')
            } else if (at < vlen && (vmask as Uint8Array)[at] === 1 && q > open) {
              // One segment (no doubled quotes): the value is the text between the quotes.
              this.starts[at] = open
              this.ends[at] = q
              value = VERBATIM
            } else if (at < nlen && (nmask as Uint8Array)[at] === 1) {
              const x = decimalAt(buf, open, q)
              value = x === x ? x : buf.slice(open, q)
            } else value = buf.slice(open, q)
            p = q + 1
            break
          }
          fields.push(value)
          const c = p < len ? buf.charCodeAt(p) : -1
          if (c === delim) {
            p++
            continue
          }
          if (c === LF) {
            p++
            break
          }
          if (c === CR) {
            if (p + 1 >= len && !final) break records
            if (buf.charCodeAt(p + 1) === LF) {
              p += 2
              break
            }
          }
          if (c === -1) {
            if (!final) break records
            newlines--
            break
          }
          throw new CsvSyntaxError(
            `unexpected text after a closing quote: ${JSON.stringify(buf.slice(p, p + 20))} (mis-quoted field)`,
            this.line + newlines,
            fields.length - 1,
          )
        }
        let e = p
        let c = -1
        while (e < len) {
          c = buf.charCodeAt(e)
          if (c === delim || c === LF || c === CR) break
          if (c === QUOTE) throw new CsvSyntaxError('a quote inside an unquoted field (mis-quoted field)', this.line + newlines, fields.length)
          e++
        }
        if (e >= len) {
          if (!final) break records
          c = -1
        }
        const n = e - p
        const at = fields.length
        if (n === 0 || (n === 4 && buf.startsWith('NULL', p))) fields.push(null)
        else if (at < vlen && (vmask as Uint8Array)[at] !== 0) {
          this.starts[at] = p
          this.ends[at] = e
          ;(this.escaped as Uint8Array)[at] = 0
          fields.push(VERBATIM)
        } else if (at < nlen && (nmask as Uint8Array)[at] === 1) {
          const x = decimalAt(buf, p, e)
          fields.push(x === x ? x : buf.slice(p, e))
        } else fields.push(buf.slice(p, e))
        if (c === delim) {
          p = e + 1
          continue
        }
        if (c === CR) {
          if (e + 1 >= len && !final) break records
          p = buf.charCodeAt(e + 1) === LF ? e + 2 : e + 1
        } else if (c === LF) p = e + 1
        else {
          p = e
          newlines--
        }
        break
      }
      this.onRecord(fields, this.line)
      this.line += newlines + 1
      pos = p
    }
    this.buf = pos === 0 ? buf : buf.slice(pos)
  }
}
