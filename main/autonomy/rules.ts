/**
 * Phased autonomy: approval rules the user sets. A draft or in-review plan whose measured impact stays under every
 * threshold may be approved by rule (CI: `fleetplan plan approve --plan ID --by-rule`); anything above needs a
 * named person. Defaults are conservative: no monthly cost increase, no new commitment, no quota shift over 5 %, no
 * attached policy that denied any historical workload.
 */
import { ApiError } from '../../shared/errors'
import { DEFAULT_APPROVAL_RULES, type ApprovalEvaluation, type ApprovalRuleCheck, type ApprovalRules } from '../../shared/policy-types'
import type { Plan } from '../../shared/types'
import type { Db } from '../db/open'
import { approvePlan, getPlan, submitPlan } from '../plan/plans'
import { planPolicies } from '../policy/attach'
import { latestReplayOf } from '../policy/store'
import { planImpact } from './impact'

export function getApprovalRules(db: Db): ApprovalRules {
  const r = db.prepare(`SELECT value_json, updated_at, updated_by FROM policy_setting WHERE key = 'approval-rules'`).get() as
    | { value_json: string; updated_at: string; updated_by: string | null }
    | undefined
  if (!r) return { ...DEFAULT_APPROVAL_RULES, updatedAt: null, updatedBy: null }
  return { ...DEFAULT_APPROVAL_RULES, ...(JSON.parse(r.value_json) as Partial<ApprovalRules>), updatedAt: r.updated_at, updatedBy: r.updated_by }
}

export function setApprovalRules(db: Db, input: Omit<ApprovalRules, 'updatedAt' | 'updatedBy'> & { by: string }, now: () => Date): ApprovalRules {
  const { by, ...rules } = input
  db.prepare(
    `INSERT INTO policy_setting (key, value_json, updated_at, updated_by) VALUES ('approval-rules', ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(JSON.stringify(rules), now().toISOString(), by)
  return getApprovalRules(db)
}

const usd = (x: number): string => `${x < 0 ? '−' : ''}$${Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 0 })}`

export function evaluatePlan(db: Db, planId: string): ApprovalEvaluation {
  const plan = getPlan(db, planId)
  const rules = getApprovalRules(db)
  const impact = planImpact(db, plan)
  const checks: ApprovalRuleCheck[] = []
  const open = plan.status === 'draft' || plan.status === 'in-review'
  checks.push({
    rule: 'status',
    pass: open,
    measured: plan.status,
    threshold: 'draft or in review',
    reason: open ? `the plan is ${plan.status === 'draft' ? 'a draft' : 'in review'}` : `the plan is already ${plan.status}`,
  })
  checks.push({
    rule: 'cost-delta',
    pass: impact.costDeltaUsdPerMonth <= rules.maxCostDeltaUsdPerMonth,
    measured: `${usd(impact.costDeltaUsdPerMonth)}/month`,
    threshold: `≤ ${usd(rules.maxCostDeltaUsdPerMonth)}/month`,
    reason: impact.costBasis,
  })
  checks.push({
    rule: 'quota-shift',
    pass: impact.maxQuotaShiftPct <= rules.maxQuotaShiftPct,
    measured: `${impact.maxQuotaShiftPct.toFixed(1)} %`,
    threshold: `≤ ${rules.maxQuotaShiftPct} %`,
    reason: impact.quotaBasis,
  })
  checks.push({
    rule: 'new-commitments',
    pass: impact.newCommitments === 0 || rules.allowNewCommitments,
    measured: `${impact.newCommitments} committed accelerator${impact.newCommitments === 1 ? '' : 's'} added`,
    threshold: rules.allowNewCommitments ? 'allowed' : 'none',
    reason: impact.commitmentBasis,
  })
  const policies = planPolicies(db, planId)
  let worst = 0
  const notes: string[] = []
  let unreplayed = 0
  for (const p of policies) {
    const r = latestReplayOf(db, p.doc)
    if (!r) {
      unreplayed++
      notes.push(`${p.name}: never replayed`)
      continue
    }
    worst = Math.max(worst, r.denied)
    notes.push(`${p.name}: ${r.denied.toLocaleString('en-US')} of ${r.workloads.toLocaleString('en-US')} workloads denied (replay ${r.at.slice(0, 10)})`)
  }
  checks.push({
    rule: 'policy-denials',
    pass: unreplayed === 0 && worst <= rules.maxPolicyDenials,
    measured: policies.length ? `${worst.toLocaleString('en-US')} denied${unreplayed ? `, ${unreplayed} not replayed` : ''}` : 'no policy attached',
    threshold: `≤ ${rules.maxPolicyDenials.toLocaleString('en-US')} historical workloads`,
    reason: policies.length ? `${notes.join('; ')}${unreplayed ? ' — replay every attached policy before approving by rule' : ''}` : 'the plan attaches no policy',
  })
  return { planId, pass: checks.every((c) => c.pass), checks, rules }
}

/** Approves by rule, or refuses with every failed rule and its measured impact. */
export function approveByRule(db: Db, planId: string, now: () => Date): { plan: Plan; evaluation: ApprovalEvaluation } {
  const evaluation = evaluatePlan(db, planId)
  if (!evaluation.pass) {
    const failed = evaluation.checks.filter((c) => !c.pass)
    throw new ApiError({
      code: 'conflict',
      message: `Plan ${planId} cannot be approved by rule — a named person must approve it: ${failed.map((c) => `${c.rule} ${c.measured} (rule: ${c.threshold}; ${c.reason})`).join('; ')}.`,
      issues: failed.map((c) => ({ path: c.rule, message: `${c.measured} — rule ${c.threshold}: ${c.reason}` })),
    })
  }
  const summary = evaluation.checks
    .filter((c) => c.rule !== 'status')
    .map((c) => `${c.rule} ${c.measured} (${c.threshold})`)
    .join('; ')
  const by = 'approval rules'
  // A draft goes through review like any plan: submitted and approved by the rules, both in the audit log.
  if (getPlan(db, planId).status === 'draft') submitPlan(db, { id: planId, by }, now)
  const plan = approvePlan(db, { id: planId, by, comment: `Approved by rule: ${summary}.` }, now, {
    byRule: true,
    rules: evaluation.rules,
    checks: evaluation.checks,
  })
  return { plan, evaluation }
}
