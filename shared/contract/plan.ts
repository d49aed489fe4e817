/** Contract methods: plans: draft, approval, export to Git. */
import { z } from 'zod'
import type { Plan, PlanExportResult, PlanPreview } from '../types'
import { call, empty, result } from './spec'

const planId = z.string().regex(/^pl_[a-z0-9]{8,32}$/, 'a plan id looks like pl_xxxxxxxx')
const personName = z.string().trim().min(1, 'required').max(200)

export const planMethods = {
  'plan-list': call('List plans, newest first.', empty, result<Plan[]>()),
  'plan-get': call('One plan with its approval and exports.', z.object({ id: planId }).strict(), result<Plan>()),
  'plan-create': call(
    'Create a draft plan from the baseline scenario (current spend carried forward).',
    z
      .object({
        name: z.string().trim().min(1, 'required').max(120),
        description: z.string().max(4000).default(''),
        growthPctPerMonth: z.number().min(-100).max(1000).default(0),
        horizonDays: z.number().int().min(1).max(548).default(30),
      })
      .strict(),
    result<Plan>(),
  ),
  'plan-preview': call(
    'The totals a baseline plan with this growth and horizon would carry (run rate, projected spend with its 80 % band, run rate at the horizon), without creating it.',
    z
      .object({
        growthPctPerMonth: z.number().min(-100).max(1000).default(0),
        horizonDays: z.number().int().min(1).max(548).default(30),
      })
      .strict(),
    result<PlanPreview>(),
  ),
  'plan-approve': call(
    'Approve a draft plan: records who, when and a content hash, and makes it immutable.',
    z.object({ id: planId, by: personName, comment: z.string().trim().min(1, 'required').max(4000) }).strict(),
    result<Plan>(),
  ),
  'plan-export': call(
    'Write an approved plan into a local Git checkout as a commit on a new branch; the working tree is untouched.',
    z.object({ id: planId, repoPath: z.string().min(1).max(4096) }).strict(),
    result<PlanExportResult>(),
  ),
} as const
