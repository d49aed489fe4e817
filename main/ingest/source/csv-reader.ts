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
export type CsvField = string | null | typeof VERBATIM

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

  /**
   * Field indexes (1 = yes) whose unquoted values are not copied out of the text but passed as VERBATIM with
   * their bounds: a bulk import that only forwards them saves a string per field (quoted fields, empty and
   * NULL ones are delivered as usual).
   */
  set verbatim(mask: Uint8Array | null) {
    this.vmask = mask
    this.starts = new Int32Array(mask?.length ?? 0)
    this.ends = new Int32Array(mask?.length ?? 0)
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
          let value: CsvField = null
          let from = p + 1
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
              const seg = buf.slice(from, q)
              value = value === null ? `${seg}"` : `${value}${seg}"`
              from = q + 2
              continue
            }
            if (value === null) {
              // One segment (no doubled quotes): the value is the text between the quotes.
              const at = fields.length
              if (at < vlen && (vmask as Uint8Array)[at] === 1 && q > from) {
                this.starts[at] = from
                this.ends[at] = q
                value = VERBATIM
              } else value = buf.slice(from, q)
            } else value += buf.slice(from, q)
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
        else if (at < vlen && (vmask as Uint8Array)[at] === 1) {
          this.starts[at] = p
          this.ends[at] = e
          fields.push(VERBATIM)
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
