import { ApiError } from '../../shared/errors'
import type { EditTarget, FleetTotals, PlanSnapshot, Recommendations } from '../../shared/plan-types'
import type { Scenario } from '../../shared/scenario-types'
import type { BaselineScenario, CostForecast, Plan, PlanExport, PlanTotals } from '../../shared/types'
import { getCatalog } from '../catalog/catalog'
import { newId } from '../db/ids'
import type { Db } from '../db/open'
import { describeTarget, editKey, recommend, type EditInput } from '../recommend'
import { dnsLabel } from '../recommend/names'
import { getScenario } from '../simulate/scenarios'
import { appendAudit, listAudit, stateOf } from './audit'
import { baselineScenario } from './baseline-totals'
import { planContentHash } from './content-hash'
import { buildSnapshot, fleetTotals, poolMonthlyUsd } from './snapshot'
import { copyPlanPolicies, signedPolicies } from '../policy/attach'
import { recordPlanForecast } from '../drift/band'

export { planContentHash } from './content-hash'

interface PlanRow {
  id: string
  name: string
  slug: string
  description: string
  created_at: string
  scenario_json: string
  totals_json: string
  approved_by: string | null
  approved_at: string | null
  approval_comment: string | null
  content_hash: string | null
  kind: 'baseline' | 'fleet'
  cluster: string
  snapshot_json: string | null
  recommendations_json: string | null
  fleet_json: string | null
  copied_from: string | null
}

export { baselineScenario } from './baseline-totals'

/** The plan's folder and branch name part: a DNS label of its name, at most 48 characters. */
export function slugify(name: string): string {
  return dnsLabel(name, 48, 'plan')
}

export function newPlanId(): string {
  return newId('pl')
}

function toPlan(db: Db, r: PlanRow): Plan {
  const audit = listAudit(db, r.id)
  const scenario = JSON.parse(r.scenario_json) as BaselineScenario | null
  const totals = JSON.parse(r.totals_json) as PlanTotals | null
  const body = {
    id: r.id,
    name: r.name,
    description: r.description,
    createdAt: r.created_at,
    kind: r.kind,
    cluster: r.cluster,
    scenario,
    totals,
    snapshot: r.snapshot_json ? (JSON.parse(r.snapshot_json) as PlanSnapshot) : null,
    fleet: r.fleet_json ? (JSON.parse(r.fleet_json) as FleetTotals) : null,
    recommendations: r.recommendations_json ? (JSON.parse(r.recommendations_json) as Recommendations) : null,
    // Attached cost policies (frozen copies) are signed with the plan.
    policies: signedPolicies(db, r.id),
  }
  return {
    ...body,
    poolMonthlyUsd: body.snapshot ? body.snapshot.pools.map(poolMonthlyUsd) : null,
    slug: r.slug,
    status: stateOf(audit),
    contentHash: r.content_hash ?? planContentHash(body),
    approval:
      r.approved_at && r.approved_by && r.content_hash
        ? { by: r.approved_by, at: r.approved_at, comment: r.approval_comment ?? '', contentHash: r.content_hash }
        : null,
    exports: audit
      .filter((e) => e.kind === 'exported')
      .map((e) => ({ repoPath: String(e.details.repoPath), branch: String(e.details.branch), commit: String(e.details.commit), at: e.at })),
    audit,
    copiedFrom: r.copied_from,
  }
}

export function getPlan(db: Db, id: string): Plan {
  const r = db.prepare('SELECT * FROM plan WHERE id = ?').get(id) as PlanRow | undefined
  if (!r) throw new ApiError({ code: 'not-found', message: `No plan with id ${id}.` })
  return toPlan(db, r)
}

export function listPlans(db: Db): Plan[] {
  return (db.prepare('SELECT * FROM plan ORDER BY created_at DESC, id').all() as PlanRow[]).map((r) => toPlan(db, r))
}

export interface CreatePlanInput {
  name: string
  description: string
  growthPctPerMonth: number
  horizonDays?: number | undefined
  cluster?: string | undefined
  /** A saved scenario: the plan freezes it with its latest simulation, optimization and forecast runs. */
  scenarioId?: string | undefined
  /** A scenario given inline (e.g. read from a file by the CLI). */
  scenario?: Scenario | undefined
  /** The workspace's cost forecast, computed on the worker pool (baseline totals; computed inline without it). */
  forecast?: CostForecast | undefined
  /** The audit log's actor. */
  by?: string | undefined
}

