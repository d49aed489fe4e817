/** Billing-import domain types shared by every process. Plain data only. */

/** Schema families `billing-import` reads; `auto` detects from the file's bytes and header. */
export const BILLING_FORMATS = ['auto', 'focus', 'aws-cur', 'azure-cost', 'oci-cost', 'gcp-billing'] as const
export type BillingFormat = (typeof BILLING_FORMATS)[number]

/** Tag / label keys that name a line's team, project and model type; the first present key wins. */
export interface TagKeys {
  team: string[]
  project: string[]
  modelType: string[]
}

export interface TagKeySettings {
  keys: TagKeys
  defaults: TagKeys
}
