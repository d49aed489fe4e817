/**
 * Writes one telemetry snapshot: series (shared, by metric + canonical labels), samples and the 5 m / 1 h / 1 d
 * rollups, all inside the caller's transaction. Parsers push samples into it one by one; memory stays bounded
 * by the number of series (one accumulator per series and resolution), never by the number of samples.
 */
import type { Statement } from 'better-sqlite3'
import type { Db } from '../../db/open'
import { detach } from '../source/detach'
import { canonicalLabels, normaliseLabels } from './labels'

/** Rollup levels, finest first; each bucket nests in the next (all aligned to the UTC epoch). */
const LEVELS = [
  { table: 'rollup_5m', ms: 300_000 },
  { table: 'rollup_1h', ms: 3_600_000 },
  { table: 'rollup_1d', ms: 86_400_000 },
] as const
const FIVE_MIN = 300_000

/** Rows per multi-row INSERT: fewer statement calls is most of the speed of a bulk insert. */
const BATCH_ROWS = 200
const ROLLUP_BATCH_ROWS = 100

interface Acc {
  bucket: number
  sum: number
  min: number
  max: number
  count: number
}

interface SeriesState {
  id: number
  lastTs: number
  firstTs: number
  samples: number
  /** Open bucket per level: samples feed the 5 m one; a closed bucket folds into the next level's. */
  acc: (Acc | null)[]
}

export interface WriterStats {
  series: number
  samples: number
  minTs: number | null
  maxTs: number | null
  warnings: string[]
}

/** DCGM writes "blank" (not supported / no data) as sentinel numbers; they are missing values, not readings. */
function isDcgmBlank(metric: string, v: number): boolean {
  if (!metric.startsWith('DCGM_') && !metric.startsWith('dcgm_')) return false
  return v >= 9.223372036854775e18 || (v >= 2147483632 && v <= 2147483647) || v === 140737488355328
}

export class TelemetryWriter {
  private readonly handles = new Map<string, number>()
  private readonly states: SeriesState[] = []
  private readonly metrics: string[] = []
  private readonly findSeries
  private readonly insertSeries
  private readonly insertOne
  private readonly insertBatch
  private readonly upsertOne
  private readonly upsertBatch
  private readonly pendingRollups: number[][] = [[], [], []]
  private readonly pending: number[] = []
  private pendingRows = 0
  private samples = 0
  private minTs = Infinity
  private maxTs = -Infinity
  private nonFinite = 0
  private blanks = 0
  private duplicates = 0
  readonly warnings: string[] = []

  constructor(
    private readonly db: Db,
    private readonly snapshotId: number,
  ) {
    this.findSeries = db.prepare('SELECT id FROM series WHERE metric = ? AND labels = ?').pluck()
    this.insertSeries = db.prepare(
      'INSERT INTO series (snapshot_id, metric, labels, gpu_uuid, gpu_model, host, namespace, pod, team, project) VALUES (?,?,?,?,?,?,?,?,?,?)',
    )
    this.insertOne = db.prepare('INSERT OR IGNORE INTO sample (series_id, ts, snapshot_id, value) VALUES (?,?,?,?)')
    this.insertBatch = db.prepare(`INSERT INTO sample (series_id, ts, snapshot_id, value) VALUES ${new Array(BATCH_ROWS).fill('(?,?,?,?)').join(',')}`)
    // A series can come back to a bucket (out-of-order input): merge into the row already written.
    const upsert = (table: string, rows: number): string =>
      `INSERT INTO ${table} (series_id, bucket_start, snapshot_id, avg, min, max, count) VALUES ${new Array(rows).fill('(?,?,?,?,?,?,?)').join(',')}
       ON CONFLICT (series_id, bucket_start, snapshot_id) DO UPDATE SET
         avg = (avg * count + excluded.avg * excluded.count) / (count + excluded.count),
         min = min(min, excluded.min), max = max(max, excluded.max), count = count + excluded.count`
    this.upsertOne = LEVELS.map((l) => db.prepare(upsert(l.table, 1)))
    this.upsertBatch = LEVELS.map((l) => db.prepare(upsert(l.table, ROLLUP_BATCH_ROWS)))
  }

  /** The handle of a series (created in the workspace the first time any snapshot brings it). */
  series(metric: string, labels: Record<string, string>): number {
    const canon = canonicalLabels(labels)
    const key = `${metric}\u0000${canon}`
    const known = this.handles.get(key)
    if (known !== undefined) return known
    let id = this.findSeries.get(metric, canon) as number | undefined
    if (id === undefined) {
      const n = normaliseLabels(labels)
      id = Number(
        this.insertSeries.run(this.snapshotId, metric, canon, n.gpuUuid, n.gpuModel, n.host, n.namespace, n.pod, n.team, n.project)
          .lastInsertRowid,
      )
    }
    const h = this.states.length
    this.states.push({ id, lastTs: -Infinity, firstTs: Infinity, samples: 0, acc: [null, null, null] })
    this.metrics.push(detach(metric))
    this.handles.set(detach(key), h)
    return h
  }

