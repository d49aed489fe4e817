/** Billing-import domain types shared by every process. Plain data only. */
import { z } from 'zod'

/** Schema families `billing-import` reads; `auto` detects from the file's bytes and header. */
export const BILLING_FORMATS = ['auto', 'focus', 'aws-cur', 'azure-cost', 'oci-cost', 'gcp-billing'] as const
export type BillingFormat = (typeof BILLING_FORMATS)[number]

const tagKeyList = z.array(z.string().trim().min(1).max(200)).max(20)

/** Tag / label keys that name a line's team, project and model type; the first present key wins. */
export const tagKeysSchema = z.object({ team: tagKeyList, project: tagKeyList, modelType: tagKeyList }).strict()
export type TagKeys = z.output<typeof tagKeysSchema>

export interface TagKeySettings {
  keys: TagKeys
  defaults: TagKeys
}
