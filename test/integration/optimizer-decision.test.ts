/**
 * The arithmetic the renderer used to do, now behind contract methods: the baseline plan preview and the
 * optimizer problem built from a scenario; and the optimizer's answer as a decision against the current fleet.
 * Every expected figure is computed here from the API's inputs, not by the code under test.
 */
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OptimizeResult, Scenario } from '../../shared/scenario-types'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { pythonBilledAccelerators } from '../helpers/billed-accelerators'
import { REPO_ROOT } from '../helpers/tmp'

const DEMO = join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')
/** Standard normal quantiles (tables): p90, p95. */
const Z = { 90: 1.2815515655446004, 95: 1.6448536269514722 }

let b: TestBackend
let baseline: Scenario
beforeAll(async () => {
  b = await emptyBackend()
  await b.call('billing-import', { files: [{ ref: DEMO }] })
  baseline = await b.call('scenario-baseline', { save: true })
})
afterAll(async () => {
  await b.close()
})

describe('plan-preview', () => {
  it('gives what plan-create stores; the monthly figures are the forecast\'s own first and last 30 days', async () => {
    const preview = await b.call('plan-preview', { growthPctPerMonth: 3, horizonDays: 60 })
    const plan = await b.call('plan-create', { name: 'preview check', growthPctPerMonth: 3, horizonDays: 60 })
    expect(preview.totals).toEqual(plan.totals)
    expect(preview.scenario).toEqual(plan.scenario)
    // Over a 30-day horizon the first and the last 30 days are the whole forecast: all three figures agree.
    const month = await b.call('plan-preview', { growthPctPerMonth: 0, horizonDays: 30 })
    expect(month.totals.forecastFirstMonth).toBeCloseTo(month.totals.forecastCost, 1)
    expect(month.totals.monthlyRunRateAtHorizon).toBeCloseTo(month.totals.forecastCost, 1)
    // Growth raises the projection; the monthly spend at day 60 grows by 1.03^(31/30) … 1.03^2 (days 31–60).
    const flat = await b.call('plan-preview', { growthPctPerMonth: 0, horizonDays: 60 })
    expect(flat.totals.forecastCost).toBeLessThan(preview.totals.forecastCost)
    const ratio = preview.totals.monthlyRunRateAtHorizon! / flat.totals.monthlyRunRateAtHorizon!
    expect(ratio).toBeGreaterThanOrEqual(Math.pow(1.03, 31 / 30) - 1e-6)
    expect(ratio).toBeLessThanOrEqual(Math.pow(1.03, 2) + 1e-6)
    // Every figure shown on the Baseline section says what it includes.
    for (const k of ['monthlyRunRate', 'forecastFirstMonth', 'forecastCost', 'monthlyRunRateAtHorizon']) expect(preview.totals.definitions?.[k]).toMatch(/\w/)
  })
})

describe('a fleet plan against the current accelerator spend', () => {
  it('sets its monthly price against the accelerator run rate the spend baseline shows, over the same 730-hour month, and prices each pool', async () => {
    const plan = await b.call('plan-create', { name: 'fleet vs billing', scenarioId: baseline.id })
    const f = plan.fleet!
    // The demo bills September 2024, so its last 30 days are the month: billed accelerators, summed by Python
    // from the file, are the run rate (per 30 days, as the spend baseline shows it); set against the fleet's
    // 730-hour month, the same spend per hour × 730 h.
    const billed = pythonBilledAccelerators([DEMO], '2024-09-01', '2024-10-01').accelerators
    expect(f.currentAcceleratorRunRateUsd).toBeCloseTo(billed, 1)
    expect(f.currentAcceleratorMonthlyUsd).toBeCloseTo((billed / (30 * 24)) * 730, 1)
    const preview = await b.call('plan-preview', { growthPctPerMonth: 0, horizonDays: 30 })
    expect(f.currentAcceleratorRunRateUsd).toBe(preview.totals.acceleratorMonthlyRunRate)
    // Each pool's month: count × (price + on-prem energy at full power) × 730 h; together, the fleet price.
    const pools = plan.snapshot!.pools
    const expected = pools.map((p) => p.count * (p.usdPerAccelHour + (p.option === 'on-prem' ? (p.tdpW / 1000) * p.pue * p.electricityUsdPerKwh : 0)) * 730)
    expect(plan.poolMonthlyUsd).toHaveLength(pools.length)
    expected.forEach((x, i) => expect(plan.poolMonthlyUsd![i]).toBeCloseTo(x, 1))
    expect(f.monthlyUsd).toBeCloseTo(expected.reduce((a, x) => a + x, 0), 1)
  }, 120_000)
})

