import { beforeAll, describe, expect, it } from 'vitest'
import { conformal } from '../../main/forecast/engine'
import { dailyCostForecast } from '../../main/forecast/daily-cost-forecast'
import { loadMstl } from '../../main/forecast/models/mstl'
import { seasonalNaiveForecast } from '../../main/forecast/seasonal-naive'

const days = (values: number[]) => values.map((value, i) => ({ date: new Date(Date.UTC(2024, 8, 1 + i)).toISOString().slice(0, 10), value }))

/** A month like the demo's: weekly shape, weekend dip, steady growth and noise (deterministic). */
const growingMonth = (n: number) =>
  Array.from({ length: n }, (_, i) => (20000 + 550 * i) * (i % 7 === 5 || i % 7 === 6 ? 0.82 : 1) * (1 + (((i * 7919) % 61) - 30) / 1500))

beforeAll(async () => {
  await loadMstl()
})

describe('the one cost forecast (Forecast page, plans, Reconcile)', () => {
  it('continues a perfectly weekly series exactly, with no error and collapsed bands', () => {
    const week = [10, 12, 11, 13, 9, 4, 3]
    const f = dailyCostForecast(days(Array.from({ length: 8 }, () => week).flat()), 10)
    expect(f.forecast.map((p) => p.mean)).toEqual([...week, ...week.slice(0, 3)].map((v) => expect.closeTo(v, 6) as unknown))
    expect(f.forecast[0]?.date).toBe('2024-10-27')
    expect(f.forecast.at(-1)?.date).toBe('2024-11-05')
    expect(f.backtestMase).toBeCloseTo(0, 9)
    expect(f.backtest?.origins).toBe(4)
    expect(f.speed).toBe('balanced')
    for (const p of f.forecast) expect(p.hi95 - p.lo95).toBeCloseTo(0, 6)
  })

  it('is never worse than seasonal naive on its own backtest, and keeps 95 % bands outside 80 % and above zero', () => {
    // Weekly shape, noise, and a level shift two weeks before the end (where copying last week lags).
    const y = Array.from({ length: 84 }, (_, i) => 1000 + 150 * Math.sin((2 * Math.PI * i) / 7) + ((i * 7919) % 97) + (i >= 70 ? 400 : 0))
    const f = dailyCostForecast(days(y), 30)
    expect(f.backtestMase).not.toBeNull()
    expect(f.backtest?.seasonalNaiveMase).not.toBeNull()
    expect(f.backtestMase as number).toBeLessThanOrEqual(f.backtest?.seasonalNaiveMase as number)
    expect(f.forecast).toHaveLength(30)
    for (const p of f.forecast) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80)
      expect(p.lo80).toBeLessThanOrEqual(p.mean)
      expect(p.mean).toBeLessThanOrEqual(p.hi80)
      expect(p.hi80).toBeLessThanOrEqual(p.hi95)
      expect(p.lo95).toBeGreaterThanOrEqual(0)
    }
    // After the shift the level is ~1400: the forecast must not fall back to the old level (~1000).
    const mean = f.forecast.slice(0, 7).reduce((s, p) => s + p.mean, 0) / 7
    expect(mean).toBeGreaterThan(1300)
  })

  it('on one month of history (two 7-day backtests), the 95 % band contains the 80 % band and is strictly wider', () => {
    const f = dailyCostForecast(days(growingMonth(30)), 90)
    expect(f.backtest?.origins).toBe(2)
    expect(f.backtest?.horizon).toBe(7)
    let wider = 0
    for (const p of f.forecast) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80 + 1e-9)
      expect(p.hi95).toBeGreaterThanOrEqual(p.hi80 - 1e-9)
      if (p.hi95 - p.lo95 > p.hi80 - p.lo80 + 1e-6) wider++
    }
    // With 14 backtest errors no rank can place a 95 % bound: before the fix both bands were the largest error.
    expect(wider).toBe(f.forecast.length)
    expect(f.note).toMatch(/95 % band/)
    // Coverage is reported with the points it was measured on: 2 origins × 7 steps.
    expect(f.coverage.map((c) => c.level)).toEqual([80, 95])
    for (const c of f.coverage) expect(c.n).toBe(14)
    // The horizon total is the sum of the days, and its bands nest too.
    const t = f.total!
    expect(t.days).toBe(90)
    expect(t.mean).toBeCloseTo(f.forecast.reduce((s, p) => s + p.mean, 0), 6)
    expect(t.lo95).toBeLessThan(t.lo80)
    expect(t.hi95).toBeGreaterThan(t.hi80)
  })

  it('conformal widths: order statistics while the sample can place the level, a normal tail beyond', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5, 6])
    // n = 6: 80 % needs rank ceil(7 × 0.8) = 6 (the largest); 95 % needs rank 7, which does not exist.
    expect(conformal(sorted, 0.8)).toEqual({ width: 6, extrapolated: false })
    const c95 = conformal(sorted, 0.95)
    expect(c95.extrapolated).toBe(true)
    // The largest of 6 bounds the 6/7 quantile: z(0.975) / z(0.5 + 6/14) ≈ 1.960 / 1.465.
    expect(c95.width).toBeCloseTo(6 * (1.959964 / 1.465234), 3)
    // With 40 errors both levels are order statistics: ranks 33 and 39.
    const many = Float64Array.from({ length: 40 }, (_, i) => i + 1)
    expect(conformal(many, 0.8)).toEqual({ width: 33, extrapolated: false })
    expect(conformal(many, 0.95)).toEqual({ width: 39, extrapolated: false })
  })

  it('under three weeks of history, is the plain seasonal-naive forecast', () => {
    const y = [5, 6, 7, 8, 9, 10, 11, 5, 6, 7, 8, 9, 10, 11, 6, 7]
    const f = dailyCostForecast(days(y), 9)
    const sn = seasonalNaiveForecast(days(y), 9)
    expect(f.forecast).toEqual(sn.forecast)
    expect(f.model).toBe(sn.model)
    expect(f.speed).toBeNull()
  })
})
