/**
 * Policies attached to a plan: a frozen copy of the document (editing or deleting the stored policy later
 * changes nothing in the plan), with the figures of its latest replay at attach time. The approval's content
 * hash covers them; the database refuses changes once the plan is approved (triggers in the migration).
 */
import type { PlanPolicy, SignedPlanPolicy } from '../../shared/policy-types'
import { ApiError } from '../../shared/errors'
import type { PolicyDoc } from '../../shared/policy-schema'
import type { Db } from '../db/open'
import { getPolicy, latestReplayOf } from './store'
import { policyDocSchema } from '../../shared/policy-schema'

interface Row {
  plan_id: string
  policy_name: string
  policy_id: string | null
  doc_json: string
  replay_json: string | null
  attached_at: string
}

export function planPolicies(db: Db, planId: string): PlanPolicy[] {
  const rows = db.prepare('SELECT * FROM plan_policy WHERE plan_id = ? ORDER BY policy_name').all(planId) as Row[]
  return rows.map((r) => ({
    planId: r.plan_id,
    name: r.policy_name,
    policyId: r.policy_id,
    doc: policyDocSchema.parse(JSON.parse(r.doc_json)),
    replay: r.replay_json ? (JSON.parse(r.replay_json) as PlanPolicy['replay']) : null,
    attachedAt: r.attached_at,
  }))
}

function assertDraft(db: Db, planId: string): void {
  const r = db.prepare('SELECT approved_at, approved_by FROM plan WHERE id = ?').get(planId) as { approved_at: string | null; approved_by: string | null } | undefined
  if (!r) throw new ApiError({ code: 'not-found', message: `No plan with id ${planId}.` })
  if (r.approved_at) throw new ApiError({ code: 'conflict', message: `Plan ${planId} was approved by ${r.approved_by ?? '?'}: its policies cannot change (make a new plan).` })
}

export function attachPolicy(db: Db, planId: string, source: { id?: string | undefined; doc?: PolicyDoc | undefined }, now: () => Date): PlanPolicy[] {
  assertDraft(db, planId)
  const stored = source.id ? getPolicy(db, source.id) : null
  const doc = stored?.doc ?? source.doc
  if (!doc) throw new ApiError({ code: 'invalid-input', message: 'give a policy id or a policy document' })
  const replay = latestReplayOf(db, doc)
  db.prepare(
    `INSERT INTO plan_policy (plan_id, policy_name, policy_id, doc_json, replay_json, attached_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (plan_id, policy_name) DO UPDATE SET policy_id = excluded.policy_id, doc_json = excluded.doc_json, replay_json = excluded.replay_json, attached_at = excluded.attached_at`,
  ).run(
    planId,
    doc.name,
    stored?.id ?? null,
    JSON.stringify(doc),
    replay ? JSON.stringify({ at: replay.at, workloads: replay.workloads, denied: replay.denied, deniedCostUsd: replay.deniedCostUsd }) : null,
    now().toISOString(),
  )
  return planPolicies(db, planId)
}

export function detachPolicy(db: Db, planId: string, name: string): PlanPolicy[] {
  assertDraft(db, planId)
  db.prepare('DELETE FROM plan_policy WHERE plan_id = ? AND policy_name = ?').run(planId, name)
  return planPolicies(db, planId)
}

/** What the approval signs of the attached policies: names, documents and the replay figures shown. */
export function signedPolicies(db: Db, planId: string): SignedPlanPolicy[] {
  return planPolicies(db, planId).map((p) => ({ name: p.name, doc: p.doc, replay: p.replay }))
}

/** A copied plan (a new draft) carries the same frozen policies. */
export function copyPlanPolicies(db: Db, fromPlanId: string, toPlanId: string, at: string): void {
  db.prepare(
    `INSERT INTO plan_policy (plan_id, policy_name, policy_id, doc_json, replay_json, attached_at)
     SELECT ?, policy_name, policy_id, doc_json, replay_json, ? FROM plan_policy WHERE plan_id = ?`,
  ).run(toPlanId, at, fromPlanId)
}
