/**
 * The backtest on a case small enough to work by hand: two types over three days (72 test hours), prices
 * written out below, every expected figure computed in the comments from the demand, not by the code.
 */
import { describe, expect, it } from 'vitest'
import type { TypePrices } from '../../shared/backtest-types'
import { evaluateType, type TypeForecast } from '../../main/backtest/evaluate'
import { aggregate } from '../../main/backtest/run'
import { costModel, replay } from '../../main/backtest/replay'
import { optimizeCommitment } from '../../main/backtest/commitment-optimizer'
import { atomsOf } from '../../main/backtest/replay'

/** Type A: a 1-year reservation at $1/h per accelerator, on-demand at $2/h; no spot. */
const A: TypePrices = {
  type: 'A',
  accelerator: 'H100',
  provider: 'test',
  region: 'test-1',
  committed: [{ option: 'reserved-1y', fixedUsdPerHour: 1, busyUsdPerHour: 0, source: 'hand' }],
  onDemand: { usdPerHour: 2, source: 'hand' },
  spot: null,
}
/** Type B: on-prem at $0.50/h held + $0.25 per busy hour; spot $1.20/h doing 80 % useful work, at most 2 at once; on-demand $3/h. */
const B: TypePrices = {
  type: 'B',
  accelerator: 'A100',
  provider: 'test',
  region: 'test-1',
  committed: [{ option: 'on-prem', fixedUsdPerHour: 0.5, busyUsdPerHour: 0.25, source: 'hand' }],
  onDemand: { usdPerHour: 3, source: 'hand' },
  spot: { usdPerHour: 1.2, avail: 0.8, cap: 2, source: 'hand' },
}

// Test period: A needs 2 accelerators for 48 h then 4 for 24 h; B needs 1 for 36 h then 5 for 36 h.
const testA = [...new Array<number>(48).fill(2), ...new Array<number>(24).fill(4)]
const testB = [...new Array<number>(36).fill(1), ...new Array<number>(36).fill(5)]
// Training period: three days at a flat 3 (A) and 5 (B); the forecasts say the same, with no uncertainty.
const trainA = new Array<number>(72).fill(3)
const trainB = new Array<number>(72).fill(5)
const flat = (v: number): TypeForecast => ({
  mean: new Array<number>(72).fill(v),
  intervals: [80, 95].map((level) => ({ level, lo: new Array<number>(72).fill(v), hi: new Array<number>(72).fill(v) })),
  model: 'hand',
  detail: 'flat',
  note: null,
})

