import { median } from '../forecast/stats'

/**
 * Point-anomaly detector against a forecast band. For each point, the expected value is a robust seasonal
 * forecast from the past only (median of the same position in up to four previous seasons, or of the last
 * seven points without a season); the band's width comes from the same forecaster's own past errors
 * (1.4826 × MAD, i.e. σ for Gaussian errors). A point is flagged when it leaves the band by more than
 * `zMin` σ in the watched direction AND the gap is at least `floor` (dollars, or utilisation points), so
 * tiny series never page anyone. Flagged points are replaced by their expectation for later baselines, so a
 * spike does not widen the band that should catch the next one — until `maxRun` points in a row were
 * flagged: then the new level is taken as the new normal and the baseline follows it.
 */
export interface DetectOptions {
  /** Season length (7 daily, 24 hourly, 1 none). */
  season: number
  /** Smallest absolute gap that counts (USD for cost, percentage points for utilisation). */
  floor: number
  direction: 'up' | 'down'
  /** Points needed before the first verdict (default: 2 seasons or 7 points). */
  minHistory?: number | undefined
  /** Band half-width in σ: outside it is an anomaly (default 3, ≈ the 99.7 % band). */
  zMin?: number | undefined
  /** Only judge points with index ≥ from (e.g. the days a new import brought). */
  from?: number | undefined
  /** After this many consecutive flags the new level is accepted as normal (a level shift, not an outage). */
  maxRun?: number | undefined
}

export type Severity = 'low' | 'medium' | 'high'

export interface Flag {
  index: number
  actual: number
  expected: number
  lo: number
  hi: number
  /** Signed gap beyond the expectation in the watched direction (positive = worse). */
  excess: number
  z: number
  severity: Severity
}

export function severityOf(z: number, excess: number, expected: number): Severity {
  if (z >= 8 || (z >= 5 && excess >= Math.abs(expected))) return 'high'
  if (z >= 5) return 'medium'
  return 'low'
}

export function expectedAt(y: readonly number[], t: number, season: number): number {
  const past: number[] = []
  if (season > 1 && t >= 2 * season) {
    for (let k = 1; k <= 4 && t - k * season >= 0; k++) past.push(y[t - k * season] as number)
  } else {
    for (let k = 1; k <= 7 && t - k >= 0; k++) past.push(y[t - k] as number)
  }
  return past.length ? median(past) : NaN
}

export function detect(values: readonly number[], o: DetectOptions): Flag[] {
  const y = [...values]
  const n = y.length
  const season = Math.max(1, o.season)
  const minHistory = o.minHistory ?? Math.max(7, 2 * season)
  const zMin = o.zMin ?? 3
  const residuals: number[] = []
  const flags: Flag[] = []
  const maxRun = o.maxRun ?? 3
  let run = 0
  for (let t = 1; t < n; t++) {
    const e = expectedAt(y, t, season)
    if (!Number.isFinite(e)) continue
    const actual = y[t] as number
    if (t >= minHistory && t >= (o.from ?? 0) && residuals.length >= 5) {
      const med = median(residuals)
      const mad = median(residuals.map((r) => Math.abs(r - med)))
      // A σ floor keeps a flat history (MAD 0) from flagging every wiggle: 2 % of the expectation.
      const sigma = Math.max(1.4826 * mad, 0.02 * Math.abs(e), 1e-9)
      const centre = e + med
      const gap = o.direction === 'up' ? actual - centre : centre - actual
      const z = gap / sigma
      if (z > zMin && gap >= o.floor && run < maxRun) {
        run++
        flags.push({
          index: t,
          actual,
          expected: centre,
          lo: centre - zMin * sigma,
          hi: centre + zMin * sigma,
          excess: gap,
          z,
          severity: severityOf(z, gap, centre),
        })
        y[t] = centre
        continue
      }
    }
    if (run >= maxRun) {
      // Accept the shift: restore the flagged run's actual values so the baseline moves to the new level.
      for (let k = t - run; k < t; k++) y[k] = values[k] as number
    }
    run = 0
    residuals.push(actual - e)
  }
  return flags
}
