import type { ForecastPoint, ForecastTotal } from '../../shared/types'

/**
 * A horizon total: the sum of the daily means, and of the daily bounds. Summing bounds assumes the errors of
 * consecutive days move together — true of a level that is off, which is the error that matters over a
 * horizon — so the band is conservative, never narrower than the truth of a persistent miss.
 */
export function forecastTotal(points: readonly ForecastPoint[]): ForecastTotal | null {
  if (points.length === 0) return null
  const sum = (f: (p: ForecastPoint) => number): number => points.reduce((s, p) => s + f(p), 0)
  return {
    start: points[0]!.date,
    end: points.at(-1)!.date,
    days: points.length,
    mean: sum((p) => p.mean),
    lo80: sum((p) => p.lo80),
    hi80: sum((p) => p.hi80),
    lo95: sum((p) => p.lo95),
    hi95: sum((p) => p.hi95),
  }
}