describe('optimize-problem', () => {
  it('sizes each stream at the percentile of its level at the end of the horizon', async () => {
    for (const pct of [90, 95] as const) {
      const p = await b.call('optimize-problem', { id: baseline.id, settings: { demandPercentile: pct } })
      const months = baseline.horizonHours / 730
      baseline.demand.streams.forEach((s, i) => {
        const expected = s.base * Math.pow(1 + s.growthPctPerMonth / 100, months) * Math.exp((Z[pct] * baseline.demand.noisePct) / 100)
        expect(p.demand[i]!.team).toBe(s.team)
        expect(p.demand[i]!.demand).toBeCloseTo(expected, 2)
      })
      expect(p.demandPercentile).toBe(pct)
    }
    const median = await b.call('optimize-problem', { id: baseline.id, settings: { demandPercentile: 50 } })
    expect(median.demand[0]!.demand).toBeCloseTo(baseline.demand.streams[0]!.base * Math.pow(1 + baseline.demand.streams[0]!.growthPctPerMonth / 100, baseline.horizonHours / 730), 2)
  })

  it('compares with the newest baseline by default, another scenario on request, or nothing', async () => {
    const variant = await b.call('scenario-save', { scenario: { ...baseline, id: undefined, name: 'Half the fleet', basis: 'variant', fleet: baseline.fleet.map((f) => ({ ...f, count: Math.ceil(f.count / 2) })) } })
    const byDefault = await b.call('optimize-problem', { id: variant.id })
    expect(byDefault.current?.scenarioId).toBe(baseline.id)
    expect(byDefault.current?.fleet).toEqual(baseline.fleet)
    expect(byDefault.current?.priceOverrides).toEqual(baseline.priceOverrides)
    expect(byDefault.horizonHours).toBe(variant.horizonHours)
    expect((await b.call('optimize-problem', { id: baseline.id, currentId: variant.id })).current?.name).toBe('Half the fleet')
    expect((await b.call('optimize-problem', { id: baseline.id, currentId: null })).current).toBeUndefined()
    await b.call('scenario-delete', { id: variant.id })
  })
})

