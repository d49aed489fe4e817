/** The plan audit log (append-only in the database) and the state it implies. */
import type { PlanAuditEntry, PlanState } from '../../shared/plan-types'
import type { Db } from '../db/open'

/**
 * Kinds a plan's log may hold. Transitions move the state; `edited` records a review edit; `copied` marks the
 * draft an approved plan was copied into. Validated here (the table has no CHECK, so new kinds need no migration).
 */
export const AUDIT_KINDS = ['created', 'submitted', 'edited', 'approved', 'exported', 'superseded', 'copied'] as const
export type AuditKind = (typeof AUDIT_KINDS)[number]

const STATE_AFTER: Partial<Record<AuditKind, PlanState>> = {
  created: 'draft',
  submitted: 'in-review',
  approved: 'approved',
  exported: 'exported',
  superseded: 'superseded',
}

export function appendAudit(db: Db, planId: string, kind: AuditKind, actor: string | null, details: Record<string, unknown>, at: string): void {
  if (!(AUDIT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown audit kind ${kind}`)
  db.prepare('INSERT INTO plan_audit (plan_id, at, kind, actor, details_json) VALUES (?, ?, ?, ?, ?)').run(planId, at, kind, actor, JSON.stringify(details))
}

export function listAudit(db: Db, planId: string): PlanAuditEntry[] {
  const rows = db.prepare('SELECT at, kind, actor, details_json FROM plan_audit WHERE plan_id = ? ORDER BY id').all(planId) as {
    at: string
    kind: string
    actor: string | null
    details_json: string
  }[]
  return rows.map((r) => ({ at: r.at, kind: r.kind, actor: r.actor, details: JSON.parse(r.details_json) as Record<string, unknown> }))
}

/** The state after the last transition in the log; a later export after a supersede does not un-supersede. */
export function stateOf(entries: PlanAuditEntry[]): PlanState {
  let state: PlanState = 'draft'
  for (const e of entries) {
    const next = STATE_AFTER[e.kind as AuditKind]
    if (!next) continue
    if (state === 'superseded' && next === 'exported') continue
    state = next
  }
  return state
}
