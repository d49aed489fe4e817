/**
 * The one way an import reads a file: raw bytes streamed with bounded memory, plain or gzip (detected by
 * magic bytes, not by name), with the sha256 of the file as stored computed in the same pass (the snapshot's
 * identity), and UTF-8 decoding that refuses other encodings with the line of the first bad byte. Billing
 * and telemetry imports (and the Prometheus pull's response bodies) all decode text through `utf8Text`.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream, openSync, readSync, closeSync } from 'node:fs'
import { isUtf8 } from 'node:buffer'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { ApiError } from '../../../shared/errors'

export type Container = 'plain' | 'gzip' | 'parquet'

/** First bytes of a file: gzip (1f 8b), Parquet ("PAR1"), else plain. */
export function sniffContainer(path: string): Container {
  const fd = openSync(path, 'r')
  try {
    const b = Buffer.alloc(4)
    const n = readSync(fd, b, 0, 4, 0)
    if (n >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip'
    if (n === 4 && b.toString('latin1') === 'PAR1') return 'parquet'
    return 'plain'
  } finally {
    closeSync(fd)
  }
}

export interface ByteChunk {
  bytes: Buffer
  /** Bytes of the file (compressed, for gzip) consumed so far, for progress. */
  fileBytesRead: number
}

/**
 * Streams the (decompressed) content; `hash()` gives the sha256 of the file's own bytes once drained.
 * `hashing: false` skips the hash for a file whose identity was taken before (see `hashFile`).
 */
export class ByteSource {
  private readonly h: Hash | null
  private fileBytes = 0

  constructor(
    readonly path: string,
    readonly fileName: string,
    readonly container: 'plain' | 'gzip',
    hashing = true,
  ) {
    this.h = hashing ? createHash('sha256') : null
  }

  async *chunks(chunkSize = 1 << 20): AsyncGenerator<ByteChunk> {
    const file = createReadStream(this.path, { highWaterMark: chunkSize })
    if (this.container === 'plain') {
      for await (const b of file) {
        this.h?.update(b as Buffer)
        this.fileBytes += (b as Buffer).length
        yield { bytes: b as Buffer, fileBytesRead: this.fileBytes }
      }
      return
    }
    // gzip: hash and count the compressed bytes on their way into zlib.
    const tap = new Transform({
      transform: (b: Buffer, _enc, done) => {
        this.h?.update(b)
        this.fileBytes += b.length
        done(null, b)
      },
    })
    const gunzip = createGunzip({ chunkSize })
    const piped = pipeline(file, tap, gunzip).catch(() => undefined)
    try {
      for await (const b of gunzip) yield { bytes: b as Buffer, fileBytesRead: this.fileBytes }
    } catch (err) {
      throw new ApiError({
        code: 'bad-file',
        message: `${this.fileName}: the gzip stream is damaged or truncated (${(err as Error).message}). Nothing was imported.`,
        problems: [{ file: this.fileName, message: `gzip: ${(err as Error).message}` }],
      })
    } finally {
      file.destroy()
      await piped
    }
  }

  hash(): string {
    if (!this.h) throw new Error(`${this.fileName}: read without hashing`)
    return this.h.digest('hex')
  }
}

/**
 * sha256 of a file's bytes, in a pass of its own: for a file read by ranges (Parquet), or whose identity is
 * checked before it is parsed (telemetry: a duplicate is reported without parsing it).
 */
export async function hashFile(path: string, onBytes?: (fileBytesRead: number) => void): Promise<string> {
  const src = new ByteSource(path, path, 'plain')
  for await (const c of src.chunks()) onBytes?.(c.fileBytesRead)
  return src.hash()
}

export interface TextChunk {
  text: string
  fileBytesRead: number
  /** The 1-based line the chunk's first character is on (counted here once, for every reader's messages). */
  line: number
}

/**
 * UTF-8 text from byte chunks. A chunk is cut after its last complete character (the rest is carried over),
 * validated with the native `isUtf8`, then decoded; a UTF-8 BOM is dropped, UTF-16 is refused.
 */
export async function* utf8Text(chunks: AsyncIterable<ByteChunk>, fileName: string): AsyncGenerator<TextChunk> {
  let carry: Buffer | null = null
  let linesBefore = 1
  let first = true
  for await (const c of chunks) {
    let bytes: Buffer = carry ? Buffer.concat([carry, c.bytes]) : c.bytes
    carry = null
    if (first && bytes.length > 0) {
      first = false
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new ApiError({
          code: 'bad-file',
          message: `${fileName} is UTF-16 encoded; Fleetplan reads UTF-8. Re-export or convert it to UTF-8.`,
          problems: [{ file: fileName, line: 1, message: 'UTF-16 byte order mark' }],
        })
      }
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3)
    }
    const cut = completeLength(bytes)
    if (cut < bytes.length) {
      carry = Buffer.from(bytes.subarray(cut))
      bytes = bytes.subarray(0, cut)
    }
    if (!isUtf8(bytes)) throw notUtf8(fileName, bytes, linesBefore)
    const text = bytes.toString('utf8')
    const line = linesBefore
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) linesBefore++
    yield { text, fileBytesRead: c.fileBytesRead, line }
  }
  if (carry) {
    throw new ApiError({
      code: 'bad-file',
      message: `${fileName} ends inside a multi-byte character (truncated or not UTF-8).`,
      problems: [{ file: fileName, line: linesBefore, message: 'incomplete UTF-8 sequence at end of file' }],
    })
  }
}

/** Length of the prefix of `b` that ends on a character boundary (drops at most 3 trailing bytes). */
function completeLength(b: Buffer): number {
  const n = b.length
  for (let back = 1; back <= 4 && back <= n; back++) {
    const x = b[n - back] as number
    if (x < 0x80) return n // ASCII: boundary after it
    if (x >= 0xc0) {
      const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : 2
      return back >= need ? n : n - back
    }
  }
  return n
}

function notUtf8(fileName: string, bytes: Buffer, linesBefore: number): ApiError {
  const lossy = bytes.toString('utf8')
  const at = lossy.indexOf('\uFFFD')
  let line = linesBefore
  for (let i = lossy.indexOf('\n'); i !== -1 && i < at; i = lossy.indexOf('\n', i + 1)) line++
  return new ApiError({
    code: 'bad-file',
    message: `${fileName} is not valid UTF-8 (first bad byte on line ${line}). Re-export it as UTF-8. Nothing was imported.`,
    problems: [{ file: fileName, line, message: 'invalid UTF-8 byte sequence' }],
  })
}
