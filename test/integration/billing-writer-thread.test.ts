/**
 * Large billing files are parsed on one thread and written by another (main/ingest/billing/billing-writer.ts), with
 * forwarded text columns cut straight out of the CSV text. These tests check that what lands in SQLite is
 * exactly what Python's csv module reads from the same file (awkward text included), that the threaded and
 * the inline writer store the same rows, and that a failing writer thread fails the import cleanly.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openConnection } from '../../main/db/open'
import { importBillingFile } from '../../main/ingest/billing/billing-import'
import { THREADED_WRITER_BYTES, ThreadedStore } from '../../main/ingest/billing/billing-writer'
import { NUM, STR } from '../../main/ingest/billing/billing-batch'
import type { ImportOutcome } from '../../shared/types'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { pythonCsvRows, pythonWriteCsv, writeParquet } from '../helpers/billing-fixtures'
import { pythonColumnSum } from '../helpers/python-csv'
import { FOCUS_SAMPLE } from '../helpers/tmp'

const open: TestBackend[] = []
afterEach(async () => {
  for (const b of open.splice(0)) await b.close()
})
async function backend(): Promise<TestBackend> {
  const b = await emptyBackend()
  open.push(b)
  return b
}

/** Values no CSV reader gets right by accident: quotes, separators, line breaks, astral characters, long text. */
const AWKWARD = [
  'a "quoted" word',
  'comma, inside',
  'line\nbreak and\r\ncrlf',
  'emoji 🏿😀 and 中文 and é',
  '  spaced  ',
  'x'.repeat(5000),
  '"',
  ',',
  'ends with quote"',
]
const TEXT_COLUMNS = ['ResourceName', 'ChargeDescription', 'SubAccountName', 'RegionName', 'ServiceName', 'SkuId']

/** ~16k rows (over the threaded-writer threshold) from the real sample, with awkward text in some cells. */
function writeAwkward(file: string, quoting: 'minimal' | 'all'): void {
  const { header, rows } = pythonCsvRows(FOCUS_SAMPLE)
  const out: string[][] = []
  for (let rep = 0; rep < 16; rep++) {
    rows.forEach((r, i) => {
      // The sample writes NULL unquoted; quoted, "NULL" would be text, so the all-quoted variant leaves it empty.
      const row = quoting === 'all' ? r.map((v) => (v === 'NULL' ? '' : v)) : [...r]
      if ((i + rep) % 7 === 0) {
        for (const [k, col] of TEXT_COLUMNS.entries()) {
          row[header.indexOf(col)] = AWKWARD[(i + rep + k) % AWKWARD.length] as string
        }
      }
      out.push(row)
    })
  }
  pythonWriteCsv(file, header, out, quoting)
}

function columnValues(ws: string, snapshotId: number, col: string): (string | null)[] {
  const db = openConnection(ws, { readonly: true })
  try {
    return (db.prepare(`SELECT "${col}" v FROM billing_line WHERE snapshot_id = ? ORDER BY rowid`).all(snapshotId) as { v: string | null }[]).map((r) => r.v)
  } finally {
    db.close()
  }
}

describe('large billing files through the writer thread', () => {
  for (const quoting of ['minimal', 'all'] as const) {
    it(`stores every text cell as Python's csv module reads it (${quoting} quoting)`, async () => {
      const b = await backend()
      const file = join(b.dir, `awkward-${quoting}.csv`)
      writeAwkward(file, quoting)
      expect(statSync(file).size).toBeGreaterThanOrEqual(THREADED_WRITER_BYTES)
      const [outcome] = await b.call('billing-import', { files: [{ ref: file }] })
      const snap = (outcome as ImportOutcome).snapshot
      const { header, rows } = pythonCsvRows(file)
      expect(snap.rows).toBe(rows.length)
      expect(snap.totalBilledCost).toBeCloseTo(pythonColumnSum(file, 'BilledCost'), 6)
      // The importer stores '' and unquoted NULL as NULL; Python writes '' for both.
      for (const col of TEXT_COLUMNS) {
        const expected = rows.map((r) => {
          const v = r[header.indexOf(col)] as string
          return v === '' || v === 'NULL' ? null : v
        })
        expect(columnValues(b.workspacePath, snap.id, col), col).toEqual(expected)
      }
    }, 120_000)
  }

  it('the writer thread and the inline writer store identical rows', async () => {
    const a = await backend()
    const c = await backend()
    const file = join(a.dir, 'awkward.csv')
    writeAwkward(file, 'minimal')
    const dump = (ws: string): string[] => {
      const db = openConnection(ws, { readonly: true })
      try {
        return (db.prepare('SELECT * FROM billing_line ORDER BY rowid').raw().all() as unknown[][]).map((r) => JSON.stringify(r))
      } finally {
        db.close()
      }
    }
    for (const [t, opts] of [
      [a, { writerThread: true }],
      [c, { writerThread: false, forwardVerbatim: false }],
    ] as const) {
      const db = openConnection(t.workspacePath)
      try {
        const r = await importBillingFile(db, { path: file, fileName: 'awkward.csv', ...opts }, () => undefined)
        expect(r.status).toBe('imported')
      } finally {
        db.close()
      }
    }
    const threaded = dump(a.workspacePath)
    expect(threaded.length).toBe(16_000)
    expect(threaded).toEqual(dump(c.workspacePath))
  }, 120_000)

  it('Parquet through the writer thread: identical rows to the inline writer, total as Python sums it', async () => {
    const a = await backend()
    const c = await backend()
    const csv = join(a.dir, 'awkward.csv')
    writeAwkward(csv, 'minimal')
    const { header, rows } = pythonCsvRows(csv)
    const pq = join(a.dir, 'awkward.parquet')
    const decimals = ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost', 'ListUnitPrice', 'ContractedUnitPrice', 'ConsumedQuantity', 'PricingQuantity']
    writeParquet(pq, header, rows, { ...Object.fromEntries(decimals.map((d) => [d, 'DOUBLE'])), Tags: 'JSON' }, 4000)
    const dumps: string[][] = []
    for (const [t, threaded] of [
      [a, true],
      [c, false],
    ] as const) {
      const db = openConnection(t.workspacePath)
      try {
        const r = await importBillingFile(db, { path: pq, fileName: 'awkward.parquet', writerThread: threaded }, () => undefined)
        expect(r.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(csv, 'BilledCost'), 6)
        dumps.push((db.prepare('SELECT * FROM billing_line ORDER BY rowid').raw().all() as unknown[][]).map((x) => JSON.stringify(x)))
      } finally {
        db.close()
      }
    }
    expect(dumps[0]?.length).toBe(rows.length)
    expect(dumps[0]).toEqual(dumps[1])
  }, 120_000)

  it('a writer thread that fails fails the import with its error and leaves no snapshot', async () => {
    const b = await backend()
    const store = new ThreadedStore(b.workspacePath)
    const begun = store.begin({
      fileBytes: 1,
      format: 'focus-1.0-csv',
      fileName: 'x.csv',
      importedAt: new Date().toISOString(),
      columns: ['source_line', '"NoSuchColumn"'],
      kinds: Uint8Array.from([NUM, STR]),
    })
    await expect(begun).rejects.toThrow(/NoSuchColumn/)
    await expect(store.ready()).rejects.toThrow(/NoSuchColumn/)
    await store.abort()
    const db = openConnection(b.workspacePath, { readonly: true })
    try {
      expect(db.prepare('SELECT count(*) n FROM snapshot').get()).toEqual({ n: 0 })
      expect(db.inTransaction).toBe(false)
    } finally {
      db.close()
    }
  })
})