  /** One sample; `ts` in epoch ms. Non-finite values and DCGM blanks are skipped and counted in the warnings. */
  add(handle: number, ts: number, value: number): void {
    if (!Number.isFinite(value)) {
      this.nonFinite++
      return
    }
    const s = this.states[handle] as SeriesState
    if (isDcgmBlank(this.metrics[handle] as string, value)) {
      this.blanks++
      return
    }
    if (ts > s.lastTs) {
      // In order for this series: unique within the snapshot by construction → batched fast path.
      s.lastTs = ts
      const p = this.pending
      p.push(s.id, ts, this.snapshotId, value)
      if (++this.pendingRows === BATCH_ROWS) this.flushSamples()
    } else {
      this.flushSamples()
      if (this.insertOne.run(s.id, ts, this.snapshotId, value).changes === 0) {
        this.duplicates++
        return
      }
    }
    if (ts < s.firstTs) s.firstTs = ts
    s.samples++
    this.samples++
    if (ts < this.minTs) this.minTs = ts
    if (ts > this.maxTs) this.maxTs = ts
    const bucket = ts - (((ts % FIVE_MIN) + FIVE_MIN) % FIVE_MIN)
    const a = s.acc[0] as Acc | null
    if (a !== null && a.bucket === bucket) {
      a.sum += value
      a.count++
      if (value < a.min) a.min = value
      if (value > a.max) a.max = value
    } else {
      if (a !== null) this.closeBucket(s, 0, a)
      s.acc[0] = { bucket, sum: value, min: value, max: value, count: 1 }
    }
  }

  get sampleCount(): number {
    return this.samples
  }

  /**
   * Writes a closed bucket of level `l` and folds it into the open bucket of level l + 1 (exact: sums,
   * counts, min and max merge). A bucket written twice (out-of-order input) merges in the upsert.
   */
  private closeBucket(s: SeriesState, l: number, a: Acc): void {
    const p = this.pendingRollups[l] as number[]
    p.push(s.id, a.bucket, this.snapshotId, a.sum / a.count, a.min, a.max, a.count)
    if (p.length === ROLLUP_BATCH_ROWS * 7) this.flushRollups(l)
    const next = l + 1
    if (next >= LEVELS.length) return
    const width = (LEVELS[next] as { ms: number }).ms
    const bucket = a.bucket - (((a.bucket % width) + width) % width)
    const up = s.acc[next] as Acc | null
    if (up !== null && up.bucket === bucket) {
      up.sum += a.sum
      up.count += a.count
      if (a.min < up.min) up.min = a.min
      if (a.max > up.max) up.max = a.max
    } else {
      if (up !== null) this.closeBucket(s, next, up)
      s.acc[next] = { bucket, sum: a.sum, min: a.min, max: a.max, count: a.count }
    }
  }

  private flushRollups(l: number): void {
    const p = this.pendingRollups[l] as number[]
    if (p.length === ROLLUP_BATCH_ROWS * 7) (this.upsertBatch[l] as Statement).run(p)
    else for (let i = 0; i < p.length; i += 7) (this.upsertOne[l] as Statement).run(p.slice(i, i + 7))
    p.length = 0
  }

  private flushSamples(): void {
    if (this.pendingRows === 0) return
    if (this.pendingRows === BATCH_ROWS) this.insertBatch.run(this.pending)
    else {
      const p = this.pending
      for (let i = 0; i < p.length; i += 4) this.insertOne.run(p[i], p[i + 1], p[i + 2], p[i + 3])
    }
    this.pending.length = 0
    this.pendingRows = 0
  }

  /** Writes what is still buffered (samples, open rollup buckets, per-series counts) and returns the totals. */
  finish(): WriterStats {
    this.flushSamples()
    const link = this.db.prepare('INSERT INTO snapshot_series (snapshot_id, series_id, samples, first_ts, last_ts) VALUES (?,?,?,?,?)')
    let series = 0
    for (const s of this.states) {
      for (let l = 0; l < LEVELS.length; l++) {
        const a = s.acc[l]
        s.acc[l] = null
        if (a) this.closeBucket(s, l, a)
      }
      if (s.samples > 0) {
        link.run(this.snapshotId, s.id, s.samples, s.firstTs, s.lastTs)
        series++
      }
    }
    for (let l = 0; l < LEVELS.length; l++) this.flushRollups(l)
    // A series row created by this snapshot but left without samples (all blank) is not kept.
    this.db.prepare('DELETE FROM series WHERE snapshot_id = ? AND id NOT IN (SELECT series_id FROM snapshot_series)').run(this.snapshotId)
    const w = [...this.warnings]
    if (this.nonFinite) w.push(`${this.nonFinite} sample${this.nonFinite > 1 ? 's' : ''} with NaN or ±Inf skipped (no reading).`)
    if (this.blanks) w.push(`${this.blanks} DCGM "blank" sentinel value${this.blanks > 1 ? 's' : ''} (field not supported / no data) skipped.`)
    if (this.duplicates) w.push(`${this.duplicates} duplicate sample${this.duplicates > 1 ? 's' : ''} (same series and timestamp) ignored; the first value was kept.`)
    return {
      series,
      samples: this.samples,
      minTs: this.samples ? this.minTs : null,
      maxTs: this.samples ? this.maxTs : null,
      warnings: w,
    }
  }
}
