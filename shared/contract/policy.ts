/** Contract methods: cost policies (store, emit, replay) and the policies attached to a plan. */
import { z } from 'zod'
import { policyDocSchema, type PolicyDoc } from '../policy-schema'
import type { PlanPolicy, PolicyEmitResult, ReplayResult, StoredPolicy } from '../policy-types'
import { call, empty, job, result } from './spec'

const planId = z.string().regex(/^pl_[a-z0-9]{8,32}$/, 'a plan id looks like pl_xxxxxxxx')
/** A stored policy's id (po_…) or name. */
const policyRef = z.string().trim().min(1).max(64)
/** A date (YYYY-MM-DD) or an ISO 8601 date-time. */
const when = z
  .string()
  .trim()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s)), 'a date (YYYY-MM-DD) or an ISO 8601 date-time')

const policySource = z
  .object({ id: policyRef.optional(), doc: policyDocSchema.optional() })
  .strict()
  .refine((v) => !!v.id !== !!v.doc, 'give either id or doc')

export const policyMethods = {
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
} as const
