import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Scenario } from '../../shared/scenario-types'
import { buildCatalog, loadDefaults } from '../../main/catalog/catalog'
import { compileScenario, summarise, splitPaths } from '../../main/simulate/compile'
import { K, simulateChunk, type CompiledModel } from '../../main/simulate/engine'
import { Rng } from '../../main/simulate/rng'

const catalog = buildCatalog(loadDefaults(join(__dirname, '..', '..', 'resources', 'catalog')), [])
const example = (f: string): Scenario => JSON.parse(readFileSync(join(__dirname, '..', '..', 'resources', 'examples', f), 'utf8')) as Scenario

/** Erlang C probability of waiting and mean wait in queue, written out here from the textbook formula. */
function erlangC(c: number, lambda: number, mu: number): { pWait: number; wq: number } {
  const a = lambda / mu
  let term = 1
  let sum = 0
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k
    sum += term
  }
  const last = (term * a) / c // a^c / c!
  const top = last * (c / (c - a))
  const pWait = top / (sum + top)
  return { pWait, wq: pWait / (c * mu - lambda) }
}

function mmcModel(c: number, lambda: number, mu: number, dt: number, hours: number, seed: number): CompiledModel {
  return {
    dt,
    steps: Math.round(hours / dt),
    maxWaitSteps: Math.round(100 / dt),
    policy: 0,
    pools: [{ label: 'mmc', count: c, usdPerAccelHour: 1, idleKw: 0, busyExtraKw: 0, pue: 1, gridKgPerKwh: 0, electricityUsdPerKwh: 0, interruptPerStep: 0 }],
    rows: [{ pool: 0, stream: 0, share: 1, pDone: mu * dt, priority: 0, weight: 1 }],
    // base = λ × meanJobHours (busy servers demanded): with meanJobHours 1/μ the arrival rate is λ.
    streams: [{ team: 0, base: lambda / mu, growthPctPerMonth: 0, meanJobHours: 1 / mu }],
    teams: ['t'],
    demand: { noiseSd: 0, phi: 0, growthSdPct: 0, diurnalAmplitude: 0, weekendDip: 0 },
    seed,
    fairnessFloor: 0.5,
  }
}

