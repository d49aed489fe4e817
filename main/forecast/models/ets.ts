import { nelderMead, sigmoid } from '../optim'
import { classicalSeasonal, mean } from '../stats'

/**
 * Exponential smoothing state-space models ETS(E,T,S) (Hyndman, Koehler, Snyder & Grose 2002; the recursions
 * of R forecast's etscalc.c): error A/M, trend N/A/Ad, season N/A/M. Parameters by maximum likelihood with
 * Nelder–Mead under the usual constraints (0 < β ≤ α < 1, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98); initial level and
 * trend are estimated, initial seasonal states come from a classical decomposition of the first seasons.
 * AutoETS picks the spec with the lowest AICc among the admissible ones (additive error with a multiplicative
 * season is excluded, as in `forecast::ets(restrict = TRUE)`).
 */
export type ErrorType = 'A' | 'M'
export type TrendType = 'N' | 'A' | 'Ad'
export type SeasonType = 'N' | 'A' | 'M'
export interface EtsSpec {
  error: ErrorType
  trend: TrendType
  season: SeasonType
}
export interface EtsFit {
  spec: EtsSpec
  m: number
  alpha: number
  beta: number
  gamma: number
  phi: number
  /** States after the last observation. */
  level: number
  trend: number
  seasonal: number[]
  /** Position in `seasonal` of the state one season before the next step. */
  seasonPos: number
  aicc: number
  sigma2: number
}

export const specName = (s: EtsSpec): string => `ETS(${s.error},${s.trend},${s.season})`

interface Params {
  alpha: number
  beta: number
  gamma: number
  phi: number
  l0: number
  b0: number
}

function initialSeason(y: readonly number[], m: number, type: SeasonType): number[] {
  if (type === 'N') return []
  const k = Math.min(Math.floor(y.length / m), 4)
  const head = y.slice(0, k * m)
  return classicalSeasonal(head, m, type === 'M')
}

/** Runs the filter; returns the likelihood term and final states. `out` receives one-step fitted values. */
function filter(y: readonly number[], spec: EtsSpec, m: number, p: Params, s0: number[], out?: number[]) {
  const n = y.length
  const sm = spec.season !== 'N' ? m : 0
  const s = s0.slice()
  let l = p.l0
  let b = spec.trend === 'N' ? 0 : p.b0
  const phi = spec.trend === 'Ad' ? p.phi : 1
  let sse = 0
  let logSum = 0
  let pos = 0 // s[pos] is the seasonal state of period t - m
  for (let t = 0; t < n; t++) {
    const q = spec.trend === 'N' ? l : l + phi * b
    const phib = spec.trend === 'N' ? 0 : phi * b
    const so = sm ? (s[pos] as number) : spec.season === 'M' ? 1 : 0
    const yhat = spec.season === 'A' ? q + so : spec.season === 'M' ? q * so : q
    const yt = y[t] as number
    if (out) out.push(yhat)
    if (spec.error === 'A') {
      const e = yt - yhat
      sse += e * e
    } else {
      if (!(yhat > 0)) return null
      const e = (yt - yhat) / yhat
      sse += e * e
      logSum += Math.log(Math.abs(yhat))
    }
    let pp: number
    if (spec.season === 'A') pp = yt - so
    else if (spec.season === 'M') pp = Math.abs(so) < 1e-10 ? 1e10 : yt / so
    else pp = yt
    const lNew = q + p.alpha * (pp - q)
    if (spec.trend !== 'N') b = phib + (p.beta / p.alpha) * (lNew - l - phib)
    if (sm) {
      const tt = spec.season === 'A' ? yt - q : yt / q
      s[pos] = so + p.gamma * (tt - so)
      pos = (pos + 1) % m
    }
    l = lNew
    if (!Number.isFinite(l) || Math.abs(l) > 1e15) return null
  }
  const lik = n * Math.log(Math.max(sse, 1e-300)) + 2 * logSum
  return { lik, sse, l, b, s, pos }
}

