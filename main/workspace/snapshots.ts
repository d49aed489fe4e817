import type { Snapshot } from '../../shared/types'
import type { Db } from '../db/open'

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
    db.prepare('DELETE FROM billing_line WHERE snapshot_id = ?').run(id)
    return db.prepare('DELETE FROM snapshot WHERE id = ?').run(id).changes > 0
  })()
}
