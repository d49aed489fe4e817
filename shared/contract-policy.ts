/**
 * Contract methods of workloads, cost policies (editor, emit, replay), phased autonomy (approval rules) and
 * plan vs actual. Merged into the one method table in contract.ts.
 */
import { z } from 'zod'
import type { Result } from './contract'
import type { Plan } from './types'
import { policyDocSchema, type PolicyDoc } from './policy-schema'
import type { ApprovalEvaluation, ApprovalRules, PlanStatus, PolicyEmitResult, ReplayResult, StoredPolicy } from './policy-types'
import { jobTraceMappingSchema, workloadListSchema, workloadQuerySchema } from './workload-schema'
import type { WorkloadListResult, WorkloadQueryResult } from './workload-types'
import type { Snapshot } from './types'

const result = <T>(): Result<T> => ({})
const call = <I extends z.ZodType, R>(doc: string, input: I, r: Result<R>) => ({ doc, input, result: r, job: false as const })
const job = <I extends z.ZodType, R>(doc: string, input: I, r: Result<R>) => ({ doc, input, result: r, job: true as const })

const empty = z.object({}).strict()
const planId = z.string().regex(/^pl_[a-z0-9]{8,32}$/, 'a plan id looks like pl_xxxxxxxx')
/** A stored policy's id (po_…) or name. */
const policyRef = z.string().trim().min(1).max(64)
const fileRef = z.object({ ref: z.string().min(1).max(4096), name: z.string().min(1).max(1024).optional() })
/** A date (YYYY-MM-DD) or an ISO 8601 date-time. */
const when = z
  .string()
  .trim()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s)), 'a date (YYYY-MM-DD) or an ISO 8601 date-time')

export interface JobTraceImportOutcome {
  fileName: string
  status: 'imported' | 'duplicate'
  snapshot: Snapshot
  jobs: number
  workloads: number
  warnings: string[]
}

export interface PlanPolicy {
  planId: string
  name: string
  policyId: string | null
  doc: PolicyDoc
  replay: { at: string; workloads: number; denied: number; deniedCostUsd: number } | null
  attachedAt: string
}

const policySource = z
  .object({ id: policyRef.optional(), doc: policyDocSchema.optional() })
  .strict()
  .refine((v) => !!v.id !== !!v.doc, 'give either id or doc')

