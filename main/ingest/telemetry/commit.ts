/**
 * The end of every telemetry import (file or Prometheus pull): the writer's totals become the snapshot's
 * summary, committed through the workspace's snapshot lifecycle, or reported as the duplicate it is.
 */
import type { TelemetryOutcome, TelemetrySummary } from '../../../shared/telemetry-types'
import type { Db } from '../../db/open'
import { commitSnapshot, requireSnapshot } from '../../workspace/snapshots'
import type { WriterStats } from './writer'

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'))

export function duplicateOutcome(db: Db, id: number, fileName: string, format: TelemetrySummary['format']): TelemetryOutcome {
  const snap = requireSnapshot(db, id)
  const r = db.prepare('SELECT count(*) AS n FROM snapshot_series WHERE snapshot_id = ?').get(id) as { n: number }
  return {
    fileName,
    status: 'duplicate',
    snapshot: snap,
    summary: { format, series: r.n, samples: snap.rows, periodStart: snap.periodStart, periodEnd: snap.periodEnd, warnings: snap.warnings },
  }
}

export interface TelemetryCommit {
  fileName: string
  format: TelemetrySummary['format']
  contentHash: string
  stats: WriterStats
  warnings: string[]
}

/** Commits the snapshot begun as `snapshotId` (or rolls it back when the same content is already imported). */
export function commitTelemetry(db: Db, snapshotId: number, c: TelemetryCommit): TelemetryOutcome {
  const { stats, warnings, format, fileName } = c
  const r = commitSnapshot(db, snapshotId, {
    contentHash: c.contentHash,
    format,
    rows: stats.samples,
    periodStart: iso(stats.minTs),
    periodEnd: iso(stats.maxTs),
    warnings,
  })
  if (r.status === 'duplicate') return duplicateOutcome(db, r.snapshotId, fileName, format)
  const snap = requireSnapshot(db, snapshotId)
  return {
    fileName,
    status: 'imported',
    snapshot: snap,
    summary: { format, series: stats.series, samples: stats.samples, periodStart: snap.periodStart, periodEnd: snap.periodEnd, warnings },
  }
}
