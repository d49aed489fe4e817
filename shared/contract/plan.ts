/** Contract methods: plans: frozen decisions, review, approval, export to Git. */
import { z } from 'zod'
import {
  planApproveInput,
  planCopyInput,
  planCreateInput,
  planDiffInput,
  planEditInput,
  planExportInput,
  planId,
  planIdentityInput,
  planManifestsInput,
  planSubmitInput,
} from '../plan-schemas'
import type { ManifestProblemShape, PlanDiff } from '../plan-types'
import type { Plan, PlanExportResult, PlanPreview } from '../types'
import { call, empty, result } from './spec'

export const planMethods = {
  'plan-list': call('List plans, newest first.', empty, result<Plan[]>()),
  'plan-get': call('One plan with its frozen decision, recommendations, approval, exports and audit log.', z.object({ id: planId }).strict(), result<Plan>()),
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
  'plan-create': call(
    'Create a draft plan: from a saved scenario (frozen with its latest simulation, optimization and forecast runs), an inline scenario, or the baseline spend.',
    planCreateInput,
    result<Plan>(),
  ),
  'plan-submit': call('Submit a draft plan for review (draft → in review).', planSubmitInput, result<Plan>()),
  'plan-edit': call(
    'Change one recommended figure of a draft or in-review plan (value null: back to the derived figure); the edit is kept, logged and signed.',
    planEditInput,
    result<Plan>(),
  ),
  'plan-copy': call('Copy a plan (e.g. an approved one) into a new draft with the same decision and edits.', planCopyInput, result<Plan>()),
  'plan-approve': call(
    'Approve a plan in review: records who, when and the content hash of what was reviewed, and makes it immutable.',
    planApproveInput,
    result<Plan>(),
  ),
  'plan-export': call(
    "Write an approved plan (plan files and the cluster's manifests) into a local Git checkout as a commit on a new branch; the working tree is untouched.",
    planExportInput,
    result<PlanExportResult>(),
  ),
  'plan-diff': call(
    "Review diff: a plan against the plan currently exported for its cluster in a Git checkout (read from the checkout's files): cost, carbon, fairness and wait deltas and a diff per manifest.",
    planDiffInput,
    result<PlanDiff>(),
  ),
  'plan-manifests': call(
    "The plan's manifests as they would be exported, each validated against its schema.",
    planManifestsInput,
    result<{ files: { path: string; content: string }[]; problems: ManifestProblemShape[] }>(),
  ),
  'plan-identity': call(
    'Who is approving by default: the Git identity of the checkout (git config user.name, else the global one), else the operating-system user.',
    planIdentityInput,
    result<{ name: string; email: string | null; source: string }>(),
  ),
} as const
