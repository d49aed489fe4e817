/** Billing-import domain types shared by every process. Plain data only. */
import { z } from 'zod'

/** Schema families `billing-import` reads; `auto` detects from the file's bytes and header. */
export const BILLING_FORMATS = ['auto', 'focus', 'aws-cur', 'azure-cost', 'oci-cost', 'gcp-billing'] as const
export type BillingFormat = (typeof BILLING_FORMATS)[number]

/** What an import does with a file covering the same provider, billing account and charge period as a snapshot. */
export const BILLING_OVERLAP_CHOICES = ['ask', 'replace', 'keep-both'] as const
export type BillingOverlapChoice = (typeof BILLING_OVERLAP_CHOICES)[number]

const tagKeyList = z.array(z.string().trim().min(1).max(200)).max(20)

/** Tag / label keys that name a line's team, project and model type; the first present key wins. */
export const tagKeysSchema = z.object({ team: tagKeyList, project: tagKeyList, modelType: tagKeyList }).strict()
export type TagKeys = z.output<typeof tagKeysSchema>

export interface TagKeySettings {
  keys: TagKeys
  defaults: TagKeys
}

/** What `billing-export-focus` wrote. */
export interface FocusExportResult {
  path: string
  format: 'csv' | 'parquet'
  rows: number
  /** Header in file order: the 57 FOCUS 1.2 columns, then the x_ columns. */
  columns: string[]
  totalBilledCost: number
}
