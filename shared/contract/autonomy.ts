/** Contract methods: phased autonomy (approval rules, approval by rule) and plan vs actual (status, drift, re-plan). */
import { z } from 'zod'
import type { ApprovalEvaluation, ApprovalRules, PlanStatus } from '../policy-types'
import type { Plan } from '../types'
import { call, empty, result } from './spec'

const planId = z.string().regex(/^pl_[a-z0-9]{8,32}$/, 'a plan id looks like pl_xxxxxxxx')

export const autonomyMethods = {
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
