/**
 * One price per pool: the scenario editor (pool-prices), the optimizer (its pool table) and the simulation
 * (per-pool cost of a real run) quote the same figure, pool by pool, and that figure is what a hand
 * calculation from the bundled catalog files gives.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepare } from '../../main/optimize/milp'
import type { Catalog, PurchaseOption, Scenario } from '../../shared/scenario-types'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { REPO_ROOT } from '../helpers/tmp'

interface RawPrices {
  entries: { accelerator: string; provider: string; region: string; option: PurchaseOption; usdPerAccelHour: number }[]
  onPrem: { defaults: { lifeYears: number; electricityUsdPerKwh: number; hostingUsdPerAccelHour: number; pue: number }; capex: { accelerator: string; usdPerAccel: number }[] }
}
const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'catalog', 'prices.json'), 'utf8')) as RawPrices
const accs = (JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'catalog', 'accelerators.json'), 'utf8')) as { accelerators: { id: string; tdpW: number; idleW: number }[] }).accelerators
const key = (p: { accelerator: string; provider: string; region: string; option: string }): string => `${p.accelerator}|${p.provider}|${p.region}|${p.option}`

/** By hand from the catalog files: cloud = the cited row; on-prem = capex ÷ life + hosting + energy at u. */
function handPrice(p: { accelerator: string; provider: string; region: string; option: string }, u: number): number | null {
  if (p.option === 'on-prem') {
    const d = raw.onPrem.defaults
    const capex = raw.onPrem.capex.find((c) => c.accelerator === p.accelerator)!
    const a = accs.find((x) => x.id === p.accelerator)!
    const kw = (a.idleW + u * (a.tdpW - a.idleW)) / 1000
    // The catalog quotes the fixed part to 1/100 of a cent.
    const fixed = Math.round((capex.usdPerAccel / (d.lifeYears * 8760) + d.hostingUsdPerAccelHour) * 10000) / 10000
    return fixed + kw * d.pue * d.electricityUsdPerKwh
  }
  return raw.entries.find((e) => key(e) === key(p))?.usdPerAccelHour ?? null
}

let b: TestBackend
let cat: Catalog
beforeAll(async () => {
  b = await emptyBackend()
  cat = await b.call('catalog-get', {})
})
afterAll(async () => {
  await b.close()
})

describe('one price function for editor, optimizer and simulation', () => {
  it('quotes on-prem B200 at the same figure everywhere: capex ÷ life + hosting + energy at 80 % busy', async () => {
    const editor = (await b.call('pool-prices', {})).find((p) => p.key === 'B200|onprem|onprem-us-east|on-prem')!
    const hand = handPrice(editor, 0.8)!
    expect(hand).toBeCloseTo(2.0004, 3)
    expect(editor.usdPerHour).toBeCloseTo(hand, 9)
    expect(editor.fixedUsdPerHour).toBeCloseTo(1.8696, 3)
    const opt = prepare({ demand: [{ team: 't', workloadClass: 'vision', demand: 1 }], candidates: [editor] }, cat)
    expect(opt.pools[0]!.price).toBeCloseTo(hand, 9)
  })

  it('agrees pool by pool over the whole catalog, also with a scenario’s own prices and a price multiplier', async () => {
    const observed = { 'H100|aws|us-east-1|on-demand': 3.1, 'H100|lambda|somewhere|on-demand': 2.49 }
    for (const pricing of [{}, { priceOverrides: observed, priceMultiplier: 1.1 }] as const) {
      const editor = await b.call('pool-prices', pricing)
      // Every catalog pool, plus the pool only the scenario prices.
      expect(editor.length).toBe(cat.prices.length + ('priceOverrides' in pricing ? 1 : 0))
      const problem = { demand: [{ team: 't', workloadClass: 'llm-inference' as const, demand: 1 }], candidates: editor.map((p) => ({ accelerator: p.accelerator, provider: p.provider, region: p.region, option: p.option })), ...pricing }
      const opt = new Map(prepare(problem, cat).pools.map((p) => [p.key, p.price]))
      const mult = 'priceMultiplier' in pricing ? pricing.priceMultiplier : 1
      let checkedByHand = 0
      for (const p of editor) {
        expect(opt.get(p.key), p.key).toBeCloseTo(p.usdPerHour, 9)
        const own = 'priceOverrides' in pricing ? (pricing.priceOverrides as Record<string, number>)[p.key] : undefined
        const hand = own !== undefined ? own : handPrice(p, 0.8)
        if (hand === null) continue // derived rows (reserved = on-demand × discount) are checked by the catalog tests
        expect(p.usdPerHour, p.key).toBeCloseTo(hand * mult, 6)
        checkedByHand++
      }
      expect(checkedByHand).toBeGreaterThan(20)
    }
  })

  it('the simulation charges each pool exactly the price function at the utilisation it simulated', async () => {
    const scenario: Scenario = {
      name: 'price check',
      horizonHours: 24 * 7,
      fleet: [
        { accelerator: 'B200', provider: 'onprem', region: 'onprem-us-east', option: 'on-prem', count: 6 },
        { accelerator: 'H100', provider: 'aws', region: 'us-east-1', option: 'on-demand', count: 4 },
        { accelerator: 'H100', provider: 'lambda', region: 'somewhere', option: 'on-demand', count: 3 },
      ],
      demand: { streams: [{ team: 'a', workloadClass: 'llm-inference', base: 8, growthPctPerMonth: 0 }], noisePct: 10, growthSdPct: 0, diurnalAmplitude: 0.25, weekendDip: 0.15 },
      policy: { queue: 'fifo', maxWaitHours: 72, fairnessFloor: 0.8 },
      priceOverrides: { 'H100|lambda|somewhere|on-demand': 2.49 },
      priceMultiplier: 1.2,
      simulation: { paths: 20, seed: 3 },
    }
    const run = await b.call('scenario-simulate', { scenario })
    const pricing = { priceOverrides: scenario.priceOverrides, priceMultiplier: scenario.priceMultiplier }
    for (const [i, f] of scenario.fleet.entries()) {
      const pool = run.pools[i]!
      expect(pool.count).toBe(f.count)
      const perAccelHour = pool.costUsd / (f.count * run.hours)
      const quoted = (await b.call('pool-prices', { ...pricing, utilisation: pool.utilisation })).find((p) => p.key === key(f))!
      expect(perAccelHour, key(f)).toBeCloseTo(quoted.usdPerHour, 6)
      const own = scenario.priceOverrides![key(f)]
      expect(perAccelHour, key(f)).toBeCloseTo((own ?? handPrice(f, pool.utilisation)!) * 1.2, 6)
    }
    // On-prem energy depends on use: the pool was neither idle nor flat out, so its price differs from the fixed part.
    expect(run.pools[0]!.utilisation).toBeGreaterThan(0.05)
  })
})
