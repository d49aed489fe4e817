import Database from 'better-sqlite3'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { sampleLines, writeLargeFocus, writeWithCell } from '../helpers/focus-files'
import { pythonColumnSum, pythonRowCount } from '../helpers/python-csv'
import { FOCUS_SAMPLE, REPO_ROOT } from '../helpers/tmp'

let t: TestBackend
afterEach(async () => t?.close())

async function importError(file: string): Promise<ApiError> {
  try {
    await t.call('billing-import', { files: [{ ref: file }] })
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('import should have failed')
}

function counts(): { snapshots: number; lines: number } {
  const db = new Database(t.workspacePath, { readonly: true })
  const s = db.prepare('SELECT (SELECT count(*) FROM snapshot) AS snapshots, (SELECT count(*) FROM billing_line) AS lines').get() as {
    snapshots: number
    lines: number
  }
  db.close()
  return s
}

describe('FOCUS CSV import (real sample)', () => {
  it('imports every row, with totals equal to an independent sum of the file', async () => {
    t = await emptyBackend()
    const [outcome] = await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    expect(outcome?.status).toBe('imported')
    expect(outcome?.snapshot.rows).toBe(pythonRowCount(FOCUS_SAMPLE))
    expect(outcome?.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'BilledCost'), 9)
    expect(outcome?.snapshot.format).toBe('focus-1.0-csv')
    expect(outcome?.snapshot.periodStart).toBe('2024-09-01T00:00:00Z')

    const byProvider = await t.call('cost-query', { by: ['ProviderName'], metric: 'EffectiveCost' })
    for (const provider of ['AWS', 'Microsoft', 'Oracle']) {
      const row = byProvider.rows.find((r) => r.keys.ProviderName === provider)
      expect(row?.cost).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'EffectiveCost', { column: 'ProviderName', equals: provider }), 9)
    }
    // The sample's Oracle rows leave ContractedCost empty: kept, with a warning rather than a rejected file.
    expect(outcome?.snapshot.warnings.join(' ')).toMatch(/ContractedCost is empty on 7 rows/)
  })

  it('keeps tags as JSON and the non-FOCUS Id column in x_extra', async () => {
    t = await emptyBackend()
    await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    const db = new Database(t.workspacePath, { readonly: true })
    const row = db.prepare(`SELECT "Tags", x_extra, team FROM billing_line WHERE "Tags" LIKE '%ViennaAI%' LIMIT 1`).get() as {
      Tags: string
      x_extra: string
      team: string
    }
    db.close()
    expect(JSON.parse(row.Tags)).toMatchObject({ business_unit: 'ViennaAI' })
    expect(JSON.parse(row.x_extra)).toHaveProperty('Id')
    expect(row.team).toBe('ViennaAI')
  })

  it('treats re-importing the same file as a no-op, even under another name', async () => {
    t = await emptyBackend()
    await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    const copy = join(t.dir, 'renamed.csv')
    copyFileSync(FOCUS_SAMPLE, copy)
    const [again] = await t.call('billing-import', { files: [{ ref: copy }] })
    expect(again?.status).toBe('duplicate')
    expect(counts()).toEqual({ snapshots: 1, lines: 1000 })
  })

  it('derives accelerator type and count from instance types of the demo month', async () => {
    t = await emptyBackend()
    await t.call('billing-import', { files: [{ ref: join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv') }] })
    const r = await t.call('cost-query', { by: ['AcceleratorType'] })
    const types = r.rows.map((x) => x.keys.AcceleratorType).sort()
    expect(types).toEqual(['H100', 'H200', 'MI300X'])
  })
})

describe('bad input: a clear error naming file, line and column, and nothing written', () => {
  it('truncated file (ends inside a quoted field)', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'truncated.csv')
    const text = readFileSync(FOCUS_SAMPLE, 'utf8')
    const lines = text.split('\n')
    const cut = `${lines.slice(0, 11).join('\n')}\n${(lines[11] ?? '').slice(0, 200)}`
    writeFileSync(file, cut)
    const e = await importError(file)
    expect(e.code).toBe('bad-file')
    expect(e.message).toMatch(/truncated\.csv/)
    expect(e.problems?.[0]).toMatchObject({ file: 'truncated.csv', line: 12 })
    expect(counts()).toEqual({ snapshots: 0, lines: 0 })
  })

  it('truncated file (last row cut short between fields)', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'short.csv')
    const { header, rows } = sampleLines()
    const last = (rows[5] ?? '').split(',').slice(0, 10).join(',')
    writeFileSync(file, [header, ...rows.slice(0, 5), last].join('\n'))
    const e = await importError(file)
    expect(e.problems?.[0]).toMatchObject({ line: 7 })
    expect(e.problems?.[0]?.message).toMatch(/expected 44 fields/)
    expect(counts()).toEqual({ snapshots: 0, lines: 0 })
  })

  it('mis-quoted field', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'misquoted.csv')
    const line = writeWithCell(file, 20, 'ChargeDescription', '"an "unescaped" quote"')
    const e = await importError(file)
    expect(e.problems?.[0]).toMatchObject({ file: 'misquoted.csv', line })
    expect(e.problems?.[0]?.message).toMatch(/mis-quoted/)
    expect(counts()).toEqual({ snapshots: 0, lines: 0 })
  })

  it('wrong-typed cell', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'wrongtype.csv')
    const line = writeWithCell(file, 499, 'BilledCost', '"twelve dollars"')
    const e = await importError(file)
    expect(e.problems?.[0]).toMatchObject({ file: 'wrongtype.csv', line, column: 'BilledCost' })
    expect(e.problems?.[0]?.message).toMatch(/not a decimal/)
    expect(counts()).toEqual({ snapshots: 0, lines: 0 })
  })

  it('bad date', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'baddate.csv')
    const line = writeWithCell(file, 3, 'ChargePeriodStart', '"18/09/2024 22:00"')
    const e = await importError(file)
    expect(e.problems?.[0]).toMatchObject({ line, column: 'ChargePeriodStart' })
  })

  it('wrong encoding (Latin-1 bytes)', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'latin1.csv')
    const { header, rows } = sampleLines()
    const body = Buffer.from(`${header}\n${rows.slice(0, 30).join('\n')}\n`, 'utf8')
    const bad = Buffer.concat([body, Buffer.from('NULL,0.1,"1","Caf', 'latin1'), Buffer.from([0xe9]), Buffer.from('"\n', 'latin1')])
    writeFileSync(file, bad)
    const e = await importError(file)
    expect(e.message).toMatch(/not valid UTF-8/)
    expect(e.problems?.[0]).toMatchObject({ file: 'latin1.csv', line: 32 })
    expect(counts()).toEqual({ snapshots: 0, lines: 0 })
  })

  it('UTF-16 file', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'utf16.csv')
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]))
    const e = await importError(file)
    expect(e.message).toMatch(/UTF-16/)
  })

  it('not a FOCUS file: names the missing columns', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'other.csv')
    writeFileSync(file, 'date,amount\n2024-09-01,12.5\n')
    const e = await importError(file)
    expect(e.problems?.[0]).toMatchObject({ line: 1 })
    expect(e.message).toMatch(/missing mandatory columns BilledCost/)
  })

  it('lists up to five problems, first one first', async () => {
    t = await emptyBackend()
    const file = join(t.dir, 'many.csv')
    const { header, rows } = sampleLines()
    const broken = rows.slice(0, 20).map((r, i) => (i % 2 === 0 ? r.split(',').slice(0, 5).join(',') : r))
    writeFileSync(file, `${header}\n${broken.join('\n')}\n`)
    const e = await importError(file)
    expect(e.problems?.map((p) => p.line)).toEqual([2, 4, 6, 8, 10])
  })

  it('keeps earlier data intact when a later import fails', async () => {
    t = await emptyBackend()
    await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    const file = join(t.dir, 'bad.csv')
    writeWithCell(file, 10, 'BilledCost', 'abc')
    await importError(file)
    expect(counts()).toEqual({ snapshots: 1, lines: 1000 })
  })
})

