import { autoEts, etsForecast, specName } from './models/ets'
import { arimaForecast, type ArimaWarmState } from './models/arima'
import { globalForecast, type GlobalModel } from './models/global-mlp'
import { mstlForecast, usablePeriods } from './models/mstl'
import { naive2, seasonalNaive, seasonalProfileLevel, seasonalWindowMedian } from './models/naive'
import { dotmForecast, thetaForecast } from './models/theta'
import { mean, median, qnorm } from './stats'

/**
 * Per-series model selection by rolling-origin backtest (Tashman 2000): each candidate forecasts `hb` steps
 * from K origins inside the history; candidates are ranked by mean MASE; an ensemble (the best three, weighted
 * by inverse backtest MASE) is scored on the same origins; the lowest backtest MASE wins. With `warmStart`,
 * AutoARIMA's stepwise order search at each origin (and the final fit) starts from the order found at the
 * previous origin and ranks orders on loose fits (models/arima.ts). Prediction intervals are conformal from
 * backtest errors of the selection itself (at each origin, the errors of the model the other origins would
 * have chosen: cross-conformal), per horizon step (pooled over a small window of neighbouring steps), and
 * their coverage is measured honestly by leaving each origin out in turn.
 */
export const CANDIDATES = ['snaive', 'naive2', 'swa', 'snaive-long', 'sprofile', 'ets', 'theta', 'dotm', 'arima', 'mstl', 'global'] as const
export type CandidateName = (typeof CANDIDATES)[number]
export type ModelName = CandidateName | 'ensemble'

export interface SeriesInput {
  id: string
  y: number[]
  /** Seasonal periods, shortest first (e.g. [24, 168] hourly, [7] daily). */
  seasons: number[]
}

export interface EngineOptions {
  h: number
  /** Interval levels in percent, e.g. [50, 80, 95]. */
  levels: number[]
  /** Rolling origins for the backtest (default 4). */
  origins?: number | undefined
  models?: readonly CandidateName[] | undefined
  global?: GlobalModel | null | undefined
  /** The global model refitted on all history, for the final forecast (backtests use `global`). */
  globalFinal?: GlobalModel | null | undefined
  /** Clamp forecasts at 0 (costs, GPU-hours); default: when the history has no negative value. */
  nonNegative?: boolean | undefined
  /** Number of best candidates averaged by the ensemble. */
  ensembleSize?: number | undefined
  /** Also return every candidate's final forecast (benchmarks compare selection policies with it). */
  keepCandidates?: boolean | undefined
  /** AutoARIMA's quick search, started from the previous origin's order (default false: fresh, tight fits). */
  warmStart?: boolean | undefined
}

export interface BacktestScore {
  model: ModelName
  mase: number
  smape: number
}

export interface SeriesForecast {
  id: string
  model: ModelName
  /** What the chosen model is, e.g. "ETS(M,Ad,M)" or "mean of ets, dotm, mstl". */
  detail: string
  mean: number[]
  intervals: { level: number; lo: number[]; hi: number[] }[]
  backtest: BacktestScore[]
  backtestHorizon: number
  origins: number
  /**
   * Empirical coverage per level on the backtests (leave-one-origin-out), null without 2+ origins; `n` is the
   * number of backtest points it was measured on (origins × backtest steps).
   */
  coverage: { level: number; coverage: number | null; n: number }[]
  note: string | null
  /** Every candidate's forecast on the full history, when `keepCandidates` was asked. */
  candidates?: Partial<Record<CandidateName, number[]>>
}

type Fn = (y: number[], h: number, seasons: number[]) => { f: number[]; detail?: string } | null

