import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, describeError } from '../../shared/errors'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { sampleLines } from '../helpers/focus-files'
import { FOCUS_SAMPLE, tempDir } from '../helpers/tmp'

let t: TestBackend
let cleanup: (() => void) | undefined
afterEach(async () => {
  await t?.close()
  cleanup?.()
})

async function importFailure(files: string[]): Promise<ApiError> {
  try {
    await t.call('billing-import', { files: files.map((ref) => ({ ref })) })
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('the import should have failed')
}

describe('a multi-file import reports every file', () => {
  it('goes on past two bad files, keeps the good one, and names each problem once', async () => {
    t = await emptyBackend()
    const tmp = tempDir()
    cleanup = tmp.cleanup
    const { header, rows } = sampleLines()
    // A header without BilledCost and ChargePeriodStart: not a FOCUS file.
    const cols = header.split(',')
    const keep = cols.map((c, i) => (/^"?(BilledCost|ChargePeriodStart)"?$/.test(c) ? -1 : i)).filter((i) => i >= 0)
    const noCost = join(tmp.dir, 'no-cost.csv')
    writeFileSync(noCost, `${keep.map((i) => cols[i]).join(',')}\n`)
    // A FOCUS file whose third row ends in the middle of a quoted field.
    const cut = join(tmp.dir, 'cut.csv')
    writeFileSync(cut, `${header}\n${rows[0]}\n${rows[1]}\n"unterminated`)

    const e = await importFailure([noCost, FOCUS_SAMPLE, cut])
    expect(e.files?.map((f) => [f.file, f.status])).toEqual([
      ['no-cost.csv', 'failed'],
      ['focus-1.0-sample-1000.csv', 'imported'],
      ['cut.csv', 'failed'],
    ])
    expect(e.message).toBe('2 files of 3 could not be imported (no-cost.csv, cut.csv). 1 file was imported and stays (focus-1.0-sample-1000.csv).')
    expect(e.files?.[0]?.message).toMatch(/missing mandatory columns (BilledCost, ChargePeriodStart|ChargePeriodStart, BilledCost)/)
    expect(e.files?.[2]?.message).toMatch(/line \d+/)
    expect(e.files?.[1]?.rows).toBe(1000)

    // Text for a person: every file once, the missing columns once, no code.
    const text = describeError(e.toShape())
    expect(text.match(/BilledCost/g)).toHaveLength(1)
    for (const f of ['no-cost.csv', 'focus-1.0-sample-1000.csv', 'cut.csv']) expect(text).toContain(f)
    expect(text).not.toMatch(/bad-file/)

    const snapshots = await t.call('snapshot-list', {})
    expect(snapshots.map((s) => s.fileName)).toEqual(['focus-1.0-sample-1000.csv'])
  })

  it('a single bad file keeps its own error, as before', async () => {
    t = await emptyBackend()
    const tmp = tempDir()
    cleanup = tmp.cleanup
    const empty = join(tmp.dir, 'empty.csv')
    writeFileSync(empty, '')
    const e = await importFailure([empty])
    expect(e.files).toBeUndefined()
    expect(e.message).toContain('empty.csv')
  })
})
