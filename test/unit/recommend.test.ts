import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/errors'
import type { FrozenPool, PlanSnapshot } from '../../shared/plan-types'
import { renderClusterFolder } from '../../main/gitops/manifests/generators'
import { recommend } from '../../main/recommend'
import { apportion, streamBands } from '../../main/recommend/demand'
import { sizeFlavor } from '../../main/recommend/kueue'
import { planMarkdown } from '../../main/report/fleet-markdown'
import { fixturePlan, loadSnapshot, PLAN_FIXTURES } from '../helpers/plan-fixtures'

/** Σ nominal quota per flavor, computed from the ClusterQueues (not from the recommendation's own totals). */
function quotaSums(r: ReturnType<typeof recommend>): Map<string, number> {
  const sums = new Map<string, number>()
  for (const q of r.kueue.queues) for (const e of q.quotas) sums.set(e.flavor, (sums.get(e.flavor) ?? 0) + e.nominalQuota)
  return sums
}

/** Capacity per flavor straight from the snapshot's pools (type × provider × capacity type), independently. */
function capacities(snap: PlanSnapshot): Map<string, number> {
  const cap = (o: string): string => (o === 'spot' || o === 'on-demand' || o === 'on-prem' ? o : 'reserved')
  const m = new Map<string, number>()
  for (const p of snap.pools) {
    if (p.count <= 0) continue
    const name = cap(p.option) === 'on-prem' ? `${p.accelerator}-on-prem` : `${p.accelerator}-${p.provider}-${cap(p.option)}`
    m.set(name.toLowerCase(), (m.get(name.toLowerCase()) ?? 0) + p.count)
  }
  return m
}