/** A candidate's forecaster for one series; with `warm`, it carries state from one origin to the next (oldest first). */
function runner(name: CandidateName, global: GlobalModel | null | undefined, warm = false): Fn {
  switch (name) {
    case 'snaive':
      return (y, h, s) => ({ f: seasonalNaive(y, h, s[0] ?? 1) })
    case 'naive2':
      return (y, h, s) => ({ f: naive2(y, h, s[0] ?? 1) })
    case 'swa':
      return (y, h, s) => ((s[0] ?? 1) > 1 ? { f: seasonalWindowMedian(y, h, s[0] as number) } : null)
    case 'sprofile':
      return (y, h, s) => {
        const f = seasonalProfileLevel(y, h, s[0] ?? 1)
        return f ? { f } : null
      }
    case 'snaive-long':
      // Seasonal naive on the longest season that fits twice (e.g. last week's same hour for hourly data).
      return (y, h, s) => {
        const long = [...s].reverse().find((p) => p > (s[0] ?? 1) && y.length >= 2 * p)
        return long ? { f: seasonalNaive(y, h, long) } : null
      }
    case 'ets':
      return (y, h, s) => {
        const m = s[0] ?? 1
        const fit = autoEts(y, m <= 24 ? m : 1)
        return fit ? { f: etsForecast(fit, h), detail: specName(fit.spec) } : null
      }
    case 'theta':
      return (y, h, s) => ({ f: thetaForecast(y, h, s[0] ?? 1) })
    case 'dotm':
      return (y, h, s) => ({ f: dotmForecast(y, h, s[0] ?? 1) })
    case 'arima': {
      const state: ArimaWarmState | undefined = warm ? {} : undefined
      return (y, h, s) => arimaForecast(y, h, s[0] ?? 1, state)
    }
    case 'mstl':
      return (y, h, s) => {
        if (usablePeriods(y.length, s).length === 0) return null
        const f = mstlForecast(y, h, s)
        return f ? { f } : null
      }
    case 'global':
      return (y, h) => {
        if (!global) return null
        const f = globalForecast(global, y, h)
        return f ? { f } : null
      }
  }
}

export function smape(actual: readonly number[], f: readonly number[]): number {
  let s = 0
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number
    const b = f[i] as number
    const d = Math.abs(a) + Math.abs(b)
    s += d === 0 ? 0 : (2 * Math.abs(a - b)) / d
  }
  return (100 * s) / actual.length
}

/** In-sample seasonal-naive MAE (the MASE denominator, Hyndman & Koehler 2006); falls back to lag 1. */
export function maseScale(train: readonly number[], m: number): number {
  const lag = m > 1 && train.length > m ? m : 1
  let s = 0
  for (let t = lag; t < train.length; t++) s += Math.abs((train[t] as number) - (train[t - lag] as number))
  const v = s / Math.max(1, train.length - lag)
  if (v > 0) return v
  return lag > 1 ? maseScale(train, 1) : 0
}

export function mase(actual: readonly number[], f: readonly number[], scale: number): number {
  let s = 0
  for (let i = 0; i < actual.length; i++) s += Math.abs((actual[i] as number) - (f[i] as number))
  const mae = s / actual.length
  return scale > 0 ? mae / scale : mae === 0 ? 0 : Infinity
}

const finite = (f: readonly number[], h: number) => f.length === h && f.every(Number.isFinite)

/**
 * Conformal quantile with the (n + 1) finite-sample correction. With fewer errors than the level can place
 * (rank (n + 1)·level beyond n: under 19 errors for 95 %), the largest error only bounds the n/(n + 1)
 * quantile; past it the width grows like a normal tail, z(level) / z(n/(n + 1)) times the largest error.
 * Clamping to the largest error instead gave the 80 % and 95 % bands the same width on short histories.
 */
export function conformal(sortedAbs: ArrayLike<number>, level: number): { width: number; extrapolated: boolean } {
  const n = sortedAbs.length
  if (n === 0) return { width: NaN, extrapolated: false }
  const k = Math.ceil((n + 1) * level - 1e-9)
  if (k <= n) return { width: sortedAbs[k - 1] as number, extrapolated: false }
  const largest = sortedAbs[n - 1] as number
  return { width: largest * (qnorm(0.5 + level / 2) / qnorm(0.5 + n / (n + 1) / 2)), extrapolated: true }
}

