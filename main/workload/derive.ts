/**
 * Workload derivation, out of the imports' critical path: an import commits its rows only; afterwards (once per
 * import batch, in a worker: main/api/workload-refresh.ts) every snapshot not yet derived gets its facts and the
 * workloads they touch recomputed, one short transaction per snapshot. Readers of workloads call the same
 * refresh first, so a workspace from an older version, or an import interrupted before its derivation, is
 * repaired on first use. A snapshot is derived when `workload_derivation` names it; billing lines whose cost or
 * team/project change later drop that row (trigger in the migration), so the snapshot is derived again.
 *   deriveStale(db)                         every snapshot not derived yet (the worker job)
 *   storeFacts(db, snapshotId, facts)       a job-trace import's own facts, inside its transaction
 *   removeSnapshotWorkloads(db, snapshotId) before a snapshot is deleted (same transaction)
 */
import type { Db } from '../db/open'
import { billingFacts } from './from-billing'
import { telemetryFacts } from './from-telemetry'
import { insertFacts, type FactRow } from './facts'
import { recomputeWorkloads } from './merge'
import { workspacePriceBook } from './pricing'

/**
 * Stores a snapshot's facts and recomputes the workloads they touch — and the ones linked to them through a
 * node: workloads that ran on a resource this import bills (their cost becomes its share), and the billed
 * resources new workloads ran on (now hosts). Returns how many workloads it recomputed.
 */
export function storeFacts(db: Db, snapshotId: number, facts: readonly FactRow[]): number {
  markDerived(db, snapshotId, facts.length)
  if (facts.length === 0) return 0
  insertFacts(db, snapshotId, facts)
  return recomputeWorkloads(db, linkedUids(db, facts), workspacePriceBook(db))
}

/** The facts' own uids, plus workloads that ran on the resources they bill and the resources they ran on. */
function linkedUids(db: Db, facts: readonly Pick<FactRow, 'uid' | 'source' | 'name' | 'node'>[]): Set<string> {
  const touched = new Set(facts.map((f) => f.uid))
  // Same matching as merge.ts: a node is the billed resource itself or an instance named after it.
  const runsOn = db
    .prepare(`SELECT DISTINCT uid FROM workload_fact WHERE source != 'billing' AND node IS NOT NULL AND (node IN (@a, @b) OR (length(@b) >= 4 AND node >= @b AND node < @b || char(1114111)))`)
    .pluck()
  const hostOf = db
    .prepare(`SELECT DISTINCT uid FROM workload_fact WHERE source = 'billing' AND (uid = 'res:' || @a OR name = @a OR (length(name) >= 4 AND substr(@a, 1, length(name)) = name))`)
    .pluck()
  const seen = new Set<string>()
  for (const f of facts) {
    const key = `${f.source === 'billing' ? 'b' : 'k'}\u0000${f.source === 'billing' ? f.uid : (f.node ?? '')}`
    if (seen.has(key)) continue
    seen.add(key)
    if (f.source === 'billing' && f.uid.startsWith('res:')) for (const u of runsOn.all({ a: f.uid.slice(4), b: f.name }) as string[]) touched.add(u)
    else if (f.source !== 'billing' && f.node) for (const u of hostOf.all({ a: f.node }) as string[]) touched.add(u)
  }
  return touched
}

const STALE_SQL = `SELECT id FROM snapshot WHERE kind IN ('billing', 'telemetry') AND id NOT IN (SELECT snapshot_id FROM workload_derivation) ORDER BY id`

/** Whether some snapshot's workloads are not derived yet (cheap: one indexed anti-join). */
export function workloadsStale(db: Db): boolean {
  return db.prepare(`${STALE_SQL} LIMIT 1`).get() !== undefined
}

function markDerived(db: Db, snapshotId: number, facts: number): void {
  db.prepare('INSERT OR REPLACE INTO workload_derivation (snapshot_id, facts) VALUES (?, ?)').run(snapshotId, facts)
}

/**
 * Derives one snapshot: its facts are read first (outside any write transaction: WAL readers do not block the
 * next import), then replaced and the workloads they touch (old and new) recomputed in one transaction.
 */
export function deriveSnapshot(db: Db, snapshotId: number): number {
  const kind = db.prepare('SELECT kind FROM snapshot WHERE id = ?').pluck().get(snapshotId) as string | undefined
  if (kind !== 'billing' && kind !== 'telemetry') return 0
  const facts = kind === 'billing' ? billingFacts(db, snapshotId) : telemetryFacts(db, snapshotId)
  return db.transaction(() => {
    // Deleted meanwhile: nothing to derive (the deletion removed its workloads).
    if (!db.prepare('SELECT 1 FROM snapshot WHERE id = ?').get(snapshotId)) return 0
    const old = db.prepare('SELECT uid, source, name, node FROM workload_fact WHERE snapshot_id = ?').all(snapshotId) as Pick<FactRow, 'uid' | 'source' | 'name' | 'node'>[]
    db.prepare('DELETE FROM workload_fact WHERE snapshot_id = ?').run(snapshotId)
    if (facts.length) insertFacts(db, snapshotId, facts)
    const touched = linkedUids(db, [...old, ...facts])
    const n = touched.size ? recomputeWorkloads(db, touched, workspacePriceBook(db)) : 0
    markDerived(db, snapshotId, facts.length)
    return n
  })()
}

/** Derives every snapshot not derived yet, oldest first. */
export function deriveStale(db: Db, progress: (step: string, current: number, total: number) => void = () => undefined): { snapshots: number; workloads: number } {
  const ids = db.prepare(STALE_SQL).pluck().all() as number[]
  let workloads = 0
  ids.forEach((id, i) => {
    progress('Deriving workloads', i, ids.length)
    workloads += deriveSnapshot(db, id)
  })
  return { snapshots: ids.length, workloads }
}

export function removeSnapshotWorkloads(db: Db, snapshotId: number): void {
  const facts = db.prepare('SELECT uid, source, name, node FROM workload_fact WHERE snapshot_id = ?').all(snapshotId) as Pick<FactRow, 'uid' | 'source' | 'name' | 'node'>[]
  if (facts.length === 0) return
  const touched = linkedUids(db, facts)
  db.prepare('DELETE FROM workload_fact WHERE snapshot_id = ?').run(snapshotId)
  recomputeWorkloads(db, touched, workspacePriceBook(db))
}

/** Re-derives every workload from the stored facts (after catalog price changes). */
export function repriceWorkloads(db: Db): number {
  const uids = db.prepare('SELECT DISTINCT uid FROM workload_fact').pluck().all() as string[]
  return db.transaction(() => recomputeWorkloads(db, uids, workspacePriceBook(db)))()
}
