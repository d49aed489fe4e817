/**
 * The forecast's daily history drops a last day the bill covers only in part (its lines end before midnight),
 * and tells that from what the import kept: once Explore has summed the lines, not one statement reads them.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../../main/db/open'
import { refreshExplore } from '../../main/explore/aggregate'
import { unsummedSnapshots } from '../../main/workspace/cost-day'
import { forecastHistory } from '../../main/workspace/cost-queries'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { dailyFocusRows, writeFocusRows } from '../helpers/focus-rows'

let t: TestBackend | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/** Ten days from 2024-09-01, $100 a day; the last line ends at `lastEnd` (the next midnight when complete). */
async function workspace(lastEnd: string): Promise<Db> {
  t = await emptyBackend()
  const rows = dailyFocusRows(Array.from({ length: 10 }, () => 100), 0, Date.UTC(2024, 8, 1))
  rows[9]!.ChargePeriodEnd = lastEnd
  const file = join(t.dir, 'bill.csv')
  writeFocusRows(file, rows)
  await t.call('billing-import', { files: [{ ref: file }] })
  const db = t.backend.ctx.ws.db
  refreshExplore(db)
  expect(unsummedSnapshots(db)).toEqual([])
  return db
}

/** Every SQL text `db` prepares while `f` runs. */
function statements<T>(db: Db, f: () => T): { value: T; sql: string[] } {
  const sql: string[] = []
  const prepare = db.prepare.bind(db)
  const spy = ((s: string) => {
    sql.push(s)
    return prepare(s)
  }) as typeof db.prepare
  db.prepare = spy
  try {
    return { value: f(), sql }
  } finally {
    db.prepare = prepare
  }
}

describe('forecast history', () => {
  it('drops a last day whose lines end at noon, reading the sums and the snapshots only', async () => {
    const db = await workspace('2024-09-10 12:00:00')
    const { value, sql } = statements(db, () => forecastHistory(db, 'BilledCost'))
    expect(value.partialDay).toBe('2024-09-10')
    expect(value.history.map((h) => h.date)).toEqual(Array.from({ length: 9 }, (_, i) => `2024-09-0${i + 1}`))
    expect(sql.length).toBeGreaterThan(0)
    expect(sql.filter((s) => /billing_line/.test(s))).toEqual([])
  })

  it('keeps a last day covered to midnight', async () => {
    const db = await workspace('2024-09-11 00:00:00')
    const { value, sql } = statements(db, () => forecastHistory(db, 'BilledCost'))
    expect(value.partialDay).toBeNull()
    expect(value.history).toHaveLength(10)
    expect(value.history.at(-1)).toEqual({ date: '2024-09-10', value: 100 })
    expect(sql.filter((s) => /billing_line/.test(s))).toEqual([])
  })
})
