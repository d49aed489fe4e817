import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Reconciliation } from '../../shared/reconcile-types'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { pythonBilledAccelerators } from '../helpers/billed-accelerators'
import { FOCUS_SAMPLE, REPO_ROOT, tempDir } from '../helpers/tmp'

const DEMO_DIR = join(REPO_ROOT, 'resources', 'demo')
const DEMO_FILES = [join(DEMO_DIR, 'focus-1.0-sample-1000.csv'), join(DEMO_DIR, 'demo-accelerator-spend.focus.csv')]
const SEPT = ['2024-09-01', '2024-10-01'] as const

/** Each group of steps leads from the billed accelerator spend to its figure, exactly (to the cent). */
function expectStepsAddUp(r: Reconciliation, towards: 'simulated' | 'forecast' | 'next-month', to: number): void {
  const steps = r.differences.filter((d) => d.towards === towards)
  expect(steps.length).toBeGreaterThan(0)
  for (const d of steps) expect(d.reason.length).toBeGreaterThan(20)
  expect(r.billedAcceleratorUsd + steps.reduce((s, d) => s + d.usd, 0)).toBeCloseTo(to, 0)
}

/** The invariant: simulated within 5 % of billed accelerator spend, or the named reasons account for the rest. */
function expectWithinToleranceOrNamed(r: Reconciliation, named: string[]): void {
  const sim = r.simulatedUsd as number
  const named$ = r.differences.filter((d) => d.towards === 'simulated' && named.includes(d.key)).reduce((s, d) => s + d.usd, 0)
  expect(Math.abs(sim - named$ - r.billedAcceleratorUsd)).toBeLessThanOrEqual(0.05 * r.billedAcceleratorUsd)
}

describe('Reconcile on the demo workspace', () => {
  let b: TestBackend
  let r: Reconciliation
  beforeAll(async () => {
    b = await emptyBackend()
    await b.call('billing-import', { files: DEMO_FILES.map((ref) => ({ ref })) })
    r = await b.call('workspace-reconcile', {})
  })
  afterAll(async () => b?.close())

  it('takes September 2024, the last full month, and bills it as Python reads the files', () => {
    expect(r.period).toMatchObject({ start: '2024-09-01', end: '2024-10-01', label: 'September 2024', days: 30, full: true })
    const py = pythonBilledAccelerators(DEMO_FILES, ...SEPT)
    expect(py.rows).toBe(4037)
    expect(r.billedAcceleratorUsd).toBeCloseTo(py.accelerators, 2)
    expect(r.billedUsd).toBeCloseTo(py.all, 2)
  })

  it('simulates the baseline fleet over September with September’s demand within 5 % of the bill', () => {
    const sim = r.simulatedUsd as number
    const py = pythonBilledAccelerators(DEMO_FILES, ...SEPT)
    // Before the fix the baseline fleet cost count × hours for every pool: 1.72 × the bill.
    expect(Math.abs(sim - py.accelerators) / py.accelerators).toBeLessThanOrEqual(0.05)
    expect(r.withinTolerance).toBe(true)
    expectStepsAddUp(r, 'simulated', sim)
    // The only accelerator outside the catalog is the real sample's AWS A10G ($10.20): named, not hidden.
    const unknown = r.differences.find((d) => d.key === 'not-in-catalog')
    expect(unknown?.usd).toBeCloseTo(-pythonBilledAccelerators([DEMO_FILES[0] as string], ...SEPT).accelerators, 2)
    expect(unknown?.reason).toContain('A10G')
    // Every pool of the demo is cloud on-demand or spot: paid per use, as billed.
    expect(r.simulation.pools).toHaveLength(6)
    for (const p of r.simulation.pools) {
      expect(p.perUse).toBe(true)
      expect(Math.abs(p.simulatedUsd - p.billedUsd) / p.billedUsd).toBeLessThan(0.1)
    }
  })

  it('compares the next month with the same forecast the Forecast page and plans use, step by step', async () => {
    // No history before September: no forecast of September itself, and it says why.
    expect(r.forecastUsd).toBeNull()
    expect(r.forecast.note).toMatch(/three weeks of history before 2024-09-01/)
    const next = r.nextMonth!
    const fc = await b.call('cost-forecast', { horizonDays: 30 })
    expect(next.forecastUsd).toBeCloseTo(fc.total!.mean, 1)
    expect(next.model).toBe(fc.model)
    expectStepsAddUp(r, 'next-month', next.forecastUsd)
    // The run rate averages a month that rose: the last 7 days ran well above it, and that step says so.
    const level = r.differences.find((d) => d.key === 'recent-level')!
    expect(level.usd).toBeGreaterThan(100_000)
    // A plan's first forecast month is the same figure.
    const plan = await b.call('plan-create', { name: 'reconcile check', horizonDays: 90 })
    expect(plan.totals!.forecastFirstMonth).toBeCloseTo(next.forecastUsd, 0)
    expect(plan.totals!.monthlyRunRate).toBeCloseTo(r.billedUsd, 1)
    expect(plan.totals!.definitions?.monthlyRunRate).toMatch(/last 30 days/)
  })

  it('the baseline fleet over the next 90 days no longer costs 1.7 × the bill', async () => {
    const base = await b.call('scenario-baseline', { paths: 20 })
    const sim = await b.call('scenario-simulate', { scenario: base, paths: 20 })
    const fc = await b.call('cost-forecast', { horizonDays: 90 })
    // It starts from the last billed week and grows at each team's fitted rate: above three times the month's
    // average (the demand rose through September), inside the forecast's 95 % band for the same 90 days.
    expect(sim.kpis.costUsd.mean).toBeGreaterThan(3 * r.billedAcceleratorUsd)
    expect(sim.kpis.costUsd.mean).toBeLessThan(fc.total!.hi95)
    expect(sim.kpis.costUsd.mean).toBeGreaterThan(fc.total!.lo95)
  })
})

