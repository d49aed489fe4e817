import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CatalogOverride, OptimizeProblem } from '../../shared/scenario-types'
import { buildCatalog, loadDefaults } from '../../main/catalog/catalog'
import { agnosticAllocation, effectiveThroughput, heterogeneityAwareMaxMin } from '../../main/optimize/gavel'
import { optimize } from '../../main/optimize/milp'
import { paretoFront } from '../../main/optimize/pareto'

const root = join(__dirname, '..', '..')
const defaults = loadDefaults(join(root, 'resources', 'catalog'))
const ov = (kind: CatalogOverride['kind'], key: string, field: string, value: number): CatalogOverride => ({ kind, key, field, value, note: 'test', updatedAt: '2026-11-27T00:00:00Z' })

describe('procurement MILP', () => {
  // Two pools: H100 at $2/h (throughput 1) and B200 at $3/h (throughput 2 on vision) → B200 is cheaper per unit
  // of work ($1.5 vs $2), but integrality makes 11 units of demand cheapest as 5 × B200 + 1 × H100 = $17
  // (6 × B200 = $18, 11 × H100 = $22).
  const cat = buildCatalog(defaults, [ov('price', 'H100|gcp|us-east4|on-demand', 'usdPerAccelHour', 2), ov('price', 'B200|gcp|us-east4|on-demand', 'usdPerAccelHour', 3), ov('throughput', 'B200|vision', 'value', 2)])
  const candidates = [
    { accelerator: 'H100', provider: 'gcp', region: 'us-east4', option: 'on-demand' as const },
    { accelerator: 'B200', provider: 'gcp', region: 'us-east4', option: 'on-demand' as const },
  ]

  it('finds the integer optimum a hand calculation gives', async () => {
    const r = await optimize({ candidates, demand: [{ team: 't', workloadClass: 'vision', demand: 11 }], targetUtilisation: 1, requireDemand: true }, cat, { withGreedy: true })
    expect(r.costUsdPerHour).toBeCloseTo(17, 6)
    expect(r.fleet.map((f) => `${f.accelerator}:${f.count}`).sort()).toEqual(['B200:5', 'H100:1'])
    // Greedy (cheapest per throughput, rounded up) buys 6 × B200 = $18.
    expect(r.greedy?.costUsdPerHour).toBeCloseTo(18, 6)
    // In words, with the difference worked out by hand: (18 − 17) / 17 = 5.9 %.
    expect(r.greedy?.sentence).toBe('Picking the cheapest accelerator per unit of work, one demand at a time, would cost $18.00 an hour (5.9 % more).')
  })

  it('a binding budget leaves demand unmet, names the constraint and prices one more unit of budget', async () => {
    const r = await optimize({ candidates, demand: [{ team: 't', workloadClass: 'vision', demand: 11 }], targetUtilisation: 1, budgetUsdPerHour: 12, unmetPenaltyUsdPerHour: 10 }, cat)
    expect(r.costUsdPerHour).toBeLessThanOrEqual(12 + 1e-9)
    expect(r.unmet).toBeGreaterThan(2.9)
    const b = r.binding.find((x) => x.constraint === 'budget')!
    expect(b.slack).toBeCloseTo(0, 6)
    // In the relaxation one more $/h buys 2/3 H100-hour of work (B200: $3 per 2 units), saving 10 × 2/3 of penalty − 1 $.
    expect(b.shadowPrice).not.toBeNull()
    expect(Math.abs(b.shadowPrice!)).toBeCloseTo(10 / 1.5 - 1, 3)
    const more = r.sensitivity.find((s) => s.change === 'budget +5 %')!
    expect(more.unmetDelta).toBeLessThanOrEqual(0)
  })

  it('the example problem: meets the fairness floor, commitments, caps and memory rules', async () => {
    const problem = JSON.parse(readFileSync(join(root, 'resources', 'examples', 'problem-next-year.json'), 'utf8')) as OptimizeProblem
    const full = buildCatalog(defaults, [])
    const r = await optimize(problem, full, { withGreedy: true })
    expect(r.status).toBe('Optimal')
    expect(r.costUsdPerHour).toBeLessThanOrEqual(problem.budgetUsdPerHour! + 1e-6)
    expect(r.carbonKgPerHour).toBeLessThanOrEqual(problem.carbonCapKgPerHour! + 1e-6)
    for (const t of r.teams) expect(t.share).toBeGreaterThanOrEqual(problem.fairnessFloor! - 1e-6)
    const committed = r.fleet.find((f) => f.accelerator === 'H100' && f.option === 'reserved-1y')
    expect(committed?.count ?? 0).toBeGreaterThanOrEqual(32)
    // llm-training needs ≥ 80 GB: no allocation of it to L40S (48 GB) or TPU v6e (32 GB).
    expect(r.allocation.filter((a) => a.workloadClass === 'llm-training' && ['L40S', 'TPUv6e'].includes(a.pool))).toEqual([])
    // FP8 inference cannot go to TPUs (no FP8 in the catalog).
    expect(r.allocation.filter((a) => a.workloadClass === 'llm-inference' && a.pool.startsWith('TPU'))).toEqual([])
    expect(r.mipGap ?? 0).toBeLessThanOrEqual(0.01 + 1e-9)
  })

  it('a cost-vs-carbon Pareto front is monotone: less carbon costs more', async () => {
    const problem = JSON.parse(readFileSync(join(root, 'resources', 'examples', 'problem-next-year.json'), 'utf8')) as OptimizeProblem
    delete problem.carbonCapKgPerHour
    const front = await paretoFront(problem, buildCatalog(defaults, []), 'carbon', 5)
    expect(front.points.length).toBeGreaterThanOrEqual(2)
    for (let i = 1; i < front.points.length; i++) {
      expect(front.points[i]!.costUsdPerHour).toBeGreaterThanOrEqual(front.points[i - 1]!.costUsdPerHour - 1e-9)
      expect(front.points[i]!.carbonKgPerHour).toBeLessThanOrEqual(front.points[i - 1]!.carbonKgPerHour + 1e-9)
    }
  })
})