describe('backtest, hand-worked case (two types, three days)', () => {
  it('finds the hindsight-optimal commitment of each type', async () => {
    // A, commit C reserved: 72·C + 2·Σ(d − C)+.
    //   C=1: 72 + 2·(48·1 + 24·3) = 312;  C=2: 144 + 2·(24·2) = 240;  C=3: 216 + 2·(24·1) = 264;  C=4: 288.
    //   Newsvendor: commit while P(d > C) > 1/2 — P(d > 1) = 1, P(d > 2) = 1/3 — so C = 2, $240.
    const a = await optimizeCommitment(costModel(A), atomsOf(testA))
    expect(a.commitment).toEqual({ 'reserved-1y': 2 })
    expect(replay(costModel(A), testA, a.commitment).costUsd).toBeCloseTo(240, 9)
    // B, C on-prem: 36·C held, 0.25 per busy hour; the overflow first on spot (1.2 / 0.8 = $1.50 per useful
    // hour, at most 2 × 0.8 = 1.6 per hour), the rest on-demand at $3.
    //   C=3: 108 + 0.25·(36·1 + 36·3) + 36·(1.6·1.5 + 0.4·3) = 108 + 36 + 129.6 = 273.6
    //   C=4: 144 + 0.25·(36 + 144) + 36·(1·1.5) = 144 + 45 + 54 = 243
    //   C=5: 180 + 0.25·(36 + 180) = 180 + 54 = 234
    //   C=6: 216 + 54 = 270
    const b = await optimizeCommitment(costModel(B), atomsOf(testB))
    expect(b.commitment).toEqual({ 'on-prem': 5 })
    expect(replay(costModel(B), testB, { 'on-prem': 4 }).costUsd).toBeCloseTo(243, 9)
    expect(replay(costModel(B), testB, { 'on-prem': 3 }).costUsd).toBeCloseTo(273.6, 9)
    expect(replay(costModel(B), testB, b.commitment).costUsd).toBeCloseTo(234, 9)
  })

  it('replays the plan, the baselines and the regret as worked out by hand', async () => {
    const ra = await evaluateType({ prices: A, train: trainA, test: testA, forecast: flat(3) })
    const rb = await evaluateType({ prices: B, train: trainB, test: testB, forecast: flat(5) })
    // The plan sees demand 3 every hour (A) and 5 (B): it commits 3 and 5.
    expect(ra.plan.commitment).toEqual({ 'reserved-1y': 3 })
    expect(rb.plan.commitment).toEqual({ 'on-prem': 5 })
    // A: 3 reserved → 216 + 2·24·1 = 264; committed busy hours 48·2 + 24·3 = 168 of 3·72 = 216 → 77.8 %.
    expect(ra.plan.costUsd).toBeCloseTo(264, 9)
    expect(ra.plan.utilisation).toBeCloseTo(168 / 216, 12)
    expect(ra.regret).toBeCloseTo(264 / 240 - 1, 12)
    // B: the plan is the hindsight commitment: regret 0; busy 36·1 + 36·5 = 216 of 360 hours → 60 %.
    expect(rb.plan.costUsd).toBeCloseTo(234, 9)
    expect(rb.regret).toBeCloseTo(0, 12)
    expect(rb.plan.utilisation).toBeCloseTo(216 / 360, 12)
    // Nothing is unmet: on-demand is always there.
    expect(ra.plan.unmetHours + rb.plan.unmetHours).toBe(0)

    // Baselines (A): all on-demand 2·(48·2 + 24·4) = 384; the training mean, peak and last-30-days level are all 3 → 264.
    const base = (r: typeof ra, n: string) => r.baselines.find((x) => x.name === n)!
    expect(base(ra, 'all-on-demand').costUsd).toBeCloseTo(384, 9)
    for (const n of ['commit-train-mean', 'commit-train-peak', 'cloud-recommendation']) {
      expect(base(ra, n).commitment).toEqual({ 'reserved-1y': 3 })
      expect(base(ra, n).costUsd).toBeCloseTo(264, 9)
    }
    // Baselines (B): all on-demand 3·(36·1 + 36·5) = 648 (no spot: it says "on-demand"); mean = peak = 5 → 234.
    expect(base(rb, 'all-on-demand').costUsd).toBeCloseTo(648, 9)
    expect(base(rb, 'commit-train-peak').costUsd).toBeCloseTo(234, 9)

    // Totals: plan 264 + 234 = 498 against hindsight 240 + 234 = 474 → regret 24 / 474.
    const notes: string[] = []
    const t = aggregate([ra, rb], notes)
    expect(t.planCostUsd).toBeCloseTo(498, 9)
    expect(t.hindsightCostUsd).toBeCloseTo(474, 9)
    expect(t.regret).toBeCloseTo(24 / 474, 12)
    expect(t.unmetFraction).toBe(0)
    expect(t.demandHours).toBeCloseTo(192 + 216, 9)
    expect(t.baselines.find((b) => b.name === 'all-on-demand')!.costUsd).toBeCloseTo(384 + 648, 9)
    // Utilisation over both types: busy committed hours over held ones. Plan: (168 + 216) / (216 + 360) = 2/3;
    // hindsight: A's 2 reserved are busy all 144 hours, B as the plan → (144 + 216) / (144 + 360) = 5/7;
    // all on-demand commits nothing (no utilisation); the training mean commits what the plan does.
    expect(t.utilisation).toBeCloseTo(2 / 3, 12)
    expect(t.hindsightUtilisation).toBeCloseTo(5 / 7, 12)
    expect(t.baselines.find((b) => b.name === 'all-on-demand')!.utilisation).toBeNull()
    expect(t.baselines.find((b) => b.name === 'commit-train-mean')!.utilisation).toBeCloseTo(2 / 3, 12)
    // The flat forecast bands hold the actual demand only where it equals the forecast: A 0 of 72 hours
    // (2 and 4 are never 3), B 36 of 72 (the hours at 5) → pooled coverage 36 / 144.
    expect(ra.coverage95).toBe(0)
    expect(rb.coverage95).toBe(0.5)
    expect(t.coverage95).toBeCloseTo(36 / 144, 12)
  })

  it('leaves demand unmet when no on-demand is allowed and the spot cap is reached', () => {
    // B without on-demand and without a commitment: spot serves at most 1.6 accelerators of work per hour.
    // Unmet = 36·(0) + … : hours at 1 → 0 unmet; hours at 5 → 3.4 unmet → 36·3.4 = 122.4 of 216.
    const noOd: TypePrices = { ...B, committed: [], onDemand: null }
    const r = replay(costModel(noOd), testB, {})
    expect(r.unmetHours).toBeCloseTo(122.4, 9)
    // Spot cost: 36 h × 1 useful accelerator × $1.50 + 36 h × 1.6 × $1.50 = 54 + 86.4.
    expect(r.spotUsd).toBeCloseTo(140.4, 9)
  })
})
