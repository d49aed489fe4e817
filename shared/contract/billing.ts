/** Contract methods: billing import and the tag keys that attribute billing lines. */
import { z } from 'zod'
import { BILLING_FORMATS, tagKeysSchema, type TagKeySettings } from '../billing-types'
import type { ImportOutcome } from '../types'
import { call, empty, fileRef, job, result } from './spec'

export const billingMethods = {
  'billing-import': job(
    'Import billing files (FOCUS 1.0–1.2 CSV / CSV.gz / Parquet, AWS CUR, Azure cost details, OCI cost reports, GCP billing export); each file is one atomic snapshot, re-imports are no-ops.',
    z
      .object({
        files: z
          .array(
            fileRef.extend({
              /** Skips detection of the schema family (the container — CSV, gzip, Parquet, JSON — is always read from the bytes). */
              format: z.enum(BILLING_FORMATS).optional(),
            }),
          )
          .min(1)
          .max(100),
      })
      .strict(),
    result<ImportOutcome[]>(),
  ),
  'billing-tag-keys-get': call(
    'The tag / label keys that name a billing line\'s team, project and model type in this workspace.',
    empty,
    result<TagKeySettings>(),
  ),
  'billing-tag-keys-set': call(
    'Set the tag keys for team, project and model type (first present key wins) and re-derive every billing line.',
    tagKeysSchema,
    result<TagKeySettings & { rederived: number }>(),
  ),
} as const
