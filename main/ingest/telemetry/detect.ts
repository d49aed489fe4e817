/** Telemetry format detection for a file on disk (the rules are in shared/telemetry-detect.ts). */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { detectTelemetryText } from '../../../shared/telemetry-detect'
import type { TelemetryFormat } from '../../../shared/telemetry-types'

function readRange(path: string, start: number, length: number): string {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(length)
    const n = readSync(fd, buf, 0, length, start)
    return buf.subarray(0, n).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** The telemetry format of a file, or null when it does not look like telemetry. */
export function detectTelemetryFormat(path: string, fileName = path): TelemetryFormat | null {
  const size = statSync(path).size
  if (size === 0) return null
  const head = readRange(path, 0, Math.min(size, 64 * 1024))
  const tail = size > 64 * 1024 ? readRange(path, size - 256, 256) : head.slice(-256)
  return detectTelemetryText(fileName, head, tail)
}