export const policyMethods = {
  'workload-import': job(
    'Import job traces (CSV, one row per job / pod) through a column mapping into workloads; each file + mapping is one atomic snapshot, re-imports are no-ops.',
    z.object({ files: z.array(fileRef).min(1).max(100), mapping: jobTraceMappingSchema }).strict(),
    result<JobTraceImportOutcome[]>(),
  ),
  'workload-list': call('Workloads (pods, jobs, billed instances) matching a filter, one page, with the filter menus’ values.', workloadListSchema, result<WorkloadListResult>()),
  'workload-query': call('Workloads, accelerator-hours and cost grouped by up to three dimensions.', workloadQuerySchema, result<WorkloadQueryResult>()),
  'workload-reprice': call('Re-derive every workload from its stored facts (after catalog price changes).', empty, result<{ workloads: number }>()),

  'policy-list': call('Cost policies stored in the workspace, with their latest replay.', empty, result<StoredPolicy[]>()),
  'policy-get': call('One stored policy.', z.object({ id: policyRef }).strict(), result<StoredPolicy>()),
  'policy-save': call(
    'Create (no id) or update a cost policy; the document is validated against the policy model.',
    z.object({ id: z.string().regex(/^po_[a-z0-9]{8,32}$/).optional(), doc: policyDocSchema }).strict(),
    result<StoredPolicy>(),
  ),
  'policy-delete': call('Delete a stored policy (plans keep their frozen copies).', z.object({ id: policyRef }).strict(), result<{ deleted: boolean }>()),
  'policy-examples': call('The example policies shipped with Fleetplan.', empty, result<{ file: string; doc: PolicyDoc }[]>()),
  'policy-emit': call(
    'The ValidatingAdmissionPolicy + binding + parameter ConfigMap and the Gatekeeper ConstraintTemplates + Constraints of a policy, validated against their schemas.',
    policySource,
    result<PolicyEmitResult>(),
  ),
  'policy-replay': job(
    'Replay a policy on the workload history: each workload becomes the admission request the cluster would have seen and the emitted CEL is evaluated on it.',
    z
      .object({
        id: policyRef.optional(),
        doc: policyDocSchema.optional(),
        from: when.optional(),
        to: when.optional(),
        /** Share of the denied work assumed resubmitted in a compliant form (the counterfactual's assumption). */
        resubmittedPct: z.number().min(0).max(100).default(50),
        examples: z.number().int().min(0).max(100).default(10),
      })
      .strict()
      .refine((v) => !!v.id !== !!v.doc, 'give either id or doc'),
    result<ReplayResult>(),
  ),
  'policy-replays': call(
    'Past replays of a stored policy, newest first.',
    z.object({ id: policyRef, limit: z.number().int().min(1).max(100).default(10) }).strict(),
    result<(ReplayResult & { id: number; at: string })[]>(),
  ),

  'plan-policy-attach': call(
    'Attach a policy (stored, by id or name, or a document) to a draft plan: frozen into the plan, signed by its approval, exported with it.',
    z.object({ planId, id: policyRef.optional(), doc: policyDocSchema.optional() }).strict().refine((v) => !!v.id !== !!v.doc, 'give either id or doc'),
    result<PlanPolicy[]>(),
  ),
  'plan-policy-detach': call('Detach a policy from a draft plan.', z.object({ planId, name: z.string().min(1).max(64) }).strict(), result<PlanPolicy[]>()),
  'plan-policies': call('The policies attached to a plan, with their latest replay when attached.', z.object({ planId }).strict(), result<PlanPolicy[]>()),

  'approval-rules-get': call('The rules a plan may be approved by without a named person.', empty, result<ApprovalRules>()),
  'approval-rules-set': call(
    'Set the approval rules (thresholds a plan must stay under to be approved by rule); recorded with who changed them.',
    z
      .object({
        maxQuotaShiftPct: z.number().min(0).max(1000),
        maxCostDeltaUsdPerMonth: z.number().min(0).max(1e12),
        allowNewCommitments: z.boolean(),
        maxPolicyDenials: z.number().int().min(0).max(1e12),
        by: z.string().trim().min(1, 'required').max(200),
      })
      .strict(),
    result<ApprovalRules>(),
  ),
  'plan-rules-check': call('Which approval rule a plan passes or fails, with the measured impact and why.', z.object({ id: planId }).strict(), result<ApprovalEvaluation>()),
  'plan-approve-by-rule': call(
    'Approve a draft plan by rule when its measured impact is under every threshold; refused (with the reasons) otherwise.',
    z.object({ id: planId }).strict(),
    result<{ plan: Plan; evaluation: ApprovalEvaluation }>(),
  ),
  'plan-status': call(
    "Plan vs actual: the plan's daily forecast band against the actuals imported since, flagging drift (outside the 95 % band for N consecutive days).",
    z.object({ id: planId, consecutiveDays: z.number().int().min(1).max(90).optional() }).strict(),
    result<PlanStatus>(),
  ),
  'plan-drift-days-set': call('Set how many consecutive days outside the band count as drift.', z.object({ consecutiveDays: z.number().int().min(1).max(90) }).strict(), result<{ consecutiveDays: number }>()),
  'plan-replan': call(
    "Re-plan: a new draft from the workspace's current data with an earlier plan's settings (and its policies).",
    z.object({ id: planId, name: z.string().trim().min(1).max(120).optional() }).strict(),
    result<Plan>(),
  ),
} as const
