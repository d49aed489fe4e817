/**
 * A small streaming JSON tokenizer: text goes in chunk by chunk, events come out (SAX style), memory stays
 * bounded by the longest single token. Lets a 1 GB query_range answer be read without `JSON.parse` of the
 * whole document. Errors carry the line and column where the input stops being JSON.
 */

export interface JsonEvents {
  startObject(): void
  endObject(): void
  startArray(): void
  endArray(): void
  key(k: string): void
  /** A string, number, boolean or null value. */
  value(v: string | number | boolean | null): void
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
  }
}

// What the tokenizer expects next.
const VALUE = 0
const VALUE_OR_END = 1 // just after '['
const KEY_OR_END = 2 // just after '{'
const KEY = 3 // after ',' in an object
const COLON = 4
const COMMA_OR_END = 5
const DONE = 6

const NUMBER_RE = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/

export class JsonTokenizer {
  private buf = ''
  private pos = 0
  /** Absolute offset of buf[0], and of the character after the last newline seen (for columns). */
  private base = 0
  private lineStart = 0
  line = 1
  private state = VALUE
  private readonly stack: number[] = [] // 0 = object, 1 = array
  private nextBackslash = -1

  /** `multi`: several documents one after another (JSON Lines), as OpenTelemetry's file exporter writes. */
  constructor(
    private readonly ev: JsonEvents,
    private readonly multi = false,
  ) {}
  /** Documents completed so far. */
  documents = 0
  private pairSink: ((ts: number, v: string) => void) | null = null
  private pairDepth = -1

  /**
   * Fast path for the array just opened: its `[number,"string"]` elements (a Prometheus point) go to `sink`
   * without per-token events. Anything else in it (whitespace inside a pair, escapes) takes the normal path.
   */
  takePairs(sink: ((ts: number, v: string) => void) | null): void {
    this.pairSink = sink
    this.pairDepth = this.stack.length
  }

  private fail(message: string, at = this.pos): never {
    const abs = this.base + at
    throw new JsonSyntaxError(message, this.line, abs - this.lineStart + 1)
  }

  push(text: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text
    this.base += this.pos
    this.pos = 0
    this.nextBackslash = this.buf.indexOf('\\')
    this.run(false)
  }

  /** The input is complete: anything unfinished is an error (a truncated file). */
  end(): void {
    this.run(true)
    if (this.state !== DONE && !(this.multi && this.documents > 0 && this.state === VALUE && this.stack.length === 0)) this.fail(this.stack.length ? 'unexpected end of input (file truncated?)' : 'empty input', this.buf.length)
  }

  private afterValue(): void {
    if (this.stack.length === 0) {
      this.documents++
      this.state = DONE
    } else this.state = COMMA_OR_END
  }