describe('Monte Carlo engine', () => {
  it('an M/M/c queue matches Erlang C (c = 4, λ = 3/h, μ = 1/h)', () => {
    const want = erlangC(4, 3, 1)
    expect(want.pWait).toBeCloseTo(0.5094, 3)
    const runs = [11, 12, 13].map((seed) => simulateChunk(mmcModel(4, 3, 1, 0.01, 8000, seed), 0, 1))
    const meanWait = runs.reduce((s, r) => s + r.perPath[K.meanWait]!, 0) / runs.length
    const util = runs.reduce((s, r) => s + r.perPath[K.util]!, 0) / runs.length
    // Discretisation (dt = 0.01 h) and ~72,000 simulated jobs: within 5 % of Erlang C's 0.509 h.
    console.log(`M/M/4 (λ=3, μ=1): simulated mean wait ${meanWait.toFixed(4)} h vs Erlang C ${want.wq.toFixed(4)} h; utilisation ${util.toFixed(4)}`)
    expect(Math.abs(meanWait - want.wq) / want.wq).toBeLessThan(0.05)
    expect(util).toBeCloseTo(0.75, 1)
  })

  it('an M/M/c queue at low load (c = 8, λ = 4/h, μ = 1/h) also matches Erlang C', () => {
    const want = erlangC(8, 4, 1)
    const r = simulateChunk(mmcModel(8, 4, 1, 0.01, 20000, 5), 0, 1)
    expect(Math.abs(r.perPath[K.meanWait]! - want.wq)).toBeLessThan(0.01 + 0.1 * want.wq)
  })

  it("Little's law holds on simulated scenario runs (L = λ·W), with spot interruptions and abandonment", () => {
    const s = example('scenario-mixed-cloud.json')
    s.simulation.paths = 12
    const { model } = compileScenario(s, catalog)
    const r = simulateChunk(model, 0, 12)
    const L = r.littles.queueArea / (12 * model.steps)
    const lambda = r.littles.arrivals / (12 * model.steps * model.dt)
    const W = (r.littles.waitSum / r.littles.arrivals) * model.dt
    expect(r.littles.arrivals).toBeGreaterThan(1000)
    expect(L).toBeGreaterThan(0)
    expect(Math.abs(L - lambda * W) / L).toBeLessThan(1e-9)
  })

  it('is seeded and reproducible, and splitting paths over workers does not change the answer', () => {
    const s = example('scenario-mixed-cloud.json')
    s.horizonHours = 24 * 14
    const { model } = compileScenario(s, catalog)
    const one = simulateChunk(model, 0, 20)
    const parts = splitPaths(20, 3).map(([a, b]) => simulateChunk(model, a, b))
    const merged = summarise(s, model, parts, { workers: 3, elapsedMs: 0, rangePct: 20, notes: [] })
    const single = summarise(s, model, [one], { workers: 1, elapsedMs: 0, rangePct: 20, notes: [] })
    expect(merged.kpis).toEqual(single.kpis)
    const again = simulateChunk(model, 0, 20)
    expect(Array.from(again.perPath)).toEqual(Array.from(one.perPath))
    const other = simulateChunk({ ...model, seed: model.seed + 1 }, 0, 20)
    expect(Array.from(other.perPath)).not.toEqual(Array.from(one.perPath))
  })

  it('priority queueing protects the high-priority team; fair share evens out shares (Jain)', () => {
    const base: Scenario = {
      name: 'contended',
      horizonHours: 24 * 21,
      fleet: [{ accelerator: 'H100', provider: 'gcp', region: 'us-east4', option: 'on-demand', count: 40 }],
      demand: {
        streams: [
          { team: 'hi', workloadClass: 'vision', base: 30, growthPctPerMonth: 0, priority: 5, weight: 1 },
          { team: 'lo', workloadClass: 'vision', base: 30, growthPctPerMonth: 0, priority: 0, weight: 1 },
        ],
        noisePct: 5,
        growthSdPct: 0,
        diurnalAmplitude: 0,
        weekendDip: 0,
      },
      policy: { queue: 'priority', maxWaitHours: 24, fairnessFloor: 0.8 },
      simulation: { paths: 8, seed: 3 },
    }
    const run = (queue: Scenario['policy']['queue']) => {
      const { model } = compileScenario({ ...base, policy: { ...base.policy, queue } }, catalog)
      return summarise(base, model, [simulateChunk(model, 0, 8)], { workers: 1, elapsedMs: 0, rangePct: 20, notes: [] })
    }
    const prio = run('priority')
    const fair = run('fair-share')
    const share = (r: typeof prio, t: string) => r.teams.find((x) => x.team === t)!.servedShare.mean
    expect(share(prio, 'hi')).toBeGreaterThan(0.97)
    expect(share(prio, 'lo')).toBeLessThan(share(prio, 'hi') - 0.2)
    expect(prio.kpis.deserts.mean).toBeGreaterThanOrEqual(1)
    expect(fair.kpis.jain.mean).toBeGreaterThan(prio.kpis.jain.mean)
    expect(Math.abs(share(fair, 'hi') - share(fair, 'lo'))).toBeLessThan(0.05)
  })

  it('takes demand from forecast sample paths (DemandPaths) when given', () => {
    const s: Scenario = {
      name: 'paths',
      horizonHours: 24 * 28,
      fleet: [{ accelerator: 'H100', provider: 'gcp', region: 'us-east4', option: 'on-demand', count: 100 }],
      demand: {
        streams: [{ team: 'a', workloadClass: 'llm-inference', base: 999, growthPctPerMonth: 50 }],
        noisePct: 0,
        growthSdPct: 0,
        diurnalAmplitude: 0,
        weekendDip: 0,
        // Two daily sample paths: 20 and 60 busy H100s (base and growth above must be ignored).
        paths: { streams: [{ team: 'a', workloadClass: 'llm-inference' }], stepHours: 24, values: [[new Array<number>(28).fill(20)], [new Array<number>(28).fill(60)]], source: 'test' },
      },
      policy: { queue: 'fifo', maxWaitHours: 72, fairnessFloor: 0.8 },
      simulation: { paths: 2, seed: 1 },
    }
    const { model } = compileScenario(s, catalog)
    const r = simulateChunk(model, 0, 2)
    expect(r.perPath[K.util]).toBeCloseTo(0.2, 1)
    expect(r.perPath[r.width + K.util]).toBeCloseTo(0.6, 1)
  })

  it('samplers: Poisson and binomial means and variances (exact and normal-approximation regimes)', () => {
    const rng = new Rng(99)
    for (const mean of [0.3, 5, 19, 40, 400]) {
      let s = 0
      let ss = 0
      const n = 40000
      for (let i = 0; i < n; i++) {
        const x = rng.poisson(mean)
        s += x
        ss += x * x
      }
      const m = s / n
      expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(mean / n) + 0.01)
      expect(Math.abs(ss / n - m * m - mean) / mean).toBeLessThan(0.06)
    }
    for (const [n, p] of [[10, 0.1], [300, 0.05], [300, 0.5], [300, 0.97]] as const) {
      let s = 0
      for (let i = 0; i < 20000; i++) s += rng.binomial(n, p)
      expect(Math.abs(s / 20000 - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / 20000) + 0.01)
    }
  })
})