/**
 * Half-widths per level and step from backtest errors[origin][step], pooled over neighbouring steps,
 * non-decreasing in the step. Each step's pool is sorted once and read at every level (typed-array sort).
 */
function halfWidthsAll(errors: readonly number[][], h: number, hb: number, levels: readonly number[], extrapolated?: Set<number>): number[][] {
  const r = Math.max(1, Math.round(hb / 8))
  const out = levels.map(() => [] as number[])
  for (let k = 0; k < hb; k++) {
    const lo = Math.max(0, k - r)
    const hi = Math.min(hb - 1, k + r)
    const pool = new Float64Array(errors.length * (hi - lo + 1))
    let i = 0
    for (const e of errors) for (let j = lo; j <= hi; j++) pool[i++] = Math.abs(e[j] as number)
    pool.sort()
    levels.forEach((q, li) => {
      const w = out[li] as number[]
      const c = conformal(pool, q)
      if (c.extrapolated) extrapolated?.add(q)
      w.push(Math.max(c.width, w[k - 1] ?? 0))
    })
  }
  // Beyond the backtest horizon, widen like a random walk from the last measured width.
  for (const w of out) for (let k = hb; k < h; k++) w.push((w[hb - 1] as number) * Math.sqrt((k + 1) / hb))
  return out
}

/**
 * Calibration errors that do not flatter the chosen model (cross-conformal, as in nested cross-validation):
 * at each origin, the errors of the candidate the *other* origins would have chosen. The chosen model's own
 * backtest errors are optimistic — it was picked for being small on exactly those — so bands built from
 * them cover less than they claim. Null with fewer than two complete origins.
 */
export function selectionHonestErrors(bt: ReadonlyMap<string, number[][]>, truths: readonly number[][], scales: readonly number[], hb: number): number[][] | null {
  const K = truths.length
  if (K < 2) return null
  const models = [...bt.entries()].filter(([, fs]) => fs.length === K && fs.every((f) => f.length === hb))
  if (models.length === 0) return null
  const maseAt = models.map(([, fs]) => fs.map((f, i) => mase(truths[i] as number[], f, scales[i] as number)))
  const out: number[][] = []
  for (let o = 0; o < K; o++) {
    let best = -1
    let bestScore = Infinity
    maseAt.forEach((per, mi) => {
      let sum = 0
      for (let i = 0; i < K; i++) if (i !== o) sum += per[i] as number
      if (sum < bestScore) {
        bestScore = sum
        best = mi
      }
    })
    if (best < 0) return null
    const f = (models[best] as [string, number[][]])[1][o] as number[]
    out.push(f.map((v, k) => ((truths[o] as number[])[k] as number) - v))
  }
  return out
}

