import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openWorkspaceDb } from '../../main/db/migrate'
import { MIGRATIONS } from '../../main/db/migrations'
import { refreshExplore } from '../../main/explore/aggregate'
import { unsummedSnapshots } from '../../main/workspace/cost-day'
import { queryCost } from '../../main/workspace/cost-queries'
import { tempDir } from '../helpers/tmp'

const clock = () => new Date('2026-11-30T10:00:00Z')
let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

describe('cost_day keeps the model-type tag (migration 012)', () => {
  it('a workspace summed before 012 loses its untagged sums, answers from its lines, and its refresh sums the tags', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const file = join(t.dir, 'w.sqlite')
    const older = MIGRATIONS.filter((m) => m.version < 12)
    expect(older.length).toBe(MIGRATIONS.length - 1)
    const { db: old } = openWorkspaceDb(file, older, { create: true, now: clock })
    old.exec(`INSERT INTO snapshot (id, kind, format, file_name, content_hash, rows, imported_at) VALUES (1, 'billing', 'focus', 'a.csv', 'h', 3, '2026-11-30')`)
    const line = old.prepare(`INSERT INTO billing_line (snapshot_id, source_line, "ChargePeriodStart", "ChargePeriodEnd", "ProviderName", "BilledCost", "EffectiveCost", "ListCost", model_type)
                              VALUES (1, ?, ?, ?, 'AWS', ?, ?, ?, ?)`)
    line.run(1, '2026-11-01T00:00:00Z', '2026-11-01T01:00:00Z', 10, 10, 10, 'vision')
    line.run(2, '2026-11-01T00:00:00Z', '2026-11-01T01:00:00Z', 5, 5, 5, null)
    line.run(3, '2026-11-02T00:00:00Z', '2026-11-02T01:00:00Z', 2.5, 2.5, 2.5, 'vision')
    // What an older refresh left: sums without any tag.
    old.exec(`INSERT INTO cost_day (snapshot_id, day, provider, billed, effective, list, accel_hours, rows) VALUES (1, '2026-11-01', 'AWS', 15, 15, 15, 0, 2), (1, '2026-11-02', 'AWS', 2.5, 2.5, 2.5, 0, 1)`)
    old.exec(`INSERT INTO cost_cube (snapshot_id, day, provider, billed, effective, list, accel_hours, rows) VALUES (1, '2026-11-01', 'AWS', 15, 15, 15, 0, 2), (1, '2026-11-02', 'AWS', 2.5, 2.5, 2.5, 0, 1)`)
    old.close()

    const { db } = openWorkspaceDb(file, MIGRATIONS, { create: false, now: clock })
    try {
      expect(db.prepare('SELECT count(*) FROM cost_day').pluck().get()).toBe(0)
      expect(db.prepare('SELECT count(*) FROM cost_cube').pluck().get()).toBe(0)
      expect(unsummedSnapshots(db)).toEqual([1])
      const want = [
        { keys: { ModelType: null }, cost: 5, rows: 1 },
        { keys: { ModelType: 'vision' }, cost: 12.5, rows: 2 },
      ]
      expect(queryCost(db, ['ModelType'], 'BilledCost').rows).toEqual(want)

      expect(refreshExplore(db).cubes).toBe(1)
      expect(unsummedSnapshots(db)).toEqual([])
      const sums = db.prepare('SELECT day, model_type AS t, billed, rows FROM cost_day ORDER BY day, t').all()
      expect(sums).toEqual([
        { day: '2026-11-01', t: null, billed: 5, rows: 1 },
        { day: '2026-11-01', t: 'vision', billed: 10, rows: 1 },
        { day: '2026-11-02', t: 'vision', billed: 2.5, rows: 1 },
      ])
      expect(queryCost(db, ['ModelType'], 'BilledCost').rows).toEqual(want)
      // The cube keeps one row per day and resource, whatever tags its lines carry.
      expect(db.prepare('SELECT count(*) FROM cost_cube').pluck().get()).toBe(2)
    } finally {
      db.close()
    }
  })
})
