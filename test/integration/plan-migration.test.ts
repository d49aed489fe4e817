import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openWorkspaceDb } from '../../main/db/migrate'
import { MIGRATIONS } from '../../main/db/migrations'
import { planContentHash } from '../../main/plan/content-hash'
import { getPlan } from '../../main/plan/plans'
import { tempDir } from '../helpers/tmp'

const clock = () => new Date('2026-11-27T10:00:00Z')
let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

describe('plans made before plans froze decisions', () => {
  it('keep their audit history, state, exports and content hash after the migration', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const file = join(t.dir, 'w.sqlite')
    // The workspace as the previous release left it: every migration before the plan-decision one.
    const before = MIGRATIONS.filter((m) => m.name !== 'plan_decision')
    expect(before.length).toBe(MIGRATIONS.length - 1)
    const old = openWorkspaceDb(file, before, { create: true, now: clock }).db
    const scenario = { kind: 'baseline', growthPctPerMonth: 0, horizonDays: 30, basis: { start: '2024-09-01', end: '2024-09-30', days: 30 }, costByProvider: [], costByService: [], acceleratorCost: 0 }
    const totals = { currency: 'USD', basisCost: 300, monthlyRunRate: 300, forecastCost: 300, forecastLo80: 250, forecastHi80: 350 }
    const body = { id: 'pl_0123456789ab', name: 'Old', description: '', createdAt: '2025-01-01T00:00:00.000Z', kind: 'baseline' as const, cluster: 'default', scenario, totals, snapshot: null, fleet: null, recommendations: null }
    const hash = planContentHash(body as never)
    old.prepare(`INSERT INTO plan (id, name, slug, description, created_at, scenario_json, totals_json, approved_by, approved_at, approval_comment, content_hash)
                 VALUES (?, 'Old', 'old', '', ?, ?, ?, 'Ann', '2025-01-02T00:00:00.000Z', 'ok', ?)`).run(body.id, body.createdAt, JSON.stringify(scenario), JSON.stringify(totals), hash)
    const ev = old.prepare('INSERT INTO plan_event (plan_id, at, kind, actor, details_json) VALUES (?, ?, ?, ?, ?)')
    ev.run(body.id, '2025-01-01T00:00:00.000Z', 'created', null, '{}')
    ev.run(body.id, '2025-01-02T00:00:00.000Z', 'approved', 'Ann', JSON.stringify({ comment: 'ok', contentHash: hash }))
    ev.run(body.id, '2025-01-03T00:00:00.000Z', 'exported', null, JSON.stringify({ repoPath: '/r', branch: 'fleetplan/2025-01-02-old', commit: 'c'.repeat(40) }))
    old.close()

    const { db } = openWorkspaceDb(file, MIGRATIONS, { create: false, now: clock })
    const p = getPlan(db, body.id)
    db.close()
    expect(p.kind).toBe('baseline')
    expect(p.status).toBe('exported')
    expect(p.audit.map((e) => [e.kind, e.actor])).toEqual([
      ['created', null],
      ['approved', 'Ann'],
      ['exported', null],
    ])
    expect(p.exports).toEqual([{ repoPath: '/r', branch: 'fleetplan/2025-01-02-old', commit: 'c'.repeat(40), at: '2025-01-03T00:00:00.000Z' }])
    // The hash signed then is still the hash of the plan as read now.
    expect(p.approval?.contentHash).toBe(hash)
    expect(planContentHash(p)).toBe(hash)
  })
})
