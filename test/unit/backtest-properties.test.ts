/**
 * Properties of the commitment backtest over random demands and prices (fast-check):
 * - the hindsight-optimal commitment is never worse, on the same replay, than the plan, any baseline or any
 *   other commitment;
 * - it equals a brute-force search over every integer commitment (the reference does not use the optimizer);
 * - the optimizer's objective on the actual hours equals the hour-by-hour replay.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Commitment, CommittedOption, TypePrices } from '../../shared/backtest-types'
import { evaluateType } from '../../main/backtest/evaluate'
import { optimizeCommitment, penaltyOf } from '../../main/backtest/commitment-optimizer'
import { atomsOf, costModel, countsOf, expectedCost, replay, sortAtoms } from '../../main/backtest/replay'

const demandArb = fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.double({ min: 0, max: 12, noNaN: true })), { minLength: 24, maxLength: 96 })

const pricesArb: fc.Arbitrary<TypePrices> = fc
  .record({
    od: fc.double({ min: 1, max: 10, noNaN: true }),
    r1: fc.double({ min: 0.3, max: 0.95, noNaN: true }),
    r3: fc.option(fc.double({ min: 0.2, max: 0.9, noNaN: true }), { nil: undefined }),
    onprem: fc.option(fc.record({ fixed: fc.double({ min: 0.1, max: 0.6, noNaN: true }), busy: fc.double({ min: 0, max: 0.2, noNaN: true }) }), { nil: undefined }),
    spot: fc.option(fc.record({ price: fc.double({ min: 0.2, max: 0.9, noNaN: true }), avail: fc.double({ min: 0.5, max: 1, noNaN: true }), cap: fc.integer({ min: 0, max: 6 }) }), { nil: undefined }),
    withOd: fc.boolean(),
  })
  .map((p) => ({
    type: 'X',
    accelerator: 'H100',
    provider: 'test',
    region: 'test-1',
    committed: [
      { option: 'reserved-1y', fixedUsdPerHour: p.od * p.r1, busyUsdPerHour: 0, source: 'random' },
      ...(p.r3 !== undefined ? [{ option: 'reserved-3y' as CommittedOption, fixedUsdPerHour: p.od * p.r3, busyUsdPerHour: 0, source: 'random' }] : []),
      ...(p.onprem ? [{ option: 'on-prem' as CommittedOption, fixedUsdPerHour: p.od * p.onprem.fixed, busyUsdPerHour: p.od * p.onprem.busy, source: 'random' }] : []),
    ],
    // Without spot there must be on-demand, or nothing could serve above the commitment at all.
    onDemand: p.withOd || !p.spot ? { usdPerHour: p.od, source: 'random' } : null,
    spot: p.spot ? { usdPerHour: p.od * p.spot.price, avail: p.spot.avail, cap: p.spot.cap, source: 'random' } : null,
  }))

/** The objective (unmet at the optimizer's penalty) by replaying hour by hour. */
function objective(prices: TypePrices, demand: number[], c: Commitment): number {
  const m = costModel(prices)
  const r = replay(m, demand, c)
  return r.costUsd + penaltyOf(m) * r.unmetHours
}

/** Every integer commitment up to the peak, for up to three committed options: the reference optimum. */
function bruteForce(prices: TypePrices, demand: number[]): number {
  const peak = Math.ceil(Math.max(0, ...demand))
  const opts = prices.committed.map((c) => c.option)
  let best = Infinity
  const rec = (i: number, c: Commitment) => {
    if (i === opts.length) {
      best = Math.min(best, objective(prices, demand, c))
      return
    }
    for (let n = 0; n <= peak; n++) rec(i + 1, { ...c, [opts[i]!]: n })
  }
  rec(0, {})
  return best
}

const rel = (x: number) => 1e-9 * Math.max(1, Math.abs(x))

describe('backtest properties', () => {
  it('hindsight-optimal equals a brute-force search over every integer commitment', async () => {
    await fc.assert(
      fc.asyncProperty(pricesArb, demandArb, async (prices, demand) => {
        const h = await optimizeCommitment(costModel(prices), atomsOf(demand))
        const got = objective(prices, demand, h.commitment)
        const ref = bruteForce(prices, demand)
        expect(got).toBeLessThanOrEqual(ref + rel(ref))
        expect(got).toBeGreaterThanOrEqual(ref - rel(ref))
      }),
      { numRuns: 40 },
    )
  })

  it('hindsight-optimal is never worse than the plan, any baseline, or a random commitment on the same replay', async () => {
    await fc.assert(
      fc.asyncProperty(
        pricesArb,
        demandArb,
        demandArb,
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 3, maxLength: 3 }),
        async (prices, train, test, scale, random) => {
          // A forecast from the training mean, scaled, with bands ±50 % / ±100 %: often wrong, as forecasts are.
          const mu = (train.reduce((a, b) => a + b, 0) / train.length) * scale
          const forecast = {
            mean: test.map(() => mu),
            intervals: [
              { level: 80, lo: test.map(() => mu * 0.5), hi: test.map(() => mu * 1.5) },
              { level: 95, lo: test.map(() => 0), hi: test.map(() => mu * 2) },
            ],
            model: 'random',
            detail: '',
            note: null,
          }
          const r = await evaluateType({ prices, train, test, forecast })
          const hind = objective(prices, test, r.hindsight.commitment)
          expect(hind).toBeLessThanOrEqual(objective(prices, test, r.plan.commitment) + rel(hind))
          for (const b of r.baselines) {
            // "All on-demand" replays against on-demand alone, a subset of what the optimizer may use.
            const cost = b.name === 'all-on-demand' ? b.costUsd + penaltyOf(costModel(prices)) * b.unmetHours : objective(prices, test, b.commitment)
            expect(hind).toBeLessThanOrEqual(cost + rel(hind))
          }
          const c: Commitment = {}
          prices.committed.forEach((p, i) => (c[p.option] = random[i] ?? 0))
          expect(hind).toBeLessThanOrEqual(objective(prices, test, c) + rel(hind))
          // Realised cost (unmet left out) and unmet both reported; regret is plan / hindsight − 1.
          if (r.hindsight.costUsd > 0) expect(r.regret).toBeCloseTo(r.plan.costUsd / r.hindsight.costUsd - 1, 12)
        },
      ),
      { numRuns: 40 },
    )
  })

  it("the optimizer's objective on the actual hours equals the hour-by-hour replay", () => {
    fc.assert(
      fc.property(pricesArb, demandArb, fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 3, maxLength: 3 }), (prices, demand, random) => {
        const m = costModel(prices)
        const c: Commitment = {}
        prices.committed.forEach((p, i) => (c[p.option] = random[i] ?? 0))
        const viaSorted = expectedCost(m, sortAtoms(atomsOf(demand)), countsOf(m, c), penaltyOf(m))
        const viaReplay = objective(prices, demand, c)
        expect(Math.abs(viaSorted - viaReplay)).toBeLessThanOrEqual(1e-7 * Math.max(1, viaReplay))
      }),
      { numRuns: 300 },
    )
  })
})
