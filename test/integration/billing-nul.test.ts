/**
 * NUL bytes (\0) in Parquet and JSON billing sources are handled as in CSV: removed from the text they sit in
 * and said in a counted warning with the first row / line; the totals are those of the file without them.
 */
import Database from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { pythonCsvRows, writeParquet } from '../helpers/billing-fixtures'
import { pythonColumnSum } from '../helpers/python-csv'
import { FOCUS_SAMPLE } from '../helpers/tmp'

let t: TestBackend | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

function q(sql: string, ...args: unknown[]): Record<string, unknown>[] {
  const db = new Database((t as TestBackend).workspacePath, { readonly: true })
  try {
    return db.prepare(sql).all(...args) as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

async function importOne(file: string) {
  const [o] = await (t as TestBackend).call('billing-import', { files: [{ ref: file }] })
  if (!o) throw new Error('no outcome')
  return o
}

/** A GCP billing export line (documented BigQuery schema), `i` varying the hour and cost. */
function gcpLine(i: number, description: string): Record<string, unknown> {
  return {
    billing_account_id: '01ABCD-234567-89EFGH',
    service: { id: '6F81-5844-456A', description: 'Compute Engine' },
    sku: { id: 'E2C7-6B5B-1CF4', description },
    usage_start_time: `2024-09-01 ${String(i).padStart(2, '0')}:00:00 UTC`,
    usage_end_time: `2024-09-01 ${String(i).padStart(2, '0')}:59:59 UTC`,
    project: { id: 'atlas-train', name: 'Atlas training' },
    location: { location: 'us-central1', region: 'us-central1', zone: 'us-central1-a' },
    cost: 10 + i,
    currency: 'USD',
    invoice: { month: '202409' },
    cost_type: 'regular',
  }
}

describe('NUL bytes in Parquet and JSON billing files', () => {
  it('Parquet: NULs inside string values are removed, counted by row, and every row imports', async () => {
    t = await emptyBackend()
    const { header, rows } = pythonCsvRows(FOCUS_SAMPLE)
    const d = header.indexOf('ChargeDescription')
    const r3 = rows[2] as string[]
    const r7 = rows[6] as string[]
    r3[d] = 'H100\u0000 GPU hours'
    r7[d] = '\u0000\u0000Storage'
    const pq = join(t.dir, 'focus-nul.parquet')
    writeParquet(pq, header, rows, { BilledCost: 'DOUBLE' }, 400)
    const o = await importOne(pq)
    expect(o.snapshot.rows).toBe(1000)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'BilledCost'), 9)
    expect(o.snapshot.warnings).toContain('NUL bytes (\\0) removed from text fields on 2 rows (first at row 3).')
    const got = q(`SELECT source_line, ChargeDescription d FROM billing_line WHERE source_line IN (3, 7) ORDER BY source_line`)
    expect(got).toEqual([
      { source_line: 3, d: 'H100 GPU hours' },
      { source_line: 7, d: 'Storage' },
    ])
    expect(Number(q(`SELECT count(*) n FROM billing_line WHERE instr(ChargeDescription, char(0)) > 0`)[0]?.n)).toBe(0)
  })

  it('NDJSON: raw NUL bytes are removed with the lines they were on; escaped \\u0000 in values is counted by row', async () => {
    t = await emptyBackend()
    const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify(gcpLine(i, 'Nvidia H100 80GB GPU running in Americas')))
    // Raw NULs (not valid JSON anywhere): inside a string on line 2, between tokens on line 9.
    lines[1] = (lines[1] as string).replace('Nvidia H100', 'Nvidia\u0000 H100')
    lines[8] = (lines[8] as string).replace('"cost":', '\u0000"cost":')
    const raw = join(t.dir, 'gcp-raw-nul.json')
    writeFileSync(raw, lines.join('\n') + '\n')
    const expected = Array.from({ length: 12 }, (_, i) => 10 + i).reduce((a, b) => a + b, 0)
    const a = await importOne(raw)
    expect(a.snapshot.rows).toBe(12)
    expect(a.snapshot.totalBilledCost).toBeCloseTo(expected, 9)
    expect(a.snapshot.warnings).toContain('NUL bytes (\\0) inside text fields on 2 lines (first at line 2): removed.')

    // The same charges with the NUL written as JSON's escape (a value that really contains U+0000), row 5.
    t = await emptyBackend()
    const escaped = Array.from({ length: 12 }, (_, i) => JSON.stringify(gcpLine(i, i === 4 ? 'Nvidia H100\u0000 80GB GPU running in Americas' : 'Nvidia H100 80GB GPU running in Americas')))
    expect(escaped[4]).toContain('\\u0000')
    const esc = join(t.dir, 'gcp-escaped-nul.json')
    writeFileSync(esc, escaped.join('\n') + '\n')
    const b = await importOne(esc)
    expect(b.snapshot.rows).toBe(12)
    expect(b.snapshot.totalBilledCost).toBeCloseTo(expected, 9)
    expect(b.snapshot.warnings).toContain('NUL bytes (\\0) removed from text fields on 1 row (first at row 5).')
    expect(Number(q(`SELECT count(*) n FROM billing_line WHERE instr(SkuMeter, char(0)) > 0 OR instr(ChargeDescription, char(0)) > 0`)[0]?.n)).toBe(0)
  })
})
