import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PlanSnapshot } from '../../shared/plan-types'
import type { Plan } from '../../shared/types'
import { planContentHash } from '../../main/plan/content-hash'
import { fleetTotals, poolMonthlyUsd } from '../../main/plan/snapshot'
import { recommend, type EditInput } from '../../main/recommend'
import { REPO_ROOT } from './tmp'

export const PLAN_FIXTURES = ['mixed-cloud', 'onprem-fair-share', 'optimizer', 'forecast-paths'] as const
export type PlanFixture = (typeof PLAN_FIXTURES)[number]

export const fixtureDir = join(REPO_ROOT, 'test', 'fixtures', 'plans')

export function loadSnapshot(name: PlanFixture): PlanSnapshot {
  return JSON.parse(readFileSync(join(fixtureDir, `${name}.snapshot.json`), 'utf8')) as PlanSnapshot
}

/** A fleet plan around a fixture snapshot, with fixed ids and times (approved unless told otherwise). */
export function fixturePlan(name: PlanFixture, opts: { cluster?: string; edits?: EditInput[]; approved?: boolean; id?: string } = {}): Plan {
  const snapshot = loadSnapshot(name)
  const cluster = opts.cluster ?? 'prod'
  const body = {
    id: opts.id ?? 'pl_fixture000001',
    name: `Fixture ${name}`,
    description: '',
    createdAt: '2026-11-27T09:00:00.000Z',
    kind: 'fleet' as const,
    cluster,
    scenario: null,
    totals: null,
    snapshot,
    fleet: fleetTotals(snapshot, null),
    recommendations: recommend(snapshot, { cluster, edits: opts.edits ?? [] }),
    policies: [],
  }
  const contentHash = planContentHash(body)
  const approved = opts.approved ?? true
  return {
    ...body,
    poolMonthlyUsd: snapshot.pools.map(poolMonthlyUsd),
    slug: `fixture-${name}`,
    status: approved ? 'approved' : 'in-review',
    contentHash,
    approval: approved ? { by: 'Dana Planner', at: '2026-11-27T10:00:00.000Z', comment: 'Fixture.', contentHash } : null,
    exports: [],
    audit: [],
    copiedFrom: null,
  }
}
