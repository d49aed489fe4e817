/**
 * The SQLite side of a billing import: one transaction per snapshot, rows inserted from encoded batches.
 *
 * Parsing and inserting each cost about the same CPU, so large files are written by a thread of their own
 * (billing-writer-thread.ts) while the import's thread keeps parsing: the two overlap on two cores. Small
 * files are written inline on the import's connection (a thread costs more to start than they take).
 * Both paths run this same class; only the transport differs.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { ApiError, type ApiErrorShape } from '../../../shared/errors'
import type { Statement } from 'better-sqlite3'
import { openConnection, type Db } from '../../db/open'
import { besideModule, threadEntry } from '../../jobs/thread-entry'
import { resolveOverlaps, type BillingFinish } from './billing-overlap'
import { abortSnapshot, beginSnapshot, commitSnapshot, type SnapshotCommit, type SnapshotSummary } from '../../workspace/snapshots'
import { forEachRow, type RowBatch } from './billing-batch'

/** A billing snapshot's summary: the file name (for messages) and what it covers, for the overlap check. */
export type BillingSummary = SnapshotSummary & { fileName?: string; billing?: BillingFinish }

export interface WriterBegin {
  /** Size of the file: decides whether billing_line's indexes are rebuilt once instead of per row. */
  fileBytes: number
  format: string
  fileName: string
  importedAt: string
  /** Quoted column names after snapshot_id, in the order the batches carry the values. */
  columns: string[]
  /** NUM / STR per column (billing-batch.ts). */
  kinds: Uint8Array
}

/** Bytes per billing row below which a file surely has fewer rows than its size suggests (the FOCUS sample: ~750). */
const MIN_BYTES_PER_ROW = 150

export interface WriterOptions {
  /**
   * Leave the WAL for `checkpoint()` after the reply instead of copying it into the database inside COMMIT
   * (SQLite's auto-checkpoint): the import is visible as soon as it commits, and the copy (~0.6 s per 200k
   * FOCUS rows) no longer holds it up.
   */
  deferCheckpoint?: boolean
}

export class BillingWriter {
  private stmt: Statement<unknown[]> | null = null
  private kinds: Uint8Array = new Uint8Array(0)
  private params: unknown[] = []
  private readonly dict: string[] = []
  private deferred: string[] = []
  private snapshotId = 0

  constructor(
    private readonly db: Db,
    private readonly opts: WriterOptions = {},
  ) {}

  /** Opens the transaction and the snapshot row; returns how many indexes will be rebuilt at the end. */
  begin(b: WriterBegin): number {
    const db = this.db
    // A bigger page cache keeps index pages in memory instead of spilling them to the WAL again and again
    // (measured −10 % CPU on 1M rows); the writer only inserts snapshot ids it created in this transaction,
    // so the per-row foreign-key probe is skipped (SQLite ignores this pragma inside a transaction).
    db.pragma('cache_size = -131072')
    db.pragma('foreign_keys = OFF')
    if (this.opts.deferCheckpoint) db.pragma('wal_autocheckpoint = 0')
    this.snapshotId = beginSnapshot(db, { kind: 'billing', format: b.format, fileName: b.fileName, importedAt: b.importedAt })
    this.deferred = deferIndexes(db, b.fileBytes)
    this.stmt = db.prepare<unknown[]>(`INSERT INTO billing_line (snapshot_id, ${b.columns.join(', ')}) VALUES (${new Array(b.columns.length + 1).fill('?').join(', ')})`)
    this.kinds = b.kinds
    this.params = new Array<unknown>(b.columns.length + 1).fill(null)
    this.params[0] = this.snapshotId
    return this.deferred.length
  }

  insert(batch: RowBatch): void {
    const stmt = this.stmt
    if (!stmt) throw new Error('billing writer: insert before begin')
    // Spread, not an array: better-sqlite3 reads an array argument element by element through the V8 API,
    // which costs ~5 µs more per 51-column row (measured).
    forEachRow(batch, this.kinds, this.dict, this.params, 1, (p) => stmt.run(...p))
  }

  /** A file already imported rolls back; otherwise the snapshot summary is written and everything commits. */
  finish(f: BillingSummary): SnapshotCommit {
    const db = this.db
    const r = commitSnapshot(db, this.snapshotId, f, () => {
      // Double counting across snapshots (and Azure actual + amortized pairs): may refuse, replace or pair.
      if (f.billing) {
        const notes = resolveOverlaps(db, this.snapshotId, f.fileName ?? '', f.billing)
        if (notes.length > 0) {
          db.prepare('UPDATE snapshot SET warnings_json = ? WHERE id = ?').run(JSON.stringify([...f.warnings, ...notes]), this.snapshotId)
        }
      }
      for (const sql of this.deferred) db.exec(sql)
    })
    db.pragma('foreign_keys = ON')
    return r
  }

