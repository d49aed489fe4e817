import { describe, expect, it } from 'vitest'
import { dailyCostForecast } from '../../main/forecast/daily-cost-forecast'
import { seasonalNaiveForecast } from '../../main/forecast/seasonal-naive'

const days = (values: number[]) => values.map((value, i) => ({ date: new Date(Date.UTC(2024, 8, 1 + i)).toISOString().slice(0, 10), value }))

describe('quick daily-cost forecast (Forecast page, plan baseline)', () => {
  it('continues a perfectly weekly series exactly, with no error and collapsed bands', () => {
    const week = [10, 12, 11, 13, 9, 4, 3]
    const f = dailyCostForecast(days(Array.from({ length: 8 }, () => week).flat()), 10)
    expect(f.forecast.map((p) => p.mean)).toEqual([...week, ...week.slice(0, 3)].map((v) => expect.closeTo(v, 9) as unknown))
    expect(f.forecast[0]?.date).toBe('2024-10-27')
    expect(f.forecast.at(-1)?.date).toBe('2024-11-05')
    expect(f.backtestMase).toBe(0)
    expect(f.backtest?.origins).toBe(4)
    for (const p of f.forecast) expect(p.hi95 - p.lo95).toBeCloseTo(0, 9)
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

  it('under three weeks of history, is the plain seasonal-naive forecast', () => {
    const y = [5, 6, 7, 8, 9, 10, 11, 5, 6, 7, 8, 9, 10, 11, 6, 7]
    expect(dailyCostForecast(days(y), 9)).toEqual(seasonalNaiveForecast(days(y), 9))
  })
})
