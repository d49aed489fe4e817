import type { BillingFormat, BillingOverlapChoice } from '../../../shared/billing-types'
import { withConnection } from '../../db/open'
import { defineJobs, type ReportProgress, stepProgress } from '../../jobs/job-table'
import { importBillingFile } from './billing-import'

export interface FocusCsvImportPayload {
  workspacePath: string
  path: string
  fileName: string
  /** Billing schema family; detected from the header when absent ('focus-csv-import' reads every billing format). */
  format?: BillingFormat | undefined
  onOverlap?: BillingOverlapChoice | undefined
}

/** Billing imports in a worker thread. */
export const billingJobs = defineJobs({
  'focus-csv-import': async (p: FocusCsvImportPayload, progress: ReportProgress) => {
    // Each import writes through a connection of its own: the UI's connection keeps answering reads (WAL).
    return withConnection(p.workspacePath, async (db) => {
      return await importBillingFile(db, { path: p.path, fileName: p.fileName, format: p.format, onOverlap: p.onOverlap }, stepProgress(progress))
    })
  },
})
