/**
 * Workload derivation at the import's commit point: inside the import's transaction, so workloads land (or
 * not) with the rows they come from. One call per import path:
 *   deriveWorkloads(db, snapshotId)          billing and telemetry imports (their kind is read from the snapshot)
 *   removeSnapshotWorkloads(db, snapshotId)  before a snapshot is deleted
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

export function deriveWorkloads(db: Db, snapshotId: number): number {
  const kind = db.prepare('SELECT kind FROM snapshot WHERE id = ?').pluck().get(snapshotId) as string | undefined
  if (kind === 'billing') return storeFacts(db, snapshotId, billingFacts(db, snapshotId))
  if (kind === 'telemetry') return storeFacts(db, snapshotId, telemetryFacts(db, snapshotId))
  return 0
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