describe('long imports', () => {
  it('report progress, and a cancelled import leaves nothing behind', async () => {
    t = await emptyBackend()
    const big = join(t.dir, 'big.csv')
    await writeLargeFocus(big, 150_000)
    const events: PushEvent[] = []
    t.backend.events.subscribe((e) => events.push(e))
    const reply = await t.backend.dispatcher.dispatch('billing-import', { files: [{ ref: big }] })
    if (!reply.ok) throw new Error(reply.error.message)
    const { jobId } = reply.value as { jobId: string }
    // Cancel once the import has visibly started writing rows.
    await new Promise<void>((resolve) => {
      const off = t.backend.events.subscribe((e) => {
        if (e.type === 'job-progress' && e.jobId === jobId && e.step.startsWith('Importing') && e.current > 0) {
          off()
          resolve()
        }
      })
    })
    const c = await t.backend.dispatcher.dispatch('job-cancel', { jobId })
    expect(c).toEqual({ ok: true, value: { cancelled: true } })
    await new Promise<void>((resolve) => {
      const check = () => events.some((e) => e.type === 'job-failed' && e.jobId === jobId)
      if (check()) return resolve()
      const off = t.backend.events.subscribe(() => {
        if (check()) {
          off()
          resolve()
        }
      })
    })
    const failed = events.find((e) => e.type === 'job-failed' && e.jobId === jobId)
    expect(failed).toMatchObject({ error: { code: 'cancelled' } })
    expect(events.filter((e) => e.type === 'job-progress' && e.jobId === jobId).length).toBeGreaterThan(0)
    expect(counts()).toEqual({ snapshots: 0, lines: 0 })
    // The workspace still works: the same file imports in full afterwards.
    const [o] = await t.call('billing-import', { files: [{ ref: big }] })
    expect(o?.snapshot.rows).toBe(150_000)
  })
})
