/** Contract methods: billing import, FOCUS export and the tag keys that attribute billing lines. */
import { z } from 'zod'
import { BILLING_FORMATS, BILLING_OVERLAP_CHOICES, tagKeysSchema, type FocusExportResult, type TagKeySettings } from '../billing-types'
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
        /**
         * A file covering the same provider, billing account and charge period as an earlier snapshot: `ask`
         * (default) refuses with a `conflict` naming the snapshots, `replace` deletes them in the same
         * transaction, `keep-both` keeps both (e.g. two exports that really are different charges).
         */
        onOverlap: z.enum(BILLING_OVERLAP_CHOICES).optional(),
      })
      .strict(),
    result<ImportOutcome[]>(),
  ),
  'billing-export-focus': job(
    'Write the workspace\'s billing lines as a FOCUS 1.2 file (.csv or .parquet, from the name): spec column order and types, provider extras as x_ columns.',
    z
      .object({
        out: z.string().min(1).max(4096).regex(/\.(csv|parquet)$/i, 'the file name ends in .csv or .parquet'),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD').optional(),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD').optional(),
        overwrite: z.boolean().optional(),
      })
      .strict(),
    result<FocusExportResult>(),
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
