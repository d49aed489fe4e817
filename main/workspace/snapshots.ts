/**
 * Snapshots: one per imported file (or Prometheus pull), whatever its kind. This module owns their
 * lifecycle, so every import gets the same guarantees: begin (one transaction, one snapshot row), dedupe
 * by content hash (the same bytes twice, under any name, are a no-op), commit with the summary, and
 * delete (the snapshot and every row it brought).
 */
import { randomUUID } from 'node:crypto'
import { ApiError } from '../../shared/errors'
import type { Snapshot, SnapshotKind } from '../../shared/types'
import type { Db } from '../db/open'
import { pick } from '../db/pick'

interface SnapshotRow {
  id: number
  kind: 'billing' | 'telemetry'
  format: string
  file_name: string
  content_hash: string
  rows: number
  period_start: string | null
  period_end: string | null
  total_billed_cost: number
  warnings_json: string
  imported_at: string
}

function toSnapshot(r: SnapshotRow): Snapshot {
  return {
    ...pick(r, 'id', 'kind', 'format', 'rows'),
    fileName: r.file_name,
    contentHash: r.content_hash,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    totalBilledCost: r.total_billed_cost,
    importedAt: r.imported_at,
    warnings: JSON.parse(r.warnings_json) as string[],
  }
}

export function readSnapshot(db: Db, id: number): Snapshot | null {
  const r = db.prepare('SELECT * FROM snapshot WHERE id = ?').get(id) as SnapshotRow | undefined
  return r ? toSnapshot(r) : null
}

/** A snapshot an import just committed or found as a duplicate: it exists, or the workspace changed under us. */
export function requireSnapshot(db: Db, id: number): Snapshot {
  const snap = readSnapshot(db, id)
  if (!snap) throw new ApiError({ code: 'internal', message: `snapshot ${id} vanished` })
  return snap
}

export function listSnapshots(db: Db): Snapshot[] {
  return (db.prepare('SELECT * FROM snapshot ORDER BY id DESC').all() as SnapshotRow[]).map(toSnapshot)
}

/** Deletes a snapshot and, through the foreign key, every row it brought — in one transaction. */
export function deleteSnapshot(db: Db, id: number): boolean {
  return db.transaction(() => {
    db.prepare('DELETE FROM billing_line WHERE snapshot_id = ?').run(id)
    deleteTelemetryRows(db, id)
    return db.prepare('DELETE FROM snapshot WHERE id = ?').run(id).changes > 0
  })()
}

/**
 * A telemetry snapshot's samples and rollups are keyed by snapshot, so removing them leaves every other
 * snapshot's rollups exact. Series shared with other snapshots stay (re-pointed to one that still holds
 * them); series only this snapshot held go.
 */
function deleteTelemetryRows(db: Db, id: number): void {
  const seriesIds = db.prepare('SELECT series_id FROM snapshot_series WHERE snapshot_id = ?').pluck().all(id) as number[]
  const stmts = ['sample', 'rollup_5m', 'rollup_1h', 'rollup_1d'].map((t) => db.prepare(`DELETE FROM ${t} WHERE series_id = ? AND snapshot_id = ?`))
  for (const sid of seriesIds) for (const s of stmts) s.run(sid, id)
  db.prepare('DELETE FROM snapshot_series WHERE snapshot_id = ?').run(id)
  db.prepare(
    `UPDATE series SET snapshot_id = (SELECT min(snapshot_id) FROM snapshot_series WHERE series_id = series.id)
     WHERE snapshot_id = ? AND id IN (SELECT series_id FROM snapshot_series)`,
  ).run(id)
  const orphans = db.prepare('SELECT id FROM series WHERE id NOT IN (SELECT series_id FROM snapshot_series) AND (snapshot_id = ? OR id IN (SELECT value FROM json_each(?)))').pluck()
  const del = db.prepare('DELETE FROM series WHERE id = ?')
  for (const sid of orphans.all(id, JSON.stringify(seriesIds)) as number[]) del.run(sid)
}

/** The snapshot already holding this content, if any. */
export function findSnapshotByHash(db: Db, contentHash: string): number | null {
  const r = db.prepare('SELECT id FROM snapshot WHERE content_hash = ?').get(contentHash) as { id: number } | undefined
  return r ? r.id : null
}

export interface SnapshotBegin {
  kind: SnapshotKind
  format: string
  fileName: string
  importedAt: string
}

/**
 * Opens the import's transaction and its snapshot row. The content hash is a unique placeholder until
 * `commitSnapshot`: a stream is hashed while it is read, so the real one is known only at the end.
 * Everything the import writes meanwhile is keyed by the returned id and goes with a rollback.
 */
export function beginSnapshot(db: Db, b: SnapshotBegin): number {
  db.exec('BEGIN IMMEDIATE')
  try {
    return Number(
      db
        .prepare('INSERT INTO snapshot (kind, format, file_name, content_hash, rows, imported_at) VALUES (?, ?, ?, ?, 0, ?)')
        .run(b.kind, b.format, b.fileName, `pending:${randomUUID()}`, b.importedAt).lastInsertRowid,
    )
  } catch (err) {
    abortSnapshot(db)
    throw err
  }
}

export interface SnapshotSummary {
  contentHash: string
  rows: number
  periodStart: string | null
  periodEnd: string | null
  totalBilledCost?: number
  warnings: readonly string[]
  /** A format known only once the content was read (e.g. which text exposition dialect); else the one begun with. */
  format?: string
}

export type SnapshotCommit = { status: 'imported' | 'duplicate'; snapshotId: number }

/**
 * Ends the import's transaction. Content already in the workspace rolls the import back and names the
 * snapshot that holds it; otherwise the summary is written, `beforeCommit` runs (still inside the
 * transaction) and everything commits.
 */
export function commitSnapshot(db: Db, id: number, s: SnapshotSummary, beforeCommit?: () => void): SnapshotCommit {
  const existing = findSnapshotByHash(db, s.contentHash)
  if (existing !== null) {
    abortSnapshot(db)
    return { status: 'duplicate', snapshotId: existing }
  }
  db.prepare(
    'UPDATE snapshot SET format = coalesce(?, format), content_hash = ?, rows = ?, period_start = ?, period_end = ?, total_billed_cost = ?, warnings_json = ? WHERE id = ?',
  ).run(s.format ?? null, s.contentHash, s.rows, s.periodStart, s.periodEnd, s.totalBilledCost ?? 0, JSON.stringify(s.warnings), id)
  beforeCommit?.()
  db.exec('COMMIT')
  return { status: 'imported', snapshotId: id }
}

/** Undoes an import begun with `beginSnapshot` (nothing of it stays); harmless when nothing is open. */
export function abortSnapshot(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK')
}
