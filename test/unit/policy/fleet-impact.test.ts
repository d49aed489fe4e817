/**
 * What approval by rule measures on a fleet plan: committed accelerators added, the largest team quota shift and
 * the monthly cost change, against the plan approved before it for the cluster (or against nothing).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fleetImpact } from '../../../main/autonomy/impact'
import { fixturePlan } from '../../helpers/plan-fixtures'
import { REPO_ROOT } from '../../helpers/tmp'

/** Reserved, capacity-block and on-prem accelerators of a fixture, read from its JSON. */
function committedInFixture(name: string): number {
  const snap = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'plans', `${name}.snapshot.json`), 'utf8')) as { pools: { option: string; count: number }[] }
  return snap.pools.filter((p) => ['reserved-1y', 'reserved-3y', 'capacity-block', 'on-prem'].includes(p.option)).reduce((a, p) => a + p.count, 0)
}

describe('fleet plan impact for approval rules', () => {
  it('with no plan approved before for the cluster, every quota and commitment is new', () => {
    const plan = fixturePlan('mixed-cloud')
    const committed = committedInFixture('mixed-cloud')
    expect(committed).toBeGreaterThan(0)
    const i = fleetImpact(plan, null)
    expect(i.newCommitments).toBe(committed)
    expect(i.maxQuotaShiftPct).toBe(100)
    expect(i.costDeltaUsdPerMonth).toBeCloseTo(plan.fleet?.monthlyUsd ?? NaN, 2)
    expect(i.quotaBasis).toMatch(/no plan was approved for cluster prod before/)
  })

  it('against the plan approved before: only the edited team quota shifts, nothing new is bought', () => {
    const before = fixturePlan('mixed-cloud')
    const q = before.recommendations?.kueue.queues[0]
    const quota = q?.quotas[0]
    if (!q || !quota) throw new Error('fixture has no queue')
    const total = q.quotas.reduce((a, e) => a + e.nominalQuota, 0)
    const after = fixturePlan('mixed-cloud', {
      id: 'pl_after',
      edits: [{ target: { kind: 'queue', team: q.team, flavor: quota.flavor, field: 'nominalQuota' }, value: quota.nominalQuota - 2, by: 'Rev', at: '2026-11-27T11:00:00.000Z' }],
    })
    const i = fleetImpact(after, before)
    expect(i.newCommitments).toBe(0)
    expect(i.maxQuotaShiftPct).toBeCloseTo((100 * 2) / total, 2)
    expect(i.quotaBasis).toContain(q.team)
    expect(i.costDeltaUsdPerMonth).toBeCloseTo((after.fleet?.monthlyUsd ?? 0) - (before.fleet?.monthlyUsd ?? 0), 2)
  })
})