describe('recommendations from frozen plans (golden files)', () => {
  for (const name of PLAN_FIXTURES) {
    it(`${name}: recommendations, manifests and plan.md match the reviewed golden files`, async () => {
      const plan = fixturePlan(name)
      const rendered = renderClusterFolder(plan, { planId: plan.id, planName: plan.name, approvedBy: 'Dana Planner', approvedAt: '2026-11-27T10:00:00.000Z' })
      await expect(`${JSON.stringify(plan.recommendations, null, 2)}\n`).toMatchFileSnapshot(`../fixtures/plans/golden/${name}.recommendations.json`)
      await expect(rendered.map((f) => `# ==> ${f.path} <==\n${f.content}`).join('\n')).toMatchFileSnapshot(`../fixtures/plans/golden/${name}.manifests.yaml`)
      await expect(planMarkdown(plan)).toMatchFileSnapshot(`../fixtures/plans/golden/${name}.plan.md`)
    })
  }

  for (const name of PLAN_FIXTURES) {
    it(`${name}: the nominal quotas of each flavor sum to its capacity in the fleet, exactly`, () => {
      const snap = loadSnapshot(name)
      const r = recommend(snap, { cluster: 'prod' })
      expect(Object.fromEntries(quotaSums(r))).toEqual(Object.fromEntries(capacities(snap)))
    })
  }

  it('every recommendation carries its reasoning', () => {
    const r = recommend(loadSnapshot('optimizer'), { cluster: 'prod' })
    const all = [r.kueue, ...r.kueue.flavors, ...r.kueue.queues, ...r.kueue.queues.flatMap((q) => q.quotas), ...r.quotas, ...r.autoscaling, ...r.nodePools, ...r.onPrem, ...r.budgets]
    for (const x of all) expect(x.reasoning.text.length).toBeGreaterThan(20)
    expect(r.kueue.reasoning.text).toMatch(/median/)
    expect(r.onPrem.map((o) => o.accelerator).sort()).toEqual(['Gaudi3', 'H200'])
    expect(r.nodePools.every((n) => n.capacityType !== ('on-prem' as string))).toBe(true)
  })

  it('uses the optimizer allocation when the plan came from the optimizer', () => {
    const snap = loadSnapshot('optimizer')
    const r = recommend(snap, { cluster: 'prod' })
    const assistant = r.kueue.queues.find((q) => q.team === 'assistant')!
    // The optimizer put the FP8 inference demand on H200 only; the quota follows it.
    const alloc = snap.optimization!.kind === 'optimize' ? snap.optimization!.result.allocation.filter((a) => a.team === 'assistant') : []
    expect(new Set(alloc.map((a) => a.pool))).toEqual(new Set(['H200']))
    expect(assistant.quotas.filter((e) => e.demandP50 > 0).map((e) => e.flavor)).toEqual(['h200-on-prem'])
    expect(assistant.quotas.find((e) => e.flavor === 'h200-on-prem')!.reasoning.inputs.some((i) => /optimizer/.test(i.value))).toBe(true)
  })

  it('takes demand bands from the forecast paths when the scenario has them', () => {
    const snap = loadSnapshot('forecast-paths')
    const bands = streamBands(snap)
    expect(bands[0]!.source).toMatch(/forecast run #7: 24 sample paths × 90 steps/)
    // An independent quantile of one stream's pooled daily values.
    const idx = snap.scenario.demand.paths!.streams.findIndex((s) => s.team === 'assistant')
    const values = snap.scenario.demand.paths!.values.flatMap((p) => p[idx]!.slice(0, 90)).sort((a, b) => a - b)
    const median = (values[(values.length - 1) / 2 - 0.5]! + values[(values.length - 1) / 2 + 0.5]!) / 2
    expect(bands.find((b) => b.team === 'assistant')!.band.p50).toBeCloseTo(median, 6)
    for (const b of bands) expect(b.band.lo95).toBeLessThanOrEqual(b.band.p50)
  })
})

describe('quota sizing', () => {
  it('apportion: integer parts that sum to the total and stay within one of the exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 20 }), (total, w) => {
        const parts = apportion(total, w)
        const sum = w.reduce((a, b) => a + b, 0)
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
        parts.forEach((p, i) => {
          expect(Number.isInteger(p) && p >= 0).toBe(true)
          const exact = sum > 0 ? (total * w[i]!) / sum : total / w.length
          expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-9)
        })
      }),
    )
  })

  it('each flavor: quotas sum to capacity; with enough capacity every team keeps ⌈floor × median⌉ unlendable', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 512 }),
        fc.array(fc.record({ p50: fc.double({ min: 0, max: 200, noNaN: true }), extra: fc.double({ min: 0, max: 100, noNaN: true }) }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (capacity, teams, floor) => {
          const needs = teams.map((t) => ({ p50: t.p50, hi95: t.p50 + t.extra }))
          const { quotas, short } = sizeFlavor(capacity, needs, floor)
          expect(quotas.reduce((a, b) => a + b, 0)).toBe(capacity)
          const guarantees = needs.map((n) => Math.ceil(floor * n.p50 - 1e-9))
          expect(short).toBe(guarantees.reduce((a, b) => a + b, 0) > capacity)
          if (!short) quotas.forEach((q, i) => expect(q).toBeGreaterThanOrEqual(guarantees[i]!))
        },
      ),
    )
  })

  it('whole plans: Σ quota = capacity per flavor, lending never reaches into the floor, borrowing within what others lend', () => {
    const base = loadSnapshot('mixed-cloud')
    const poolArb = fc.record({
      pick: fc.integer({ min: 0, max: base.pools.length - 1 }),
      count: fc.integer({ min: 1, max: 300 }),
    })
    fc.assert(
      fc.property(
        fc.array(poolArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 150, noNaN: true }), { minLength: base.scenario.demand.streams.length, maxLength: base.scenario.demand.streams.length }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pools, demand, floor) => {
          const chosen: FrozenPool[] = pools.map((p) => ({ ...base.pools[p.pick]!, count: p.count }))
          const snap: PlanSnapshot = {
            ...base,
            pools: chosen,
            scenario: {
              ...base.scenario,
              fleet: chosen.map((p) => ({ accelerator: p.accelerator, provider: p.provider, region: p.region, option: p.option, count: p.count })),
              demand: { ...base.scenario.demand, streams: base.scenario.demand.streams.map((s, i) => ({ ...s, base: demand[i]! })) },
              policy: { ...base.scenario.policy, fairnessFloor: floor },
            },
          }
          const r = recommend(snap, { cluster: 'prod' })
          expect(Object.fromEntries(quotaSums(r))).toEqual(Object.fromEntries(capacities(snap)))
          for (const f of r.kueue.flavors) {
            const entries = r.kueue.queues.map((q) => q.quotas.find((e) => e.flavor === f.name)!)
            const lendable = entries.reduce((a, e) => a + e.lendingLimit, 0)
            const shortOfFloor = entries.reduce((a, e) => a + Math.ceil(floor * e.demandP50 - 1e-9), 0) > f.capacity
            for (const e of entries) {
              expect(e.lendingLimit).toBeGreaterThanOrEqual(0)
              expect(e.lendingLimit).toBeLessThanOrEqual(e.nominalQuota)
              if (!shortOfFloor) expect(e.nominalQuota - e.lendingLimit).toBeGreaterThanOrEqual(Math.ceil(floor * e.demandP50 - 1e-9))
              expect(e.borrowingLimit).toBe(lendable - e.lendingLimit)
            }
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('review edits', () => {
  const snap = loadSnapshot('mixed-cloud')
  const at = '2026-11-27T11:00:00.000Z'

  it('an edited quota moves its lending limit, is recorded with the derived figure, and changes only that team\'s ClusterQueue', () => {
    const before = recommend(snap, { cluster: 'prod' })
    const q0 = before.kueue.queues.find((q) => q.team === 'vision')!.quotas.find((e) => e.flavor === 'h100-gcp-reserved')!
    const target = { kind: 'queue', team: 'vision', flavor: 'h100-gcp-reserved', field: 'nominalQuota' } as const
    expect(q0.lendingLimit).toBeGreaterThanOrEqual(1)
    const after = recommend(snap, { cluster: 'prod', edits: [{ target, value: q0.nominalQuota - 1, by: 'Rev', at }] })
    const q1 = after.kueue.queues.find((q) => q.team === 'vision')!.quotas.find((e) => e.flavor === 'h100-gcp-reserved')!
    expect(q1.nominalQuota).toBe(q0.nominalQuota - 1)
    expect(q1.lendingLimit).toBe(q0.lendingLimit - 1)
    expect(q1.nominalQuota - q1.lendingLimit).toBe(q0.nominalQuota - q0.lendingLimit) // the guarantee stays
    expect(after.edits).toEqual([{ target, value: q0.nominalQuota - 1, derived: q0.nominalQuota, by: 'Rev', at }])
    expect(after.warnings.some((w) => /h100-gcp-reserved: the nominal quotas sum to 63 of 64 accelerators; 1 is in no team's quota/.test(w))).toBe(true)
    // ResourceQuota = capacity − what the other teams are guaranteed, computed here from the ClusterQueues.
    for (const q of after.quotas) {
      const expected = after.kueue.flavors
        .filter((f) => f.resource === 'nvidia.com/gpu')
        .reduce((a, f) => a + f.capacity - after.kueue.queues.filter((o) => o.team !== q.team).reduce((b, o) => b + o.quotas.find((e) => e.flavor === f.name)!.nominalQuota - o.quotas.find((e) => e.flavor === f.name)!.lendingLimit, 0), 0)
      expect(q.hard['requests.nvidia.com/gpu']).toBe(expected)
    }
    // Rendered: one file differs (vision's ClusterQueue); no other team's files move.
    const head = { planId: 'pl_000000000000', planName: 'x', approvedBy: null, approvedAt: null }
    const a = renderClusterFolder({ ...fixturePlan('mixed-cloud'), recommendations: before }, head)
    const b = renderClusterFolder({ ...fixturePlan('mixed-cloud'), recommendations: after }, head)
    expect(b.filter((f, i) => f.content !== a[i]!.content).map((f) => f.path)).toEqual(['kueue/clusterqueue-vision.yaml'])
  })

  it('a borrowing limit set in review is written to the ClusterQueue; derived ones are not', () => {
    const r = recommend(snap, { cluster: 'prod', edits: [{ target: { kind: 'queue', team: 'speech', flavor: 'h100-aws-spot', field: 'borrowingLimit' }, value: 2, by: 'Rev', at }] })
    const e = r.kueue.queues.find((q) => q.team === 'speech')!.quotas.find((x) => x.flavor === 'h100-aws-spot')!
    expect(e).toMatchObject({ borrowingLimit: 2, borrowingCapped: true })
    const files = renderClusterFolder({ ...fixturePlan('mixed-cloud'), recommendations: r }, { planId: 'pl_000000000000', planName: 'x', approvedBy: null, approvedAt: null })
    const withLimit = files.filter((f) => f.content.includes('borrowingLimit:')).map((f) => f.path)
    expect(withLimit).toEqual(['kueue/clusterqueue-speech.yaml'])
  })

  it('refuses an edit that would give a flavor more quota than capacity, in a sentence naming the teams', () => {
    let err: unknown
    try {
      recommend(snap, { cluster: 'prod', edits: [{ target: { kind: 'queue', team: 'vision', flavor: 'h100-aws-spot', field: 'nominalQuota' }, value: 40, by: 'Rev', at }] })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).message).toMatch(/^The nominal quotas of h100-aws-spot would sum to \d+, more than its 32 accelerators in the plan's fleet\. Lower another team's quota/)
  })

  it('refuses nonsense (fractions, min above max, unknown teams) with sentences', () => {
    const cases: [NonNullable<Parameters<typeof recommend>[1]['edits']>, RegExp][] = [
      [[{ target: { kind: 'queue', team: 'vision', flavor: 'h100-aws-spot', field: 'nominalQuota' }, value: 2.5, by: 'R', at }], /must be a whole number/],
      [[{ target: { kind: 'queue', team: 'nobody', flavor: 'h100-aws-spot', field: 'nominalQuota' }, value: 1, by: 'R', at }], /no team "nobody"/],
      [[{ target: { kind: 'autoscaler', name: 'assistant-llm-inference', field: 'minReplicas' }, value: 500, by: 'R', at }], /cannot exceed maxReplicas/],
      [[{ target: { kind: 'node-pool', name: 'h100-aws-spot', field: 'weight' }, value: 101, by: 'R', at }], /between 1 and 100/],
      [[{ target: { kind: 'setting', field: 'spendRateQuery' }, value: 'sum(x)', by: 'R', at }], /must contain \{namespace\}/],
    ]
    for (const [edits, re] of cases) expect(() => recommend(snap, { cluster: 'prod', edits })).toThrow(re)
  })

  it('switching the autoscaler setting to HPA renders HorizontalPodAutoscalers', () => {
    const r = recommend(snap, { cluster: 'prod', edits: [{ target: { kind: 'setting', field: 'autoscaler' }, value: 'hpa', by: 'R', at }] })
    expect(r.autoscaling.every((a) => a.engine === 'hpa')).toBe(true)
  })
})