const hasBilling = (db: Db): boolean => !!db.prepare('SELECT 1 FROM billing_line LIMIT 1').get()

export function createPlan(db: Db, input: CreatePlanInput, now: () => Date): Plan {
  const id = newPlanId()
  const at = now().toISOString()
  const cluster = input.cluster ?? 'default'
  let row: Omit<PlanRow, 'id' | 'slug' | 'created_at' | 'approved_by' | 'approved_at' | 'approval_comment' | 'content_hash' | 'copied_from'>
  const source = input.scenarioId ? getScenario(db, input.scenarioId) : input.scenario ? { ...input.scenario, basis: input.scenario.basis ?? 'file' } : null
  if (source) {
    const snapshot = buildSnapshot(db, getCatalog(db), source)
    const horizonDays = input.horizonDays ?? Math.max(1, Math.round(source.horizonHours / 24))
    const base = hasBilling(db) ? baselineScenario(db, input.growthPctPerMonth, horizonDays, input.forecast) : null
    // The billed side of "vs current accelerator spend" starts from the run rate every other screen shows;
    // fleetTotals prices it over the fleet price's 730-hour month.
    const accRunRate = base?.totals.acceleratorMonthlyRunRate ?? null
    row = {
      name: input.name,
      description: input.description,
      kind: 'fleet',
      cluster,
      scenario_json: JSON.stringify(base?.scenario ?? null),
      totals_json: JSON.stringify(base?.totals ?? null),
      snapshot_json: JSON.stringify(snapshot),
      fleet_json: JSON.stringify(fleetTotals(snapshot, accRunRate)),
      recommendations_json: JSON.stringify(recommend(snapshot, { cluster })),
    }
  } else {
    const { scenario, totals } = baselineScenario(db, input.growthPctPerMonth, input.horizonDays ?? 30, input.forecast)
    row = {
      name: input.name,
      description: input.description,
      kind: 'baseline',
      cluster,
      scenario_json: JSON.stringify(scenario),
      totals_json: JSON.stringify(totals),
      snapshot_json: null,
      fleet_json: null,
      recommendations_json: null,
    }
  }
  db.transaction(() => {
    db.prepare(
      `INSERT INTO plan (id, name, slug, description, created_at, scenario_json, totals_json, kind, cluster, snapshot_json, fleet_json, recommendations_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, row.name, slugify(row.name), row.description, at, row.scenario_json, row.totals_json, row.kind, row.cluster, row.snapshot_json, row.fleet_json, row.recommendations_json)
    const from = source ? { scenario: source.id ?? null, scenarioName: source.name, basis: source.basis ?? 'variant' } : { scenario: 'baseline' }
    appendAudit(db, id, 'created', input.by ?? null, { ...from, cluster }, at)
    // The band later imports are compared with (plan vs actual), frozen with the plan.
    if (hasBilling(db)) recordPlanForecast(db, id, input.growthPctPerMonth, input.horizonDays ?? 30)
  })()
  return getPlan(db, id)
}

function requireState(plan: Plan, allowed: Plan['status'][], doing: string): void {
  if (allowed.includes(plan.status)) return
  const how: Partial<Record<Plan['status'], string>> = {
    draft: 'it is a draft: submit it for review first',
    'in-review': 'it is in review',
    approved: `it was approved by ${plan.approval?.by ?? '?'} on ${plan.approval?.at ?? '?'} and cannot change (copy it into a new draft to edit)`,
    exported: 'it is approved and exported, and cannot change (copy it into a new draft to edit)',
    superseded: 'a later plan for the same cluster superseded it (copy it into a new draft to edit)',
  }
  throw new ApiError({ code: 'conflict', message: `Cannot ${doing} plan "${plan.name}": ${how[plan.status] ?? plan.status}.` })
}

export function submitPlan(db: Db, input: { id: string; by: string }, now: () => Date): Plan {
  const plan = getPlan(db, input.id)
  requireState(plan, ['draft'], 'submit')
  appendAudit(db, plan.id, 'submitted', input.by, { contentHash: plan.contentHash }, now().toISOString())
  return getPlan(db, plan.id)
}

/** A reviewer's edit of one recommended figure (value null: back to the derived figure). */
export function editPlan(db: Db, input: { id: string; target: EditTarget; value: number | string | null; by: string }, now: () => Date): Plan {
  const plan = getPlan(db, input.id)
  requireState(plan, ['draft', 'in-review'], 'edit')
  if (!plan.snapshot || !plan.recommendations) {
    throw new ApiError({ code: 'conflict', message: `Plan "${plan.name}" carries the baseline spend only: it has no recommendations to edit.` })
  }
  const at = now().toISOString()
  const key = editKey(input.target)
  const kept: EditInput[] = plan.recommendations.edits.filter((e) => editKey(e.target) !== key).map(({ derived: _d, ...e }) => e)
  const previous = plan.recommendations.edits.find((e) => editKey(e.target) === key)
  const edits = input.value === null ? kept : [...kept, { target: input.target, value: input.value, by: input.by, at }]
  // Recomputed from the frozen snapshot: an edit that breaks an invariant is refused here, with nothing stored.
  const recs = recommend(plan.snapshot, { cluster: plan.cluster, edits })
  const derived = recs.edits.find((e) => editKey(e.target) === key)?.derived ?? previous?.derived ?? null
  db.transaction(() => {
    db.prepare('UPDATE plan SET recommendations_json = ? WHERE id = ?').run(JSON.stringify(recs), plan.id)
    appendAudit(db, plan.id, 'edited', input.by, { target: input.target, what: describeTarget(input.target), from: previous?.value ?? derived, to: input.value, derived }, at)
  })()
  return getPlan(db, plan.id)
}

/** `audit` adds to the approval's audit-log entry (e.g. the rule evaluation when approved by rule). */
export function approvePlan(
  db: Db,
  input: { id: string; by: string; comment: string; contentHash?: string | undefined },
  now: () => Date,
  audit: Record<string, unknown> = {},
): Plan {
  const plan = getPlan(db, input.id)
  requireState(plan, ['in-review'], 'approve')
  if (input.contentHash && input.contentHash !== plan.contentHash) {
    throw new ApiError({
      code: 'conflict',
      message: `Plan "${plan.name}" changed after you opened it (its content hash is now ${plan.contentHash}, you reviewed ${input.contentHash}). Review it again before approving.`,
    })
  }
  const at = now().toISOString()
  const hash = plan.contentHash
  db.transaction(() => {
    db.prepare('UPDATE plan SET approved_by = ?, approved_at = ?, approval_comment = ?, content_hash = ? WHERE id = ?').run(input.by, at, input.comment, hash, input.id)
    appendAudit(db, input.id, 'approved', input.by, { comment: input.comment, contentHash: hash, ...audit }, at)
  })()
  return getPlan(db, input.id)
}

/** Editing an approved plan means a new draft copied from it: same decision and edits, its own history. */
export function copyPlan(db: Db, input: { id: string; name?: string | undefined; by: string }, now: () => Date): Plan {
  const src = getPlan(db, input.id)
  const r = db.prepare('SELECT * FROM plan WHERE id = ?').get(src.id) as PlanRow
  const id = newPlanId()
  const at = now().toISOString()
  const name = input.name ?? `${src.name} (copy)`
  db.transaction(() => {
    db.prepare(
      `INSERT INTO plan (id, name, slug, description, created_at, scenario_json, totals_json, kind, cluster, snapshot_json, fleet_json, recommendations_json, copied_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, name, slugify(name), r.description, at, r.scenario_json, r.totals_json, r.kind, r.cluster, r.snapshot_json, r.fleet_json, r.recommendations_json, src.id)
    appendAudit(db, id, 'created', input.by, { copiedFrom: src.id, cluster: r.cluster }, at)
    appendAudit(db, src.id, 'copied', input.by, { to: id }, at)
    copyPlanPolicies(db, src.id, id, at)
  })()
  return getPlan(db, id)
}

/**
 * Records an export; earlier plans of the same kind exported for the same cluster into the same checkout become
 * superseded (a baseline plan's policies and a fleet plan's manifests live side by side in the cluster folder).
 */
export function recordExport(db: Db, id: string, e: PlanExport, actor: string | null = null): string[] {
  const plan = getPlan(db, id)
  const superseded = listPlans(db)
    .filter((p) => p.id !== id && p.kind === plan.kind && p.cluster === plan.cluster && p.status === 'exported' && p.exports.some((x) => x.repoPath === e.repoPath))
    .map((p) => p.id)
  db.transaction(() => {
    appendAudit(db, id, 'exported', actor, { repoPath: e.repoPath, branch: e.branch, commit: e.commit }, e.at)
    for (const s of superseded) appendAudit(db, s, 'superseded', null, { by: id, repoPath: e.repoPath, commit: e.commit }, e.at)
  })()
  return superseded
}
