import { createReadStream } from 'node:fs'
import { ApiError } from '../../shared/errors'

export interface TextChunk {
  text: string
  /** Bytes of the file consumed so far, for progress. */
  bytesRead: number
}

/**
 * Reads a file as UTF-8 text in chunks, with bounded memory. Other encodings are refused with the line
 * where the first undecodable byte sits, instead of importing mojibake.
 */
export async function* readUtf8Chunks(path: string, fileName: string, chunkSize = 1 << 20): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  let bytesRead = 0
  let linesBefore = 1
  let first = true
  for await (const raw of createReadStream(path, { highWaterMark: chunkSize })) {
    const bytes = raw as Buffer
    if (first) {
      first = false
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new ApiError({
          code: 'bad-file',
          message: `${fileName} is UTF-16 encoded; Fleetplan reads UTF-8. Re-export or convert it to UTF-8.`,
          problems: [{ file: fileName, line: 1, message: 'UTF-16 byte order mark' }],
        })
      }
    }
    let text: string
    try {
      text = decoder.decode(bytes, { stream: true })
    } catch {
      const lossy = new TextDecoder('utf-8').decode(bytes)
      const at = lossy.indexOf('\uFFFD')
      const line = linesBefore + countNewlines(lossy.slice(0, Math.max(0, at)))
      throw new ApiError({
        code: 'bad-file',
        message: `${fileName} is not valid UTF-8 (first bad byte on line ${line}). Re-export it as UTF-8.`,
        problems: [{ file: fileName, line, message: 'invalid UTF-8 byte sequence' }],
      })
    }
    bytesRead += bytes.length
    linesBefore += countNewlines(text)
    yield { text, bytesRead }
  }
  try {
    const tail = decoder.decode()
    if (tail) yield { text: tail, bytesRead }
  } catch {
    throw new ApiError({
      code: 'bad-file',
      message: `${fileName} ends inside a multi-byte character (truncated or not UTF-8).`,
      problems: [{ file: fileName, line: linesBefore, message: 'incomplete UTF-8 sequence at end of file' }],
    })
  }
}

function countNewlines(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++
  return n
}