describe('Gavel check: heterogeneity-aware allocation beats a heterogeneity-agnostic one', () => {
  it('on the Gavel throughput data (26 job types, 8 × K80 / 8 × P100 / 8 × V100)', async () => {
    const g = JSON.parse(readFileSync(join(root, 'resources', 'catalog', 'gavel-throughput.json'), 'utf8')) as {
      jobs: { jobType: string; throughput: Record<string, number> }[]
    }
    const types = ['K80', 'P100', 'V100']
    const jobs = g.jobs.filter((j) => types.every((t) => (j.throughput[t] ?? 0) > 0))
    const thr = jobs.map((j) => types.map((t) => j.throughput[t]!))
    const counts = [8, 8, 8]
    const aware = await heterogeneityAwareMaxMin(thr, counts)
    // Check the allocation independently: time fractions per job ≤ 1, per type ≤ its count.
    for (const row of aware.x) expect(row.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-6)
    for (let a = 0; a < 3; a++) expect(aware.x.reduce((s, row) => s + row[a]!, 0)).toBeLessThanOrEqual(counts[a]! + 1e-6)
    // Agnostic: each job gets 24/26 of an accelerator, split evenly over the three types.
    const agn = agnosticAllocation(jobs.length, counts)
    const agnEff = effectiveThroughput(thr, agn)
    for (let j = 0; j < jobs.length; j++) {
      const byHand = (24 / jobs.length / 3) * (thr[j]![0]! + thr[j]![1]! + thr[j]![2]!)
      expect(agnEff[j]).toBeCloseTo(byHand, 9)
    }
    const awareEff = effectiveThroughput(thr, aware.x)
    const ratios = awareEff.map((e, j) => e / agnEff[j]!)
    const minGain = Math.min(...ratios)
    const meanGain = ratios.reduce((a, b) => a + b, 0) / ratios.length
    console.log(`Gavel check: ${jobs.length} job types; heterogeneity-aware max-min gives every job ≥ ${minGain.toFixed(3)}× its agnostic throughput (mean ${meanGain.toFixed(3)}×)`)
    expect(minGain).toBeGreaterThan(1.05)
    expect(meanGain).toBeGreaterThan(minGain - 1e-9)
  })
})
