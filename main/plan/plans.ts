import { createHash } from 'node:crypto'
import { ApiError } from '../../shared/errors'
import type { BaselineScenario, CostForecast, Plan, PlanExport, PlanTotals } from '../../shared/types'
import { newId } from '../db/ids'
import type { Db } from '../db/open'
import { baselineScenario } from './baseline-totals'
import { canonicalJson } from './canonical-json'

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
}

export { baselineScenario } from './baseline-totals'

export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '')
  return s || 'plan'
}

export function newPlanId(): string {
  return newId('pl')
}

/** What an approval signs: everything a reviewer saw, nothing that changes after (exports, status). */
export function planContentHash(p: Pick<Plan, 'id' | 'name' | 'description' | 'createdAt' | 'scenario' | 'totals'>): string {
  const body = canonicalJson({
    id: p.id,
    name: p.name,
    description: p.description,
    createdAt: p.createdAt,
    scenario: p.scenario,
    totals: p.totals,
  })
  return `sha256:${createHash('sha256').update(body).digest('hex')}`
}

function exportsOf(db: Db, id: string): PlanExport[] {
  const rows = db
    .prepare(`SELECT at, details_json FROM plan_event WHERE plan_id = ? AND kind = 'exported' ORDER BY id`)
    .all(id) as { at: string; details_json: string }[]
  return rows.map((r) => {
    const d = JSON.parse(r.details_json) as { repoPath: string; branch: string; commit: string }
    return { repoPath: d.repoPath, branch: d.branch, commit: d.commit, at: r.at }
  })
}

function toPlan(db: Db, r: PlanRow): Plan {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    description: r.description,
    status: r.approved_at ? 'approved' : 'draft',
    createdAt: r.created_at,
    scenario: JSON.parse(r.scenario_json) as BaselineScenario,
    totals: JSON.parse(r.totals_json) as PlanTotals,
    approval:
      r.approved_at && r.approved_by && r.content_hash
        ? { by: r.approved_by, at: r.approved_at, comment: r.approval_comment ?? '', contentHash: r.content_hash }
        : null,
    exports: exportsOf(db, r.id),
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

export function createPlan(
  db: Db,
  input: { name: string; description: string; growthPctPerMonth: number; horizonDays: number; forecast?: CostForecast | undefined },
  now: () => Date,
): Plan {
  const { scenario, totals } = baselineScenario(db, input.growthPctPerMonth, input.horizonDays, input.forecast)
  const id = newPlanId()
  const at = now().toISOString()
  db.transaction(() => {
    db.prepare(
      `INSERT INTO plan (id, name, slug, description, created_at, scenario_json, totals_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.name, slugify(input.name), input.description, at, JSON.stringify(scenario), JSON.stringify(totals))
    db.prepare(`INSERT INTO plan_event (plan_id, at, kind, actor, details_json) VALUES (?, ?, 'created', NULL, '{}')`).run(id, at)
  })()
  return getPlan(db, id)
}

export function approvePlan(db: Db, input: { id: string; by: string; comment: string }, now: () => Date): Plan {
  const plan = getPlan(db, input.id)
  if (plan.status !== 'draft') {
    throw new ApiError({
      code: 'conflict',
      message: `Plan "${plan.name}" was already approved by ${plan.approval?.by ?? '?'} on ${plan.approval?.at ?? '?'}; approved plans cannot change.`,
    })
  }
  const at = now().toISOString()
  const hash = planContentHash(plan)
  db.transaction(() => {
    db.prepare('UPDATE plan SET approved_by = ?, approved_at = ?, approval_comment = ?, content_hash = ? WHERE id = ?').run(
      input.by,
      at,
      input.comment,
      hash,
      input.id,
    )
    db.prepare(`INSERT INTO plan_event (plan_id, at, kind, actor, details_json) VALUES (?, ?, 'approved', ?, ?)`).run(
      input.id,
      at,
      input.by,
      JSON.stringify({ comment: input.comment, contentHash: hash }),
    )
  })()
  return getPlan(db, input.id)
}

export function recordExport(db: Db, id: string, e: PlanExport): void {
  db.prepare(`INSERT INTO plan_event (plan_id, at, kind, actor, details_json) VALUES (?, ?, 'exported', NULL, ?)`).run(
    id,
    e.at,
    JSON.stringify({ repoPath: e.repoPath, branch: e.branch, commit: e.commit }),
  )
}