export function forecastSeries(input: SeriesInput, opts: EngineOptions): SeriesForecast {
  const y = input.y
  const n = y.length
  const h = opts.h
  const seasons = [...input.seasons].filter((m) => m > 1).sort((a, b) => a - b)
  const m = seasons[0] ?? 1
  const nonNegative = opts.nonNegative ?? y.every((v) => v >= 0)
  const clamp = (f: number[]) => (nonNegative ? f.map((v) => Math.max(0, v)) : f)
  const names = (opts.models ?? CANDIDATES).filter((c) => c !== 'global' || opts.global)
  const fns = new Map(names.map((c) => [c, runner(c, opts.global, opts.warmStart ?? false)]))
  // Final forecasts may use the global model refitted on all history (backtests keep the honest one).
  const finalFns = new Map(names.map((c) => [c, c === 'global' && opts.globalFinal ? runner(c, opts.globalFinal) : (fns.get(c) as Fn)]))
  const notes: string[] = []

  // Backtest horizon: as requested, but leave at least two seasons (or 10 points) of training at the first origin.
  const minTrain = Math.max(2 * m + 2, 10)
  // Short histories: fewer origins before shorter backtests, but keep two origins while a week of steps fits
  // (coverage can only be measured with two or more).
  let K = opts.origins ?? 4
  let hb = Math.min(h, Math.floor((n - minTrain) / Math.max(1, K)))
  while (K > 1 && hb < Math.min(h, 7)) {
    K--
    hb = Math.min(h, Math.floor((n - minTrain) / K))
  }
  if (hb < 1) K = 0
  if (hb < h && K > 0) notes.push(`history too short for ${h}-step backtests: scored on ${hb} steps`)

  const bt = new Map<CandidateName, number[][]>() // forecasts per origin
  const truths: number[][] = []
  const scales: number[] = []
  for (let o = K; o >= 1; o--) {
    const cut = n - o * hb
    const train = y.slice(0, cut)
    truths.push(y.slice(cut, cut + hb))
    scales.push(maseScale(train, m))
    for (const [name, fn] of fns) {
      const list = bt.get(name) ?? []
      let r: ReturnType<Fn> = null
      try {
        r = fn(train, hb, seasons)
      } catch {
        r = null
      }
      list.push(r && finite(r.f, hb) ? clamp(r.f) : [])
      bt.set(name, list)
    }
  }
  const scoreOf = (fs: number[][]): BacktestScore | null => {
    if (fs.length === 0 || fs.some((f) => f.length !== hb)) return null
    return {
      model: 'snaive',
      mase: mean(fs.map((f, i) => mase(truths[i] as number[], f, scales[i] as number))),
      smape: mean(fs.map((f, i) => smape(truths[i] as number[], f))),
    }
  }
  const scores: BacktestScore[] = []
  for (const name of names) {
    const s = scoreOf(bt.get(name) ?? [])
    if (s && Number.isFinite(s.mase)) scores.push({ ...s, model: name })
  }
  scores.sort((a, b) => a.mase - b.mase)
  // Ensemble: the best `size` candidates (seasonal-naive variants included: on load curves they often carry the
  // shape best), weighted by inverse backtest MASE.
  const size = opts.ensembleSize ?? 3
  const top = scores.slice(0, size)
  const members = top.map((s) => s.model as CandidateName)
  const inv = top.map((s) => 1 / Math.max(s.mase, 1e-6))
  const weights = new Map(members.map((c, i) => [c, (inv[i] as number) / inv.reduce((a, b) => a + b, 0)]))
  const combine = (parts: { c: CandidateName; f: readonly number[] }[], len: number): number[] => {
    const wsum = parts.reduce((a, p) => a + (weights.get(p.c) as number), 0)
    return Array.from({ length: len }, (_, k) => parts.reduce((a, p) => a + (weights.get(p.c) as number) * (p.f[k] as number), 0) / wsum)
  }
  if (members.length >= 2) {
    const fs = truths.map((_, i) => combine(members.map((c) => ({ c, f: bt.get(c)![i]! })), hb))
    const s = scoreOf(fs)
    if (s) {
      scores.push({ ...s, model: 'ensemble' })
      bt.set('ensemble' as CandidateName, fs)
    }
    scores.sort((a, b) => a.mase - b.mase)
  }
  let chosen: ModelName = scores[0]?.model ?? (fns.has('snaive') ? 'snaive' : (names[0] as CandidateName))
  if (K === 0) {
    // No backtest possible (or asked for none): a single requested model, else seasonal naive.
    chosen = names.length === 1 ? (names[0] as CandidateName) : 'snaive'
    if (names.length > 1) notes.push('too little history for a backtest: seasonal naive')
  }

  // Final fit on the whole history.
  const finalOf = (c: CandidateName): { f: number[]; detail?: string } | null => {
    try {
      const r = finalFns.get(c)?.(y, h, seasons) ?? null
      return r && finite(r.f, h) ? { ...r, f: clamp(r.f) } : null
    } catch {
      return null
    }
  }
  let point: number[] | null = null
  let detail: string = chosen
  if (chosen === 'ensemble') {
    const fs = members.map((c) => ({ c, r: finalOf(c) })).filter((x) => x.r)
    if (fs.length >= 2) {
      point = combine(fs.map((x) => ({ c: x.c, f: x.r!.f })), h)
      detail = `weighted mean of ${fs.map((x) => `${x.r!.detail ? `${x.c} ${x.r!.detail}` : x.c} (${(weights.get(x.c) as number).toFixed(2)})`).join(', ')}`
    }
  } else {
    const r = finalOf(chosen)
    if (r) {
      point = r.f
      detail = r.detail ? `${chosen} ${r.detail}` : chosen
    }
  }
  if (!point) {
    notes.push(`${chosen} failed on the full history: seasonal naive used`)
    chosen = 'snaive'
    point = clamp(seasonalNaive(y, h, m))
    detail = 'snaive'
  }

  // Intervals and their honest coverage.
  const chosenErrs = K > 0 ? (bt.get(chosen as CandidateName) ?? []).map((f, i) => f.map((v, k) => (truths[i]![k] as number) - v)) : []
  const errs = selectionHonestErrors(bt, truths, scales, hb) ?? chosenErrs
  const intervals: SeriesForecast['intervals'] = []
  const coverage: SeriesForecast['coverage'] = []
  const qs = opts.levels.map((l) => l / 100)
  const haveErrs = errs.length > 0 && errs.every((e) => e.length === hb)
  const extrapolated = new Set<number>()
  const widths = haveErrs ? halfWidthsAll(errs, h, hb, qs, extrapolated) : null
  if (extrapolated.size > 0) {
    const which = [...extrapolated].sort((a, b) => a - b).map((q) => `${Math.round(q * 100)} %`)
    notes.push(`too few backtest errors to place the ${which.join(' and ')} band${which.length > 1 ? 's' : ''}: widened past the largest error with a normal tail`)
  }
  // Leave-one-origin-out widths, for the honest coverage.
  const looWidths = haveErrs && errs.length >= 2 ? errs.map((_, o) => halfWidthsAll(errs.filter((_, j) => j !== o), hb, hb, qs)) : null
  opts.levels.forEach((level, li) => {
    const q = qs[li] as number
    let w: number[]
    if (widths) w = widths[li] as number[]
    else {
      // No backtest: the naive model's residual scale, widened like a random walk.
      const sd = maseScale(y, m) * 1.25
      const z = qnorm(0.5 + q / 2)
      w = Array.from({ length: h }, (_, k) => z * sd * Math.sqrt(Math.floor(k / Math.max(m, 1)) + 1))
    }
    intervals.push({
      level,
      lo: point.map((v, k) => (nonNegative ? Math.max(0, v - (w[k] as number)) : v - (w[k] as number))),
      hi: point.map((v, k) => v + (w[k] as number)),
    })
    if (looWidths) {
      let inside = 0
      let total = 0
      for (let o = 0; o < errs.length; o++) {
        const wo = (looWidths[o] as number[][])[li] as number[]
        for (let k = 0; k < hb; k++) {
          total++
          if (Math.abs(errs[o]![k] as number) <= (wo[k] as number)) inside++
        }
      }
      coverage.push({ level, coverage: total ? inside / total : null, n: total })
    } else coverage.push({ level, coverage: null, n: 0 })
  })
  const candidates: Partial<Record<CandidateName, number[]>> = {}
  if (opts.keepCandidates) for (const c of fns.keys()) {
    const r = finalOf(c)
    if (r) candidates[c] = r.f
  }
  return {
    ...(opts.keepCandidates ? { candidates } : {}),
    id: input.id,
    model: chosen,
    detail,
    mean: point,
    intervals,
    backtest: scores,
    backtestHorizon: hb,
    origins: K,
    coverage,
    note: notes.length ? notes.join('; ') : null,
  }
}

export { median }
