import { classicalSeasonal, isSeasonal } from '../stats'

/** Seasonal naive: each step repeats the value one season earlier (m = the first, shortest season). */
export function seasonalNaive(y: readonly number[], h: number, m: number): number[] {
  const n = y.length
  const p = m > 1 && n >= m ? m : 1
  return Array.from({ length: h }, (_, k) => y[n - p + (k % p)] as number)
}

/**
 * Deseasonalisation as in the M4 benchmarks: classical multiplicative decomposition when the 90 % ACF test
 * says the series is seasonal and the data are positive, else none. Returns the adjusted series and the
 * seasonal index per future step.
 */
export function deseasonalise(y: readonly number[], m: number): { adjusted: number[]; future: (k: number) => number; indices: number[] | null } {
  const positive = y.every((v) => v > 0)
  if (m <= 1 || !positive || !isSeasonal(y, m)) return { adjusted: [...y], future: () => 1, indices: null }
  const si = classicalSeasonal(y, m, true)
  const n = y.length
  return {
    adjusted: y.map((v, t) => v / (si[t % m] as number)),
    future: (k) => si[(n + k) % m] as number,
    indices: si,
  }
}

/** Naive2 (M4 benchmark): naive on the seasonally adjusted series, re-seasonalised. */
export function naive2(y: readonly number[], h: number, m: number): number[] {
  const d = deseasonalise(y, m)
  const last = d.adjusted[d.adjusted.length - 1] as number
  return Array.from({ length: h }, (_, k) => last * d.future(k))
}

/**
 * Seasonal window median: each step is the median of the same position in the last `k` seasons (statsforecast's
 * SeasonalWindowAverage, with a median so one odd day does not move it). Robust on hourly/daily load curves.
 */
export function seasonalWindowMedian(y: readonly number[], h: number, m: number, k = 7): number[] {
  const n = y.length
  const p = m > 1 && n >= m ? m : 1
  return Array.from({ length: h }, (_, j) => {
    const v: number[] = []
    for (let d = 1; d <= k; d++) {
      const i = n - p * d + (j % p)
      if (i >= 0) v.push(y[i] as number)
    }
    v.sort((a, b) => a - b)
    const mid = v.length >> 1
    return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2
  })
}

/**
 * Seasonal profile + level, a closed-form decomposition: the season's shape is the mean over the last `k`
 * seasons of each season's deviations from its own mean; the level is the mean of the last season with that
 * shape removed. Forecast = level + shape. It follows a level shift within one season (seasonal naive repeats
 * the whole last season, noise included; the window median lags a shift by half its window).
 */
export function seasonalProfileLevel(y: readonly number[], h: number, m: number, k = 7): number[] | null {
  const n = y.length
  if (m <= 1 || n < m) return null
  const w = Math.min(k, Math.floor(n / m))
  const shape = new Array<number>(m).fill(0)
  for (let c = 1; c <= w; c++) {
    const s = n - c * m
    let mu = 0
    for (let j = 0; j < m; j++) mu += y[s + j] as number
    mu /= m
    // shape[j] is the phase of time n + j (and of n - c·m + j).
    for (let j = 0; j < m; j++) shape[j] = (shape[j] as number) + ((y[s + j] as number) - mu) / w
  }
  let level = 0
  for (let j = 0; j < m; j++) level += (y[n - m + j] as number) - (shape[j] as number)
  level /= m
  return Array.from({ length: h }, (_, j) => level + (shape[j % m] as number))
}