  abort(): void {
    abortSnapshot(this.db)
    this.db.pragma('foreign_keys = ON')
  }

  /** Copies the committed WAL into the database without blocking readers (after `deferCheckpoint`). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)')
    this.db.pragma('wal_autocheckpoint = 1000')
  }
}

/**
 * Bulk-load path: when a file brings more rows than the workspace holds, billing_line's indexes
 * (ChargePeriodStart, BilledCost, accelerator, and any added later) are dropped inside the import's
 * transaction and rebuilt (one sort each) just before COMMIT — cheaper than a random B-tree insert per row
 * (measured −20 % SQLite CPU on 1M rows). A rollback (error, cancel, crash) restores them with everything
 * else. Indexes led by snapshot_id stay: the new snapshot has the highest id, so its entries are appended at
 * the index's end (as cheap as rebuilding, and it saves a scan of the whole table at COMMIT, when nothing
 * else can run beside it). Returns the CREATE statements to run before COMMIT.
 */
function deferIndexes(db: Db, fileBytes: number): string[] {
  const existing = (db.prepare(`SELECT coalesce(sum(rows), 0) n FROM snapshot WHERE kind = 'billing'`).get() as { n: number }).n
  if (fileBytes / MIN_BYTES_PER_ROW < Math.max(existing, 10_000)) return []
  const idx = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'billing_line' AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[]
  const leadingColumn = db.prepare<[string]>('SELECT name FROM pragma_index_info(?) WHERE seqno = 0')
  const dropped = idx.filter((i) => (leadingColumn.get(i.name) as { name: string | null } | undefined)?.name !== 'snapshot_id')
  for (const i of dropped) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`)
  return dropped.map((i) => i.sql)
}

/** The import's view of the writer, whichever thread it runs on. */
export interface RowStore {
  begin(b: WriterBegin): Promise<number>
  /** Queues a batch; errors surface from `ready` or `finish`. */
  insert(batch: RowBatch): void
  /** Resolves when few enough batches wait (bounded memory); rejects with the writer's error if it failed. */
  ready(): Promise<void>
  finish(f: BillingSummary): Promise<SnapshotCommit>
  /** Rolls back (if anything was begun) and releases the writer. */
  abort(): Promise<void>
}

/** Same thread, same connection as the import. */
export class InlineStore implements RowStore {
  private readonly w: BillingWriter
  private begun = false

  constructor(db: Db) {
    this.w = new BillingWriter(db)
  }

  begin(b: WriterBegin): Promise<number> {
    this.begun = true
    return Promise.resolve(this.w.begin(b))
  }

  insert(batch: RowBatch): void {
    this.w.insert(batch)
  }

  ready(): Promise<void> {
    return Promise.resolve()
  }

  finish(f: BillingSummary): Promise<SnapshotCommit> {
    return Promise.resolve(this.w.finish(f))
  }

  abort(): Promise<void> {
    if (this.begun) this.w.abort()
    return Promise.resolve()
  }
}

/** Messages to the writer thread; each gets one reply `{ id, ok, value | error }` in order. */
export type WriterMessage =
  | { id: number; op: 'begin'; begin: WriterBegin }
  | { id: number; op: 'insert'; batch: RowBatch }
  | { id: number; op: 'finish'; finish: BillingSummary }
  | { id: number; op: 'abort' }

export type WriterReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ApiErrorShape | { message: string } }

/** Batches allowed in flight before the parser waits: ~6 MB of rows. */
const MAX_IN_FLIGHT = 4

/** A writer thread with its own connection to the workspace file. */
export class ThreadedStore implements RowStore {
  private readonly worker: Worker
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>()
  private inFlight = 0
  private failure: Error | null = null
  private waiter: (() => void) | null = null
  private closed = false

  constructor(workspacePath: string) {
    const entry = threadEntry('billing-writer', besideModule(import.meta.url, 'billing-writer-thread.ts'), 'worker')
    this.worker = new Worker(entry.filename, { execArgv: entry.execArgv, eval: entry.eval, workerData: { workspacePath } })
    this.worker.on('message', (r: WriterReply) => this.reply(r))
    this.worker.on('error', (err: Error) => this.fail(err))
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`billing writer thread exited (code ${code})`))
    })
  }

  private reply(r: WriterReply): void {
    const p = this.pending.get(r.id)
    this.pending.delete(r.id)
    if (r.ok) p?.resolve(r.value)
    else {
      // Any writer error ends the import: later batches would only pile up behind it.
      const e = 'code' in r.error ? new ApiError(r.error) : new Error(r.error.message)
      p?.reject(e)
      this.fail(e)
    }
  }

  private fail(err: Error): void {
    this.failure ??= err
    for (const p of this.pending.values()) p.reject(this.failure)
    this.pending.clear()
    this.inFlight = 0
    this.wake()
  }

  private wake(): void {
    const w = this.waiter
    this.waiter = null
    w?.()
  }

  private send<T>(msg: WriterMessage, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<T>((resolve, reject) => {
      this.pending.set(msg.id, { resolve: resolve as (v: unknown) => void, reject })
      this.worker.postMessage(msg, transfer)
    })
  }

  begin(b: WriterBegin): Promise<number> {
    return this.send<number>({ id: this.nextId++, op: 'begin', begin: b })
  }

  insert(batch: RowBatch): void {
    if (this.failure) return
    this.inFlight++
    this.send({ id: this.nextId++, op: 'insert', batch }, [batch.nums.buffer as ArrayBuffer, batch.lens.buffer as ArrayBuffer, batch.refs.buffer as ArrayBuffer]).then(
      () => {
        this.inFlight--
        if (this.inFlight < MAX_IN_FLIGHT) this.wake()
      },
      () => undefined, // the failure is kept and reported by ready() / finish()
    )
  }

  async ready(): Promise<void> {
    while (!this.failure && this.inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (this.waiter = r))
    if (this.failure) throw this.failure
  }

  async finish(f: SnapshotSummary): Promise<SnapshotCommit> {
    try {
      const r = await this.send<SnapshotCommit>({ id: this.nextId++, op: 'finish', finish: f })
      // The thread checkpoints the WAL after replying, then ends by itself: let it, without waiting.
      this.closed = true
      this.worker.unref()
      return r
    } finally {
      await this.close()
    }
  }

  async abort(): Promise<void> {
    if (this.closed) return
    if (!this.failure) await this.send({ id: this.nextId++, op: 'abort' }).catch(() => undefined)
    await this.close()
  }

  private async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.worker.terminate()
  }
}

/** Files from this size on are written by a thread of their own (~13k FOCUS rows). */
export const THREADED_WRITER_BYTES = 10 << 20

/**
 * The writer for one import: a thread of its own for large files when there is a second core to run it on
 * (on one core the hand-over would only add work); `FLEETPLAN_IMPORT_WRITER=inline` forces one thread.
 */
export function openRowStore(db: Db, fileBytes: number, threaded?: boolean): RowStore {
  const useThread =
    threaded ?? (fileBytes >= THREADED_WRITER_BYTES && availableParallelism() >= 2 && process.env.FLEETPLAN_IMPORT_WRITER !== 'inline')
  return useThread ? new ThreadedStore(db.name) : new InlineStore(db)
}

/** The writer thread's side: one connection, one BillingWriter, messages handled in order. */
export function serveWriter(workspacePath: string, post: (r: WriterReply) => void, done: () => void): (m: WriterMessage) => void {
  let db: Db | null = null
  let w: BillingWriter | null = null
  return (m) => {
    try {
      let value: unknown = null
      if (m.op === 'begin') {
        db = openConnection(workspacePath)
        w = new BillingWriter(db, { deferCheckpoint: true })
        value = w.begin(m.begin)
      } else if (!w) throw new Error(`billing writer: ${m.op} before begin`)
      else if (m.op === 'insert') w.insert(m.batch)
      else if (m.op === 'finish') value = w.finish(m.finish)
      else w.abort()
      post({ id: m.id, ok: true, value })
    } catch (err) {
      post({ id: m.id, ok: false, error: err instanceof ApiError ? err.toShape() : { message: (err as Error)?.message ?? String(err) } })
    }
    if ((m.op === 'finish' || m.op === 'abort') && db) {
      // After the reply: the import is done (or undone) whatever the checkpoint does; SQLite retries it later.
      try {
        if (m.op === 'finish') w?.checkpoint()
      } finally {
        db.close()
        db = null
        w = null
        done()
      }
    }
  }
}