  private run(final: boolean): void {
    const buf = this.buf
    const n = buf.length
    const ev = this.ev
    let pos = this.pos
    while (pos < n) {
      let c = buf.charCodeAt(pos)
      // whitespace
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        if (c === 10) {
          this.line++
          this.lineStart = this.base + pos + 1
        }
        pos++
        continue
      }
      const st = this.state
      if (c === 91 && this.pairSink !== null && (st === VALUE || st === VALUE_OR_END) && this.stack.length === this.pairDepth) {
        const comma = buf.indexOf(',', pos + 1)
        if (comma > 0 && buf.charCodeAt(comma + 1) === 34) {
          const close = buf.indexOf('"', comma + 2)
          if (
            close > 0 &&
            buf.charCodeAt(close + 1) === 93 &&
            buf.charCodeAt(pos + 1) > 32 &&
            buf.charCodeAt(comma - 1) > 32 &&
            (this.nextBackslash === -1 || this.nextBackslash > close || this.nextBackslash < pos)
          ) {
            const ts = Number(buf.slice(pos + 1, comma))
            if (ts === ts) {
              const v = buf.slice(comma + 2, close)
              if (v.indexOf('\n') === -1) {
                this.pairSink(ts, v)
                pos = close + 2
                this.state = COMMA_OR_END
                continue
              }
            }
          }
        }
      }
      if (st === COMMA_OR_END) {
        const top = this.stack[this.stack.length - 1]
        if (c === 44) {
          this.state = top === 0 ? KEY : VALUE
          pos++
          continue
        }
        if ((c === 125 && top === 0) || (c === 93 && top === 1)) {
          this.stack.pop()
          if (top === 0) ev.endObject()
          else ev.endArray()
          pos++
          this.afterValue()
          continue
        }
        this.pos = pos
        this.fail(`expected ',' or '${top === 0 ? '}' : ']'}' but found ${describe(buf, pos)}`)
      }
      if (st === COLON) {
        if (c !== 58) {
          this.pos = pos
          this.fail(`expected ':' after an object key but found ${describe(buf, pos)}`)
        }
        this.state = VALUE
        pos++
        continue
      }
      if (st === DONE && this.multi) this.state = VALUE
      else if (st === DONE) {
        this.pos = pos
        this.fail(`unexpected ${describe(buf, pos)} after the end of the JSON document`)
      }
      if ((st === KEY_OR_END && c === 125) || (st === VALUE_OR_END && c === 93)) {
        const top = this.stack.pop()
        if (top === 0) ev.endObject()
        else ev.endArray()
        pos++
        this.afterValue()
        continue
      }
      if (st === KEY_OR_END || st === KEY) {
        if (c !== 34) {
          this.pos = pos
          this.fail(`expected an object key (a "string") but found ${describe(buf, pos)}`)
        }
      }
      // A value (or a key string).
      if (c === 34) {
        const close = this.stringEnd(pos + 1)
        if (close < 0) {
          if (final) {
            this.pos = pos
            this.fail('unterminated string (file truncated?)')
          }
          break
        }
        let s: string
        if (this.nextBackslash === -1 || this.nextBackslash > close) s = buf.slice(pos + 1, close)
        else {
          try {
            s = JSON.parse(buf.slice(pos, close + 1)) as string
          } catch {
            this.pos = pos
            this.fail('invalid escape or control character in string')
          }
        }
        if (s.indexOf('\n') >= 0) {
          this.pos = pos + 1 + s.indexOf('\n')
          this.fail('line break inside a string (file truncated or not JSON?)')
        }
        pos = close + 1
        if (st === KEY_OR_END || st === KEY) {
          ev.key(s)
          this.state = COLON
        } else {
          ev.value(s)
          this.afterValue()
        }
        continue
      }
      if (c === 123 || c === 91) {
        this.stack.push(c === 123 ? 0 : 1)
        if (c === 123) ev.startObject()
        else ev.startArray()
        this.state = c === 123 ? KEY_OR_END : VALUE_OR_END
        pos++
        continue
      }
      // number or literal: runs to the next delimiter
      let e = pos
      while (e < n) {
        c = buf.charCodeAt(e)
        if (c === 44 || c === 93 || c === 125 || c === 32 || c === 10 || c === 13 || c === 9 || c === 58) break
        e++
      }
      if (e === n && !final) break
      const tok = buf.slice(pos, e)
      let v: number | boolean | null
      if (tok === 'true') v = true
      else if (tok === 'false') v = false
      else if (tok === 'null') v = null
      else if (NUMBER_RE.test(tok)) v = Number(tok)
      else {
        this.pos = pos
        this.fail(`unexpected ${tok.length > 20 ? `${tok.slice(0, 20)}…` : `'${tok}'`} (not a JSON value)`)
      }
      ev.value(v)
      pos = e
      this.afterValue()
    }
    this.pos = pos
  }

  /** Index of the quote closing a string whose content starts at `from`, or -1 when not in the buffer yet. */
  private stringEnd(from: number): number {
    const buf = this.buf
    let q = buf.indexOf('"', from)
    if (this.nextBackslash !== -1 && this.nextBackslash < from) this.nextBackslash = buf.indexOf('\\', from)
    while (q !== -1) {
      if (this.nextBackslash === -1 || this.nextBackslash > q) return q
      // count the backslashes right before q
      let k = q - 1
      let bs = 0
      while (k >= from && buf.charCodeAt(k) === 92) {
        bs++
        k--
      }
      if (bs % 2 === 0) return q
      q = buf.indexOf('"', q + 1)
    }
    return -1
  }
}

function describe(buf: string, pos: number): string {
  const ch = buf[pos]
  return ch === undefined ? 'end of input' : `'${ch}'`
}