describe('the optimizer’s answer as a decision', () => {
  let r: OptimizeResult
  beforeAll(async () => {
    const problem = await b.call('optimize-problem', { id: baseline.id, settings: { demandPercentile: 90, targetUtilisation: 0.8, fairnessFloor: 0.9 } })
    r = await b.call('optimize', { problem })
  }, 120_000)

  it('prices the current fleet as billed (per accelerator-hour used), and the answer at the prices it bought at', async () => {
    const d = r.decision!
    // The baseline's pools are cloud on-demand and spot, paid per use as the bill charges them: the current fleet
    // costs what simulating the baseline scenario itself charges (same paths and seed), not count × price × hours.
    expect(baseline.fleet.every((f) => f.perUse)).toBe(true)
    const e = (await b.call('optimize-problem', { id: baseline.id })).evaluation!
    const sim = await b.call('scenario-simulate', { id: baseline.id, paths: e.paths, seed: e.seed })
    const currentPerHour = sim.kpis.costUsd.mean / baseline.horizonHours
    expect(d.current!.usdPerHour).toBeCloseTo(currentPerHour, 6)
    const capacityPerHour = baseline.fleet.reduce((s, f) => s + f.count * baseline.priceOverrides![`${f.accelerator}|${f.provider}|${f.region}|${f.option}`]!, 0)
    expect(d.current!.usdPerHour).toBeLessThan(capacityPerHour)
    // …and so within reach of what the bill says a month costs (the demo's last month; demand grows from there).
    const db = new Database(b.workspacePath, { readonly: true })
    const billedMonth = (db.prepare(`SELECT total("BilledCost") s FROM billing_line WHERE "ChargePeriodStart" >= '2024-09-01' AND "ChargePeriodStart" < '2024-10-01'`).get() as { s: number }).s
    db.close()
    expect(d.current!.monthlyUsd / billedMonth).toBeGreaterThan(0.9)
    expect(d.current!.monthlyUsd / billedMonth).toBeLessThan(1.6)
    const proposedPerHour = r.fleet.reduce((s, f) => s + f.count * f.usdPerAccelHour, 0)
    expect(d.proposed.usdPerHour).toBeCloseTo(proposedPerHour, 6)
    expect(d.proposed.usdPerHour).toBeCloseTo(r.costUsdPerHour, 6)
    expect(d.proposed.monthlyUsd).toBeCloseTo(proposedPerHour * 730, 4)
    expect(d.proposed.horizonUsd).toBeCloseTo(proposedPerHour * baseline.horizonHours, 4)
    expect(d.delta!.monthlyUsd).toBeCloseTo((proposedPerHour - currentPerHour) * 730, 4)
    expect(d.delta!.costPct).toBeCloseTo((proposedPerHour - currentPerHour) / currentPerHour, 9)
    expect(d.current!.accelerators).toBe(baseline.fleet.reduce((n, f) => n + f.count, 0))
  })

  it('says it in plain words: the monthly difference, wait, carbon and fairness', () => {
    const d = r.decision!
    const text = [d.summary.headline, d.summary.against, ...d.summary.points].join(' ')
    expect(d.summary.against).toContain('Compared with the current fleet')
    const monthly = `$${Math.round(Math.abs(d.delta!.monthlyUsd)).toLocaleString('en-US')} a month ${d.delta!.monthlyUsd < 0 ? 'less' : 'more'}`
    expect(text).toContain(monthly)
    expect(text).toMatch(/wait/)
    expect(text).toMatch(/tCO2e a month/)
    expect(text).toMatch(/fairness index|evenly/)
    for (const x of [d.proposed, d.current!]) {
      expect(x.waitP95Hours).not.toBeNull()
      expect(x.jain).toBeGreaterThan(0)
      expect(x.jain).toBeLessThanOrEqual(1)
    }
  })

  it('simulates both fleets exactly as Compare will once the answer is saved and simulated', async () => {
    const d = r.decision!
    const e = (await b.call('optimize-problem', { id: baseline.id })).evaluation!
    const current = await b.call('scenario-simulate', { id: baseline.id, paths: e.paths, seed: e.seed })
    expect(d.current!.waitP95Hours).toBeCloseTo(current.kpis.waitP95Hours.mean, 9)
    expect(d.current!.jain).toBeCloseTo(current.kpis.jain.mean, 9)
    expect(d.current!.unmetFraction).toBeCloseTo(current.kpis.unmetFraction.mean, 9)
    const saved = await b.call('scenario-save', { scenario: { ...baseline, id: undefined, name: 'Optimizer answer', basis: 'optimizer', fleet: r.fleet.map(({ usdPerAccelHour: _p, ...f }) => f) } })
    const proposed = await b.call('scenario-simulate', { id: saved.id, paths: e.paths, seed: e.seed })
    expect(d.proposed.waitP95Hours).toBeCloseTo(proposed.kpis.waitP95Hours.mean, 9)
    expect(d.proposed.utilisation).toBeCloseTo(proposed.kpis.utilisation.mean, 9)
    await b.call('scenario-delete', { id: saved.id })
  })

  it('explains each binding constraint in a sentence, without solver jargon', () => {
    expect(r.binding.length).toBeGreaterThan(0)
    for (const b of r.binding) {
      expect(b.sentence).toMatch(/^[A-Z].{30,}\.$/)
      expect(b.sentence).not.toMatch(/shadow|dual|relaxation|slack|gap|LP\b/i)
    }
    // The demo's answer leans on a capped spot pool: that cap is named.
    expect(r.binding.some((x) => x.constraint.startsWith('cap:') && /at its cap of 256/.test(x.sentence))).toBe(true)
    expect(r.proof).toMatch(/^Proven to (be the cheapest|cost at most [\d.]+ % more)/)
  })

  it('a budget that binds is explained with what 5 % more would buy', async () => {
    const problem = await b.call('optimize-problem', { id: baseline.id, settings: { budgetUsdPerHour: 150, fairnessFloor: 0 } })
    const tight = await b.call('optimize', { problem })
    const budget = tight.binding.find((x) => x.constraint === 'budget')!
    expect(budget.sentence).toContain('The budget of $150.00 an hour is spent in full')
    expect(budget.sentence).toMatch(/unserved/)
    expect(budget.sentence).toMatch(/With 5 % more budget the optimizer would serve [\d.,]+ more H100-equivalents/)
  }, 120_000)
})

describe('CLI', () => {
  it('fleetplan optimize --scenario-id prints the decision', () => {
    const BIN = join(REPO_ROOT, 'bin', 'fleetplan.js')
    const out = spawnSync(process.execPath, [BIN, 'optimize', '--scenario-id', baseline.id!, '--percentile', '90', '--workspace', b.workspacePath], { encoding: 'utf8' })
    expect(out.status, out.stderr).toBe(0)
    expect(out.stdout).toMatch(/costs \$[\d,]+ an hour: \$[\d,]+ a month/)
    expect(out.stdout).toMatch(/Compared with the current fleet/)
    expect(out.stdout).toMatch(/why: /)
  })
})
