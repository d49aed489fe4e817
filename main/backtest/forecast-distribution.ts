/**
 * The distribution of the test period's hourly demand that the commitment is optimised against. The expected
 * cost of a commitment is a sum over hours, so a pooled distribution of hourly demand is all it needs.
 *
 * Two views of it, pooled with equal weights (a linear opinion pool: Stone 1961; Gneiting & Ranjan 2013):
 * - the forecast's: the engine's point forecast (taken as the median) and its conformal intervals (level L
 *   gives the (1 − L)/2 and (1 + L)/2 quantiles), a piecewise-linear quantile function per hour read at
 *   equally spaced probabilities;
 * - the recent shape at the forecast's level: the last LOOKBACK hours of history, rescaled so their mean is
 *   the forecast's mean over the test period. Conformal bands are symmetric in absolute errors, so a level
 *   that fell during the history reads as upside risk too, and bursty or intermittent demand (hours at zero,
 *   short spikes) gets a smooth band; the recent hours keep the real shape. Which of the two is better
 *   calibrated differs between histories (README: backtests on the Alibaba traces and M4), so neither is
 *   trusted alone and the weight is not tuned.
 */
import type { Atoms } from './replay'

export interface ForecastBands {
  mean: readonly number[]
  intervals: readonly { level: number; lo: readonly number[]; hi: readonly number[] }[]
}

/** Quantile knots of one step: probabilities ascending, values non-decreasing. */
export function knotsAt(f: ForecastBands, k: number): { p: number[]; v: number[] } {
  const pts: [number, number][] = [[0.5, f.mean[k] as number]]
  for (const iv of f.intervals) {
    const a = (1 - iv.level / 100) / 2
    pts.push([a, iv.lo[k] as number], [1 - a, iv.hi[k] as number])
  }
  pts.sort((x, y) => x[0] - y[0])
  const p: number[] = []
  const v: number[] = []
  for (const [pp, vv] of pts) {
    if (p.length && Math.abs(pp - (p[p.length - 1] as number)) < 1e-12) continue
    p.push(pp)
    // Intervals of different levels are fitted apart; keep the quantile function monotone.
    v.push(v.length ? Math.max(vv, v[v.length - 1] as number) : vv)
  }
  return { p, v }
}

/** Linear interpolation in the knots, linear extrapolation beyond them (with the outer segment's slope), floored at 0. */
export function quantileAt(kn: { p: number[]; v: number[] }, q: number): number {
  const { p, v } = kn
  const n = p.length
  if (n === 1) return Math.max(0, v[0] as number)
  let i = 0
  if (q <= (p[0] as number)) i = 0
  else if (q >= (p[n - 1] as number)) i = n - 2
  else while (i < n - 2 && q > (p[i + 1] as number)) i++
  const p0 = p[i] as number
  const p1 = p[i + 1] as number
  const v0 = v[i] as number
  const v1 = v[i + 1] as number
  const x = v0 + ((v1 - v0) * (q - p0)) / (p1 - p0)
  return Math.max(0, x)
}

/** `perHour` atoms per test hour at probabilities (j + ½) / perHour, each weighing 1 / perHour of an hour. */
export function forecastAtoms(f: ForecastBands, perHour = 20): Atoms {
  const h = f.mean.length
  const values = new Float64Array(h * perHour)
  for (let k = 0; k < h; k++) {
    const kn = knotsAt(f, k)
    for (let j = 0; j < perHour; j++) values[k * perHour + j] = quantileAt(kn, (j + 0.5) / perHour)
  }
  return { values, weights: new Float64Array(values.length).fill(1 / perHour), hours: h }
}

/** History hours whose shape the plan keeps (30 days: the providers' recommendation looks back as far). */
export const SHAPE_LOOKBACK_HOURS = 30 * 24

/** The last `lookback` hours of history, rescaled to the forecast's mean level, standing for `hours` test hours. */
export function recentShapeAtoms(history: readonly number[], forecastMean: readonly number[], hours: number, lookback = SHAPE_LOOKBACK_HOURS): Atoms {
  const recent = history.slice(Math.max(0, history.length - lookback))
  const level = forecastMean.length ? forecastMean.reduce((a, b) => a + b, 0) / forecastMean.length : 0
  const recentMean = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : 0
  const values = recent.length === 0 ? Float64Array.of(Math.max(0, level)) : Float64Array.from(recent, (v) => (recentMean > 0 ? Math.max(0, v) * (level / recentMean) : Math.max(0, level)))
  return { values, weights: new Float64Array(values.length).fill(hours / values.length), hours }
}

/** Linear pool: each part keeps its shape and carries `share` of the hours. */
export function poolAtoms(parts: { atoms: Atoms; share: number }[], hours: number): Atoms {
  const n = parts.reduce((s, p) => s + p.atoms.values.length, 0)
  const values = new Float64Array(n)
  const weights = new Float64Array(n)
  let i = 0
  for (const { atoms, share } of parts) {
    const scale = atoms.hours > 0 ? (share * hours) / atoms.hours : 0
    for (let k = 0; k < atoms.values.length; k++, i++) {
      values[i] = atoms.values[k] as number
      weights[i] = (atoms.weights[k] as number) * scale
    }
  }
  return { values, weights, hours }
}

/** The plan's distribution: the forecast's and the recent shape at the forecast's level, half each. */
export function planAtoms(f: ForecastBands, history: readonly number[]): Atoms {
  const h = f.mean.length
  return poolAtoms(
    [
      { atoms: forecastAtoms(f), share: 0.5 },
      { atoms: recentShapeAtoms(history, f.mean, h), share: 0.5 },
    ],
    h,
  )
}

/** Share of hours whose actual demand lies inside the level's band (null when the forecast has no such band). */
export function coverage(f: ForecastBands, actual: readonly number[], level: number): { inside: number; total: number } | null {
  const iv = f.intervals.find((x) => x.level === level)
  if (!iv) return null
  let inside = 0
  for (let k = 0; k < actual.length; k++) {
    const a = actual[k] as number
    if (a >= (iv.lo[k] as number) - 1e-9 && a <= (iv.hi[k] as number) + 1e-9) inside++
  }
  return { inside, total: actual.length }
}

/**
 * The pooled forecast distribution's quantile at probability `q`: the level that a share 1 − q of the
 * forecast's hour-atoms exceed (used to report which quantile a commitment sits at).
 */
export function pooledExceedance(a: Atoms, level: number): number {
  let w = 0
  for (let i = 0; i < a.values.length; i++) if ((a.values[i] as number) > level) w += a.weights[i] as number
  return a.hours > 0 ? w / a.hours : 0
}
