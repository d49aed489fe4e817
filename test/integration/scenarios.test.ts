import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushEvent } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { OptimizeResult, Scenario, SimulationResult } from '../../shared/scenario-types'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { REPO_ROOT, tempDir } from '../helpers/tmp'

const EXAMPLES = join(REPO_ROOT, 'resources', 'examples')
const DEMO = join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')
const readJson = <T>(f: string): T => JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')) as T

let b: TestBackend
beforeAll(async () => {
  b = await emptyBackend()
})
afterAll(async () => {
  await b.close()
})

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected a failure')
}

describe('catalog', () => {
  it('carries every required accelerator, each figure with a source and date', async () => {
    const c = await b.call('catalog-get', {})
    const ids = c.accelerators.map((a) => a.id)
    for (const id of ['H100', 'H200', 'B200', 'A100', 'L40S', 'MI300X', 'MI325X', 'TPUv5e', 'TPUv5p', 'TPUv6e', 'Gaudi3', 'Trainium2']) expect(ids).toContain(id)
    expect(c.accelerators.some((a) => a.kind === 'fpga')).toBe(true)
    for (const a of c.accelerators) expect(a.source.url).toMatch(/^https:\/\//)
    for (const p of c.prices) {
      expect(p.source.length).toBeGreaterThan(5)
      expect(p.date).toMatch(/^\d{4}-\d{2}/)
    }
    const options = new Set(c.prices.map((p) => p.option))
    for (const o of ['on-demand', 'spot', 'reserved-1y', 'reserved-3y', 'capacity-block', 'on-prem']) expect(options).toContain(o)
    expect(c.carbon.regions.find((r) => r.provider === 'gcp' && r.region === 'us-east4')?.gridGco2ePerKwh).toBe(383)
    // Gavel-derived legacy GPUs are present for every class.
    expect(c.throughput.entries.find((e) => e.accelerator === 'K80')?.values.vision).toBeGreaterThan(0)
  })

  it('keeps user overrides apart from the defaults and marks them; removing one brings the default back', async () => {
    const key = 'H100|gcp|us-east4|on-demand'
    const before = (await b.call('catalog-get', {})).prices.find((p) => `${p.accelerator}|${p.provider}|${p.region}|${p.option}` === key)!
    await b.call('catalog-override', { kind: 'price', key, field: 'usdPerAccelHour', value: 7.5, note: 'negotiated' })
    const c = await b.call('catalog-get', {})
    const p = c.prices.find((x) => `${x.accelerator}|${x.provider}|${x.region}|${x.option}` === key)!
    expect(p.usdPerAccelHour).toBe(7.5)
    expect(p.overridden).toEqual(['usdPerAccelHour'])
    expect(c.overrides).toHaveLength(1)
    await b.call('catalog-override', { kind: 'price', key, field: 'usdPerAccelHour', value: null })
    const back = (await b.call('catalog-get', {})).prices.find((x) => `${x.accelerator}|${x.provider}|${x.region}|${x.option}` === key)!
    expect(back.usdPerAccelHour).toBe(before.usdPerAccelHour)
    expect(back.overridden).toBeUndefined()
    const bad = await failure(b.call('catalog-override', { kind: 'accelerator', key: 'H100', field: 'colour', value: 1 }))
    expect(bad.code).toBe('invalid-input')
  })
})

describe('scenarios and simulation', () => {
  it('derives the baseline fleet from imported billing', async () => {
    await b.call('billing-import', { files: [{ ref: DEMO }] })
    const s = await b.call('scenario-baseline', { save: true, paths: 20 })
    expect(s.id).toMatch(/^sc_/)
    // Independently: the distinct accelerator pools in billing (type × provider × region × pricing category).
    const pools = b.backend.ctx.ws.db
      .prepare(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT accelerator_type, "ProviderName", "RegionId", "PricingCategory" FROM billing_line WHERE accelerator_type IS NOT NULL)`)
      .get() as { n: number }
    expect(s.fleet.length).toBe(pools.n)
    // Observed price per accelerator-hour reproduces the billed accelerator cost.
    const rows = b.backend.ctx.ws.db
      .prepare(`SELECT SUM("BilledCost") AS cost, SUM("ConsumedQuantity" * accelerator_count) AS ah FROM billing_line WHERE accelerator_type IS NOT NULL`)
      .get() as { cost: number; ah: number }
    expect(Object.keys(s.priceOverrides ?? {})).toHaveLength(pools.n)
    expect(rows.cost / rows.ah).toBeGreaterThan(Math.min(...Object.values(s.priceOverrides!)) - 1e-9)
    expect(s.demand.streams.length).toBeGreaterThan(0)
    const r = await b.call('scenario-simulate', { id: s.id })
    expect(r.paths).toBe(20)
    expect(r.workers).toBe(2)
    expect(r.kpis.utilisation.mean).toBeGreaterThan(0)
    expect(r.kpis.utilisation.mean).toBeLessThanOrEqual(1)
  })

  it('saves a variant, simulates it over both workers, records and compares runs', async () => {
    const v = await b.call('scenario-save', { scenario: { ...readJson<Scenario>('scenario-mixed-cloud.json'), simulation: { paths: 40, seed: 5 } } })
    const r1 = await b.call('scenario-simulate', { id: v.id })
    const r2 = await b.call('scenario-simulate', { id: v.id, workers: 1 })
    // Same seed: the answer does not depend on the number of workers.
    expect(r2.kpis).toEqual(r1.kpis)
    for (const k of Object.values(r1.kpis)) expect(k.ci95[0]).toBeLessThanOrEqual(k.mean + 1e-9)
    const runs = await b.call('scenario-runs', { scenarioId: v.id })
    expect(runs).toHaveLength(2)
    const list = await b.call('scenario-list', {})
    expect(list.find((x) => x.id === v.id)?.lastRun?.id).toBe(runs[0]?.id)
    const cmp = await b.call('scenario-compare', { ids: [v.id!, list.find((x) => x.basis === 'baseline')!.id] })
    expect(cmp.scenarios.map((x) => !!x.run)).toEqual([true, true])
  })

  it('reports progress and can be cancelled', async () => {
    const events: PushEvent[] = []
    const off = b.backend.events.subscribe((e) => events.push(e))
    const s = { ...readJson<Scenario>('scenario-mixed-cloud.json'), horizonHours: 24 * 365, simulation: { paths: 20000, seed: 1 } }
    const reply = await b.backend.dispatcher.dispatch('scenario-simulate', { scenario: s })
    if (!reply.ok) throw new Error(reply.error.message)
    const { jobId } = reply.value as { jobId: string }
    for (let i = 0; i < 200 && !events.some((e) => e.type === 'job-progress' && e.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 50))
    expect(await b.call('job-cancel', { jobId })).toEqual({ cancelled: true })
    for (let i = 0; i < 200 && !events.some((e) => e.type === 'job-failed' && e.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 50))
    off()
    const failed = events.find((e) => e.type === 'job-failed' && e.jobId === jobId)
    expect(failed?.type === 'job-failed' && failed.error.code).toBe('cancelled')
    expect((await b.call('scenario-runs', {})).some((r) => r.paths === 20000)).toBe(false)
  })

  it('refuses bad scenarios with the field named', async () => {
    const s = readJson<Scenario>('scenario-mixed-cloud.json')
    const e1 = await failure(b.call('scenario-save', { scenario: { ...s, fleet: [{ ...s.fleet[0]!, count: -1 }] } }))
    expect(e1.code).toBe('invalid-input')
    expect(e1.issues?.[0]?.path).toBe('scenario.fleet.0.count')
    const e2 = await failure(b.call('scenario-save', { scenario: { ...s, fleet: [{ ...s.fleet[0]!, accelerator: 'H900' }] } }))
    expect(e2.message).toContain('Unknown accelerator "H900"')
    const e3 = await failure(b.call('scenario-save', { scenario: { ...s, fleet: [{ ...s.fleet[0]!, region: 'mars-1' }] } }))
    expect(e3.message).toContain('No price for H100 at gcp/mars-1/reserved-1y')
  })
})

describe('example files run as they are', () => {
  const scenarios = readdirSync(EXAMPLES).filter((f) => /^scenario-.*\.json$/.test(f))
  const problems = readdirSync(EXAMPLES).filter((f) => /^problem-.*\.json$/.test(f))
  it('there are examples of both kinds', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(2)
    expect(problems.length).toBeGreaterThanOrEqual(1)
  })
  it.each(scenarios)('%s simulates', async (f) => {
    const r = await b.call('scenario-simulate', { scenario: readJson(f) })
    expect(r.paths).toBe(readJson<Scenario>(f).simulation.paths)
    expect(r.kpis.costUsd.mean).toBeGreaterThan(0)
  })
  it.each(problems)('%s optimizes', async (f) => {
    const r = await b.call('optimize', { problem: readJson(f) })
    expect(r.status).toBe('Optimal')
    expect(r.fleet.length).toBeGreaterThan(0)
  })
})

describe('CLI', () => {
  const BIN = join(REPO_ROOT, 'bin', 'fleetplan.js')
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  it('fleetplan scenario simulate / optimize --json on the example files', () => {
    if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('out/main/cli.js missing: run `npm run build` first')
    const t = tempDir()
    try {
      const ws = join(t.dir, 'w.sqlite')
      const sim = run('scenario', 'simulate', '--scenario', join(EXAMPLES, 'scenario-mixed-cloud.json'), '--paths', '16', '--workspace', ws, '--json')
      expect(sim.status, sim.stderr).toBe(0)
      const r = JSON.parse(sim.stdout) as SimulationResult
      expect(r.paths).toBe(16)
      expect(r.runId).toMatch(/^sim_/)
      const opt = run('optimize', '--problem', join(EXAMPLES, 'problem-next-year.json'), '--workspace', ws, '--json')
      expect(opt.status, opt.stderr).toBe(0)
      expect((JSON.parse(opt.stdout) as OptimizeResult).status).toBe('Optimal')
      const bad = run('optimize', '--workspace', ws)
      expect(bad.status).toBe(2)
    } finally {
      t.cleanup()
    }
  })
})
