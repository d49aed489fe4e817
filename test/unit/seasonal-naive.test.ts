import { describe, expect, it } from 'vitest'
import { seasonalNaiveForecast } from '../../main/forecast/seasonal-naive'

const days = (values: number[]) =>
  values.map((value, i) => ({ date: new Date(Date.UTC(2024, 8, 1 + i)).toISOString().slice(0, 10), value }))

describe('seasonal-naive cost forecast', () => {
  it('repeats last week for a series with a weekly pattern, on the following dates', () => {
    const week = [10, 12, 11, 13, 9, 4, 3]
    const f = seasonalNaiveForecast(days([...week, ...week, ...week]), 10)
    expect(f.seasonLength).toBe(7)
    expect(f.forecast.map((p) => p.mean)).toEqual([...week, ...week.slice(0, 3)])
    expect(f.forecast[0]?.date).toBe('2024-09-22')
    // A perfectly periodic series has no seasonal residuals: the bands collapse onto the forecast.
    expect(f.forecast[0]?.hi95).toBe(f.forecast[0]?.mean)
    expect(f.backtestMase).toBe(0)
  })

  it('widens the intervals season by season and keeps 95 % outside 80 %', () => {
    const noisy = Array.from({ length: 28 }, (_, i) => 100 + (i % 7) * 5 + ((i * 37) % 11) - 5)
    const f = seasonalNaiveForecast(days(noisy), 21)
    const w = (h: number) => (f.forecast[h]?.hi80 ?? 0) - (f.forecast[h]?.mean ?? 0)
    expect(w(7)).toBeGreaterThan(w(0))
    expect(w(14)).toBeGreaterThan(w(7))
    for (const p of f.forecast) {
      expect(p.hi95).toBeGreaterThanOrEqual(p.hi80)
      expect(p.lo95).toBeLessThanOrEqual(p.lo80)
      expect(p.lo95).toBeGreaterThanOrEqual(0)
    }
  })

  it('falls back to naive, and says so, with under two weeks of history', () => {
    const f = seasonalNaiveForecast(days([5, 6, 7]), 3)
    expect(f.seasonLength).toBe(1)
    expect(f.forecast.map((p) => p.mean)).toEqual([7, 7, 7])
    expect(f.note).toMatch(/fewer than two weeks/)
  })

  it('says what to do when there is no data', () => {
    const f = seasonalNaiveForecast([], 30)
    expect(f.forecast).toEqual([])
    expect(f.note).toMatch(/import/i)
  })
})