function decode(spec: EtsSpec, x: number[], scale: number): Params {
  const alpha = 0.0001 + 0.9998 * sigmoid(x[0] as number)
  let i = 1
  const beta = spec.trend !== 'N' ? alpha * (0.0001 + 0.9998 * sigmoid(x[i++] as number)) : 0
  const gamma = spec.season !== 'N' ? (1 - alpha) * (0.0001 + 0.9998 * sigmoid(x[i++] as number)) : 0
  const phi = spec.trend === 'Ad' ? 0.8 + 0.18 * sigmoid(x[i++] as number) : 1
  const l0 = (x[i++] as number) * scale
  const b0 = spec.trend !== 'N' ? (x[i++] as number) * scale * 0.01 : 0
  return { alpha, beta, gamma, phi, l0, b0 }
}

export function fitEts(y: readonly number[], spec: EtsSpec, m: number, maxIter = 250): EtsFit | null {
  const n = y.length
  const sm = spec.season !== 'N' ? m : 1
  if (spec.season !== 'N' && (m <= 1 || n < 2 * m + 2)) return null
  if ((spec.error === 'M' || spec.season === 'M') && !y.every((v) => v > 0)) return null
  const s0 = initialSeason(y, m, spec.season)
  const first = y.slice(0, Math.max(sm, Math.min(n, 10)))
  const adj = spec.season === 'A' ? first.map((v, t) => v - (s0[t % m] as number)) : spec.season === 'M' ? first.map((v, t) => v / (s0[t % m] as number)) : first
  const scale = Math.max(Math.abs(mean(y)), 1e-9)
  const l0 = mean(adj) / scale
  const x0 = [-1]
  if (spec.trend !== 'N') x0.push(-2)
  if (spec.season !== 'N') x0.push(-0.5)
  if (spec.trend === 'Ad') x0.push(1.5)
  x0.push(l0)
  if (spec.trend !== 'N') x0.push(0)
  const obj = (x: number[]) => {
    const r = filter(y, spec, m, decode(spec, x, scale), s0)
    return r ? r.lik : Infinity
  }
  const opt = nelderMead(obj, x0, { maxIter, step: 1, tol: 1e-6 })
  const p = decode(spec, opt.x, scale)
  const r = filter(y, spec, m, p, s0)
  if (!r) return null
  const k = 1 + 1 + (spec.trend !== 'N' ? 2 : 0) + (spec.trend === 'Ad' ? 1 : 0) + (spec.season !== 'N' ? 1 + (m - 1) : 0)
  const aic = r.lik + 2 * (k + 1)
  const aicc = n - k - 2 > 0 ? aic + (2 * (k + 1) * (k + 2)) / (n - k - 2) : Infinity
  return { spec, m, ...p, level: r.l, trend: r.b, seasonal: r.s, seasonPos: r.pos, aicc, sigma2: r.sse / n }
}

export function etsForecast(fit: EtsFit, h: number): number[] {
  const { spec, m } = fit
  const out: number[] = []
  let damp = 0
  let phik = 1
  for (let k = 1; k <= h; k++) {
    if (spec.trend === 'A') damp += 1
    else if (spec.trend === 'Ad') {
      phik *= fit.phi
      damp += phik
    }
    const base = fit.level + damp * fit.trend
    if (spec.season === 'N') out.push(base)
    else {
      const s = fit.seasonal[(fit.seasonPos + k - 1) % m] as number
      out.push(spec.season === 'A' ? base + s : base * s)
    }
  }
  return out
}

const ALL_SPECS: EtsSpec[] = (['A', 'M'] as const).flatMap((error) =>
  (['N', 'A', 'Ad'] as const).flatMap((trend) => (['N', 'A', 'M'] as const).map((season) => ({ error, trend, season }))),
).filter((s) => !(s.error === 'A' && s.season === 'M'))

/** AutoETS: every admissible spec, lowest AICc wins. `seasonal` false restricts to non-seasonal specs. */
export function autoEts(y: readonly number[], m: number, opts: { seasonal?: boolean; maxIter?: number } = {}): EtsFit | null {
  let best: EtsFit | null = null
  for (const spec of ALL_SPECS) {
    if (spec.season !== 'N' && (opts.seasonal === false || m <= 1)) continue
    const f = fitEts(y, spec, m, opts.maxIter)
    if (f && Number.isFinite(f.aicc) && (!best || f.aicc < best.aicc)) best = f
  }
  return best
}
