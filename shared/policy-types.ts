/** Policy domain types shared by every process (the schema itself is in policy-schema.ts). Plain data only. */
import type { Counterfactual } from './policy-counterfactual'
import type { PolicyDoc, RuleKind } from './policy-schema'

/**
 * What the emitted parameters are computed from, besides the policy itself: the workspace's prices and
 * history. The export refreshes these; the replay recomputes the spend for every day it replays.
 */
export interface PolicyFacts {
  /** USD per accelerator-hour by catalog accelerator id (the catalog's median on-demand price). */
  prices: Record<string, number>
  /** Namespace → team, for workloads without the team label (the team seen most in that namespace's history). */
  namespaceTeams: Record<string, string>
  /** Month-to-date spend by team, USD, as of `asOf`. */
  monthToDateUsd: Record<string, number>
  /** ISO 8601 time the spend was read at. */
  asOf: string
}

/** One emitted file, relative to the cluster folder (`policies/…`). */
export interface EmittedFile {
  path: string
  /** The Kubernetes object (plain JSON), or null for non-object files. */
  object: Record<string, unknown> | null
  /** The file's text as exported (YAML for objects, Rego for templates' sources is inside their objects). */
  text: string
}

export interface PolicyEmitResult {
  files: EmittedFile[]
  /** The CEL of each rule as the ValidatingAdmissionPolicy carries it (variables first), for the editor's preview. */
  cel: { variables: { name: string; expression: string }[]; validations: { ruleId: string; expression: string; messageExpression: string }[] }
  /** The Rego of each rule's ConstraintTemplate, and the Constraint parameters generated for it. */
  rego: { ruleId: string; template: string; kind: string; rego: string; parameters: Record<string, unknown> }[]
  facts: PolicyFacts
  /** Problems found validating the manifests against their schemas (empty when all validate). */
  problems: string[]
}

export interface StoredPolicy {
  id: string
  name: string
  doc: PolicyDoc
  createdAt: string
  updatedAt: string
  /** The latest replay's headline figures, if any. */
  lastReplay: { at: string; workloads: number; denied: number; deniedCostUsd: number } | null
}

export interface ReplayRuleFigure {
  ruleId: string
  kind: RuleKind
  /** Workloads this rule denied (a workload denied by two rules counts for both). */
  denied: number
  deniedCostUsd: number
  deniedAcceleratorHours: number
  /** CEL evaluation errors (the policy fails closed: an error denies, as failurePolicy Fail does). */
  errors: number
}

export interface ReplayExample {
  uid: string
  kind: 'Pod' | 'Job'
  name: string
  namespace: string
  team: string | null
  start: string | null
  costUsd: number | null
  costSource: string
  acceleratorType: string | null
  accelerators: number
  /** What the API server would have answered: one message per failed validation. */
  denials: { ruleId: string; message: string }[]
}

export interface ReplayResult {
  policy: string
  from: string | null
  to: string | null
  /** Workloads replayed (admission requests the cluster would have seen). */
  workloads: number
  denied: number
  deniedCostUsd: number
  deniedAcceleratorHours: number
  /** Denied workloads whose cost is catalog-priced (no billing line identified them) and unpriced ones. */
  deniedCostBasis: { billedUsd: number; catalogUsd: number; unpriced: number }
  byRule: ReplayRuleFigure[]
  byTeam: { team: string; workloads: number; denied: number; deniedCostUsd: number }[]
  byWeek: { week: string; workloads: number; denied: number; deniedCostUsd: number }[]
  examples: ReplayExample[]
  /** Gross (cost of the denied workloads), the share assumed resubmitted, and the rest (policy-counterfactual.ts). */
  counterfactual: Counterfactual
  /** Where the budget rule's month-to-date spend came from. */
  spendSource: 'billing' | 'workloads' | null
  engine: string
  /** Validations the CEL evaluated: a rule's verdict is reused for inputs equal in everything it reads. */
  evaluations: number
  elapsedMs: number
}

/** Approval rules: what a plan may have and still be approved by rule, without a named person. */
export interface ApprovalRules {
  /** Largest change of any team's accelerator quota, percent. */
  maxQuotaShiftPct: number
  /** Largest monthly cost increase, USD (decreases always pass). */
  maxCostDeltaUsdPerMonth: number
  /** A plan that adds committed capacity (reserved, capacity blocks, on-prem purchases) is refused unless true. */
  allowNewCommitments: boolean
  /** Largest number of historical workloads an attached policy may have denied in its latest replay. */
  maxPolicyDenials: number
  updatedAt: string | null
  updatedBy: string | null
}

export interface ApprovalRuleCheck {
  rule: 'quota-shift' | 'cost-delta' | 'new-commitments' | 'policy-denials' | 'status'
  pass: boolean
  measured: string
  threshold: string
  reason: string
}

export interface ApprovalEvaluation {
  planId: string
  pass: boolean
  checks: ApprovalRuleCheck[]
  rules: ApprovalRules
}

export interface DriftPoint {
  date: string
  actual: number
  lo: number
  hi: number
  mean: number
  outside: boolean
}

export interface DriftSeries {
  metric: 'cost' | 'accelerator-hours'
  label: string
  unit: string
  points: DriftPoint[]
  /** Longest run of consecutive days outside the band, and whether it reaches the threshold. */
  longestRun: number
  drifting: boolean
  firstDriftDate: string | null
}

export interface PlanStatus {
  planId: string
  consecutiveDays: number
  level: 95
  /** Days of actuals after the plan's basis that the workspace holds. */
  daysObserved: number
  series: DriftSeries[]
  drifting: boolean
  summary: string
}

export const DEFAULT_APPROVAL_RULES: Omit<ApprovalRules, 'updatedAt' | 'updatedBy'> = {
  maxQuotaShiftPct: 5,
  maxCostDeltaUsdPerMonth: 0,
  allowNewCommitments: false,
  maxPolicyDenials: 0,
}

export type { PolicyDoc }

/** A policy attached to a plan (frozen copy), with its latest replay when attached. */
/** What a plan's approval signs of an attached policy: its name, document and the replay figures shown. */
export interface SignedPlanPolicy {
  name: string
  doc: PolicyDoc
  replay: PlanPolicy['replay']
}

export interface PlanPolicy {
  planId: string
  name: string
  policyId: string | null
  doc: PolicyDoc
  replay: { at: string; workloads: number; denied: number; deniedCostUsd: number } | null
  attachedAt: string
}
