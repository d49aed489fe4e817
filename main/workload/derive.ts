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

/** Stores a snapshot's facts and recomputes the workloads they touch; returns how many workloads changed. */
export function storeFacts(db: Db, snapshotId: number, facts: readonly FactRow[]): number {
  if (facts.length === 0) return 0
  insertFacts(db, snapshotId, facts)
  return recomputeWorkloads(db, new Set(facts.map((f) => f.uid)), workspacePriceBook(db))
}

export function deriveWorkloads(db: Db, snapshotId: number): number {
  const kind = db.prepare('SELECT kind FROM snapshot WHERE id = ?').pluck().get(snapshotId) as string | undefined
  if (kind === 'billing') return storeFacts(db, snapshotId, billingFacts(db, snapshotId))
  if (kind === 'telemetry') return storeFacts(db, snapshotId, telemetryFacts(db, snapshotId))
  return 0
}

export function removeSnapshotWorkloads(db: Db, snapshotId: number): void {
  const uids = db.prepare('SELECT uid FROM workload_fact WHERE snapshot_id = ?').pluck().all(snapshotId) as string[]
  if (uids.length === 0) return
  db.prepare('DELETE FROM workload_fact WHERE snapshot_id = ?').run(snapshotId)
  recomputeWorkloads(db, uids, workspacePriceBook(db))
}

/** Re-derives every workload from the stored facts (after catalog price changes). */
export function repriceWorkloads(db: Db): number {
  const uids = db.prepare('SELECT DISTINCT uid FROM workload_fact').pluck().all() as string[]
  return db.transaction(() => recomputeWorkloads(db, uids, workspacePriceBook(db)))()
}
