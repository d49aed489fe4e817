/** Small numeric helpers shared by the forecasting models (plain arrays, no allocation-heavy tricks). */

export function mean(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0
  for (let i = from; i < to; i++) s += x[i] as number
  return to > from ? s / (to - from) : NaN
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo)
}

export function median(x: readonly number[]): number {
  return quantile([...x].sort((a, b) => a - b), 0.5)
}

/** Autocorrelation at lags 1..maxLag. */
export function acf(x: readonly number[], maxLag: number): number[] {
  const n = x.length
  const mu = mean(x)
  let den = 0
  for (const v of x) den += (v - mu) ** 2
  const out: number[] = []
  for (let k = 1; k <= maxLag; k++) {
    let num = 0
    for (let t = k; t < n; t++) num += ((x[t] as number) - mu) * ((x[t - k] as number) - mu)
    out.push(den > 0 ? num / den : 0)
  }
  return out
}

/**
 * The M4 benchmarks' seasonality test (Makridakis et al., M4 `Benchmarks and Evaluation.R`, `SeasonalityTest`):
 * the lag-m autocorrelation is significant at 90 % under Bartlett's formula.
 */
export function isSeasonal(x: readonly number[], m: number): boolean {
  if (m <= 1 || x.length < 3 * m) return false
  const r = acf(x, m)
  let s = 0
  for (let i = 0; i < m - 1; i++) s += (r[i] as number) ** 2
  const limit = 1.645 * Math.sqrt((1 + 2 * s) / x.length)
  return Math.abs(r[m - 1] as number) > limit
}

/**
 * Classical decomposition seasonal indices (centred moving average of order m), as R's `decompose` which the
 * M4 Naive2/Theta benchmarks use. Multiplicative needs positive data; returns m indices for positions 0..m-1
 * of the series (index i belongs to observations t with t % m === i).
 */
export function classicalSeasonal(x: readonly number[], m: number, multiplicative: boolean): number[] {
  const n = x.length
  const trend = new Array<number>(n).fill(NaN)
  const half = Math.floor(m / 2)
  if (m % 2 === 0) {
    for (let t = half; t < n - half; t++) {
      let s = 0.5 * ((x[t - half] as number) + (x[t + half] as number))
      for (let k = -half + 1; k < half; k++) s += x[t + k] as number
      trend[t] = s / m
    }
  } else {
    for (let t = half; t < n - half; t++) {
      let s = 0
      for (let k = -half; k <= half; k++) s += x[t + k] as number
      trend[t] = s / m
    }
  }
  const sums = new Array<number>(m).fill(0)
  const counts = new Array<number>(m).fill(0)
  for (let t = 0; t < n; t++) {
    const tr = trend[t] as number
    if (Number.isNaN(tr)) continue
    const v = multiplicative ? (x[t] as number) / tr : (x[t] as number) - tr
    if (!Number.isFinite(v)) continue
    sums[t % m] = (sums[t % m] as number) + v
    counts[t % m] = (counts[t % m] as number) + 1
  }
  const idx = sums.map((s, i) => (counts[i] ? s / (counts[i]) : multiplicative ? 1 : 0))
  const avg = mean(idx)
  return idx.map((v) => (multiplicative ? v / avg : v - avg))
}

/** Seeded PRNG (mulberry32): the global model and tests must be reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r())
}

export { qnorm } from '../math/normal-quantile'
