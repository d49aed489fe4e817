import type { Snapshot } from '../../shared/types'
import type { Db } from '../db/open'
import { removeSnapshotWorkloads } from '../workload/derive'

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
    id: r.id,
    kind: r.kind,
    format: r.format,
    fileName: r.file_name,
    contentHash: r.content_hash,
    rows: r.rows,
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

export function listSnapshots(db: Db): Snapshot[] {
  return (db.prepare('SELECT * FROM snapshot ORDER BY id DESC').all() as SnapshotRow[]).map(toSnapshot)
}

/** Deletes a snapshot and, through the foreign key, every row it brought — in one transaction. */
export function deleteSnapshot(db: Db, id: number): boolean {
  return db.transaction(() => {
    removeSnapshotWorkloads(db, id)
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
