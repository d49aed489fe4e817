/**
 * Earlier entry points, kept for their callers: FOCUS CSV import (now any billing format through
 * billing-import.ts), the file hash and the progress callback type the telemetry importers share.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { ImportOutcome } from '../../shared/types'
import type { Db } from '../db/open'
import { importBillingFile, type ImportProgress } from './billing-import'

export type { ImportProgress }
export { detectFocusVersion } from './focus-mapper'

export interface FocusImportInput {
  path: string
  fileName: string
  now?: () => Date
}

/** sha256 of the file's bytes: a snapshot's identity, so re-importing the same export is a no-op. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer)
  return h.digest('hex')
}

export function importFocusCsv(db: Db, input: FocusImportInput, progress: ImportProgress): Promise<ImportOutcome> {
  return importBillingFile(db, { ...input, format: 'auto' }, progress)
}