describe('Reconcile on other bills', () => {
  it('the real FOCUS sample alone: its only accelerator (A10G) is named as the whole difference', async () => {
    const b = await emptyBackend()
    try {
      await b.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
      const r = await b.call('workspace-reconcile', {})
      const py = pythonBilledAccelerators([FOCUS_SAMPLE], ...SEPT)
      expect(r.period.label).toBe('September 2024')
      expect(r.billedAcceleratorUsd).toBeCloseTo(py.accelerators, 2)
      expect(r.billedAcceleratorUsd).toBeGreaterThan(0)
      expect(r.simulatedUsd).toBe(0)
      expect(r.withinTolerance).toBe(false)
      expectWithinToleranceOrNamed(r, ['not-in-catalog'])
      expect(r.unexplainedPct).toBeLessThanOrEqual(5)
      expect(r.simulation.note).toMatch(/A10G/)
    } finally {
      await b.close()
    }
  })

  it('a reserved pool is paid whatever the use: the difference is named, and the rest is within 5 %', async () => {
    const b = await emptyBackend()
    try {
      // The demo's Lambda pool bought as a commitment instead of on demand.
      const file = join(b.dir, 'committed.csv')
      const lines = readFileSync(DEMO_FILES[1] as string, 'utf8').split('\n')
      writeFileSync(file, lines.map((l) => (l.includes('gpu_8x_h100_sxm5') ? l.replace(',"Standard",', ',"Committed",') : l)).join('\n'))
      await b.call('billing-import', { files: [{ ref: file }] })
      const r = await b.call('workspace-reconcile', { paths: 20 })
      const py = pythonBilledAccelerators([file], ...SEPT)
      expect(r.billedAcceleratorUsd).toBeCloseTo(py.accelerators, 2)
      const lambda = r.simulation.pools.find((p) => p.label.includes('lambda'))!
      expect(lambda.perUse).toBe(false)
      const fixed = r.differences.find((d) => d.key === 'fixed-capacity')!
      expect(fixed.usd).toBeGreaterThan(0)
      expect(fixed.reason).toContain('lambda')
      expectStepsAddUp(r, 'simulated', r.simulatedUsd as number)
      expectWithinToleranceOrNamed(r, ['fixed-capacity', 'not-in-catalog'])
    } finally {
      await b.close()
    }
  })

  it('fleetplan workspace reconcile --json answers the figures and the steps', () => {
    const bin = join(REPO_ROOT, 'bin', 'fleetplan.js')
    if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('out/main/cli.js missing: run `npm run build` first')
    const t = tempDir()
    const ws = join(t.dir, 'w.sqlite')
    const imp = spawnSync(process.execPath, [bin, 'import', ...DEMO_FILES, '--workspace', ws], { encoding: 'utf8' })
    expect(imp.status).toBe(0)
    const run = spawnSync(process.execPath, [bin, 'workspace', 'reconcile', '--workspace', ws, '--paths', '10', '--json'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const r = JSON.parse(run.stdout) as Reconciliation
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['period', 'billedAcceleratorUsd', 'simulatedUsd', 'forecastUsd', 'differences']))
    expect(r.differences.every((d) => typeof d.reason === 'string' && typeof d.usd === 'number')).toBe(true)
    const text = spawnSync(process.execPath, [bin, 'workspace', 'reconcile', '--workspace', ws, '--paths', '10'], { encoding: 'utf8' })
    expect(text.stdout).toContain('Reconcile September 2024')
    expect(text.stdout).toMatch(/= simulated baseline fleet/)
    t.cleanup()
  })
})
