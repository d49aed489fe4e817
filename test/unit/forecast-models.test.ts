import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { forecastSeries, mase, maseScale, selectionHonestErrors, smape } from '../../main/forecast/engine'
import { arimaForecast, kpss, type ArimaWarmState } from '../../main/forecast/models/arima'
import { autoEts, etsForecast, fitEts } from '../../main/forecast/models/ets'
import { globalForecast, trainGlobal } from '../../main/forecast/models/global-mlp'
import { loadMstl, mstlForecast } from '../../main/forecast/models/mstl'
import { naive2, seasonalNaive, seasonalProfileLevel } from '../../main/forecast/models/naive'
import { dotmForecast } from '../../main/forecast/models/theta'
import { gaussian, rng } from '../../main/forecast/stats'
import { SPEED_PRESETS, presetModels } from '../../main/forecast/presets'

const M4 = join(__dirname, '..', '..', '..', 'shared', 'data', 'm4-hourly', 'Hourly-train.csv')
/** The first `n` M4 hourly training series (values only). */
function m4(n: number): number[][] {
  return readFileSync(M4, 'utf8')
    .trim()
    .split('\n')
    .slice(1, 1 + n)
    .map((l) => l.split(',').slice(1).filter((c) => c !== '').map((c) => Number(c.replace(/"/g, ''))))
}

describe('accuracy measures', () => {
  it('computes sMAPE and MASE as the M4 definitions (hand-worked values)', () => {
    // |100-110| / (100+110) * 2 = 0.0952..., |50-40| / 90 * 2 = 0.2222... → mean × 100
    expect(smape([100, 50], [110, 40])).toBeCloseTo(((2 * 10) / 210 + (2 * 10) / 90) * 50, 10)
    // In-sample seasonal naive (m = 2) errors of [1,2,3,4,5,6]: all 2 → scale 2; forecast MAE 3 → MASE 1.5
    expect(maseScale([1, 2, 3, 4, 5, 6], 2)).toBe(2)
    expect(mase([10, 10], [7, 13], 2)).toBe(1.5)
  })
})

describe('benchmark models', () => {
  it('seasonal naive repeats the last season and Naive2 reproduces a multiplicative seasonal pattern', () => {
    const s = [0.5, 1, 1.5, 1]
    const y = Array.from({ length: 40 }, (_, t) => 100 * (s[t % 4] as number))
    expect(seasonalNaive(y, 6, 4)).toEqual([50, 100, 150, 100, 50, 100])
    // Perfectly seasonal with a constant level: deseasonalised naive then reseasonalised gives the pattern back.
    naive2(y, 8, 4).forEach((v, k) => expect(v).toBeCloseTo(100 * (s[(40 + k) % 4] as number), 6))
  })

  it('ETS(A,A,N) continues a straight line and AutoETS picks a trend model for it', () => {
    const y = Array.from({ length: 60 }, (_, t) => 10 + 2 * t + (t % 2 ? 0.01 : -0.01))
    const fit = fitEts(y, { error: 'A', trend: 'A', season: 'N' }, 1)
    expect(fit).not.toBeNull()
    etsForecast(fit!, 5).forEach((v, k) => expect(v).toBeCloseTo(10 + 2 * (60 + k), 0))
    const auto = autoEts(y, 1)
    expect(auto?.spec.trend).not.toBe('N')
  })

  it('DOTM extrapolates a linear trend', () => {
    const y = Array.from({ length: 80 }, (_, t) => 50 + 0.5 * t)
    dotmForecast(y, 10, 1).forEach((v, k) => expect(Math.abs(v - (50 + 0.5 * (80 + k)))).toBeLessThan(1))
  })

  it('KPSS separates white noise from a random walk, and AutoARIMA forecasts an AR(1) towards its mean', () => {
    const r = rng(3)
    const noise = Array.from({ length: 300 }, () => gaussian(r))
    const walk: number[] = []
    noise.reduce((acc, e) => (walk.push(acc + e), acc + e), 0)
    expect(kpss(noise)).toBeLessThan(0.463)
    expect(kpss(walk)).toBeGreaterThan(0.463)
    // AR(1) with φ = 0.8 around 100, last value pushed to 110: forecasts decay towards 100.
    const ar: number[] = [100]
    for (let t = 1; t < 400; t++) ar.push(100 + 0.8 * ((ar[t - 1] as number) - 100) + gaussian(r))
    ar.push(110)
    const f = arimaForecast(ar, 20, 1)
    expect(f).not.toBeNull()
    expect(f!.f[0]).toBeGreaterThan(104)
    expect(f!.f[0]).toBeLessThan(110)
    expect(Math.abs((f!.f[19] as number) - 100)).toBeLessThan(2)
  })

  it('MSTL (augurs wasm) loads under Node and follows a series with daily and weekly seasons', async () => {
    expect(await loadMstl()).toBe(true)
    const y = Array.from({ length: 24 * 21 }, (_, t) => 100 + 20 * Math.sin((2 * Math.PI * t) / 24) + 10 * Math.sin((2 * Math.PI * t) / 168))
    const f = mstlForecast(y, 48, [24, 168])
    expect(f).not.toBeNull()
    const truth = Array.from({ length: 48 }, (_, k) => {
      const t = y.length + k
      return 100 + 20 * Math.sin((2 * Math.PI * t) / 24) + 10 * Math.sin((2 * Math.PI * t) / 168)
    })
    expect(mase(truth, f!, maseScale(y, 24))).toBeLessThan(0.2)
  })

  it('trains the global model reproducibly from a seed', () => {
    const series = m4(6).map((y) => y.slice(0, 400))
    const a = trainGlobal(series, { H: 12, m: 24, L: 48, hidden: 8, epochs: 1, maxWindows: 300, seed: 9 })
    const b = trainGlobal(series, { H: 12, m: 24, L: 48, hidden: 8, epochs: 1, maxWindows: 300, seed: 9 })
    expect(a).not.toBeNull()
    expect(a!.w).toEqual(b!.w)
    const f = globalForecast(a!, series[0] as number[], 12)
    expect(f?.every(Number.isFinite)).toBe(true)
  })
})

describe('per-series selection on real M4 series', () => {
  it('backtests every candidate, keeps scores, nests the 50/80/95 % bands and measures their coverage', async () => {
    await loadMstl()
    const [y] = m4(1)
    const train = (y as number[]).slice(-24 * 14 - 24)
    const r = forecastSeries({ id: 'H1', y: train.slice(0, -24), seasons: [24, 168] }, { h: 24, levels: [50, 80, 95], origins: 2, models: ['snaive', 'naive2', 'theta', 'mstl'] })
    expect(r.mean).toHaveLength(24)
    expect(r.backtest.map((b) => b.model)).toEqual(expect.arrayContaining(['snaive', 'naive2', 'theta', 'mstl']))
    // The chosen model has the lowest backtest MASE of all scored (ensemble included).
    expect(r.backtest[0]?.model).toBe(r.model)
    const [i50, i80, i95] = r.intervals
    for (let k = 0; k < 24; k++) {
      expect(i95!.lo[k]).toBeLessThanOrEqual(i80!.lo[k] as number)
      expect(i80!.lo[k]).toBeLessThanOrEqual(i50!.lo[k] as number)
      expect(i50!.lo[k]).toBeLessThanOrEqual(r.mean[k] as number)
      expect(r.mean[k]).toBeLessThanOrEqual(i50!.hi[k] as number)
      expect(i50!.hi[k]).toBeLessThanOrEqual(i80!.hi[k] as number)
      expect(i80!.hi[k]).toBeLessThanOrEqual(i95!.hi[k] as number)
    }
    for (const c of r.coverage) {
      expect(c.coverage).not.toBeNull()
      expect(c.coverage!).toBeGreaterThanOrEqual(0)
      expect(c.coverage!).toBeLessThanOrEqual(1)
    }
  })

  it('falls back to seasonal naive (and says so) when the history is too short for a backtest', () => {
    const r = forecastSeries({ id: 'short', y: [5, 6, 7, 5, 6], seasons: [7] }, { h: 3, levels: [80] })
    expect(r.model).toBe('snaive')
    expect(r.note).toMatch(/too little history/)
    // Fewer points than one season: the last value carried forward.
    expect(r.mean).toEqual([6, 6, 6])
  })
})

describe('speed presets', () => {
  const FAST = ['snaive', 'naive2', 'swa', 'snaive-long', 'sprofile']
  it('fast chooses only among seasonal-naive variants and the seasonal profile (or their ensemble), on real M4 series', () => {
    const models = presetModels('fast', 24)
    expect([...models].sort()).toEqual([...FAST].sort())
    for (const y of m4(6)) {
      const r = forecastSeries({ id: 'x', y: y.slice(-24 * 30), seasons: [24, 168] }, { h: 48, levels: [80, 95], models, warmStart: SPEED_PRESETS.fast.warmStart })
      expect(r.mean).toHaveLength(48)
      expect([...FAST, 'ensemble']).toContain(r.model)
      for (const b of r.backtest) expect([...FAST, 'ensemble']).toContain(b.model)
      if (r.model === 'ensemble') for (const part of r.detail.replace(/^weighted mean of /, '').split(', ')) expect(FAST).toContain(part.split(' ')[0])
    }
  })

  it('balanced adds ARIMA, MSTL and the global model, and AutoETS only for short seasons; best keeps every candidate', () => {
    expect(presetModels('balanced', 24)).toEqual(expect.arrayContaining(['snaive', 'naive2', 'swa', 'snaive-long', 'theta', 'arima', 'mstl', 'global']))
    expect(presetModels('balanced', 24)).not.toContain('ets')
    expect(presetModels('balanced', 7)).toContain('ets')
    expect(presetModels('best', 24)).toHaveLength(11)
    expect(SPEED_PRESETS.best.warmStart).toBe(false)
  })

  it('the ensemble is the inverse-MASE weighted mean of its members', () => {
    let checked = 0
    for (const [i, y] of m4(12).entries()) {
      const r = forecastSeries({ id: `H${i + 1}`, y: y.slice(-24 * 21), seasons: [24, 168] }, { h: 24, levels: [80], models: ['snaive', 'swa', 'theta'], ensembleSize: 3, keepCandidates: true })
      if (r.model !== 'ensemble') continue
      checked++
      const members = r.backtest.filter((b) => b.model !== 'ensemble')
      expect(members).toHaveLength(3)
      const inv = members.map((b) => 1 / b.mase)
      const tot = inv.reduce((a, b) => a + b, 0)
      const f = (c: string, k: number) => r.candidates![c as 'snaive']![k] as number
      const expected = Array.from({ length: 24 }, (_, k) => members.reduce((a, b, j) => a + ((inv[j] as number) / tot) * f(b.model, k), 0))
      const unweighted = Array.from({ length: 24 }, (_, k) => members.reduce((a, b) => a + f(b.model, k) / 3, 0))
      for (let k = 0; k < 24; k++) expect(r.mean[k]).toBeCloseTo(expected[k] as number, 6)
      expect(r.mean.some((v, k) => Math.abs(v - (unweighted[k] as number)) > 1e-6)).toBe(true)
      expect(r.detail).toMatch(/^weighted mean of /)
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('the seasonal profile + level follows a level shift within one season (hand-worked)', () => {
    // Three days of a 4-hour "day": shape (−1, +1, −1, +1) around level 10, then the last day jumps to level 20.
    const y = [9, 11, 9, 11, 9, 11, 9, 11, 19, 21, 19, 21]
    // Shape over the last 3 days: each day's deviations from its mean are (−1, +1, −1, +1); level = 20.
    expect(seasonalProfileLevel(y, 6, 4, 3)).toEqual([19, 21, 19, 21, 19, 21])
    // Seasonal naive repeats the last day; the window median would still sit at level 10.
    expect(seasonalProfileLevel([1, 2, 3], 2, 4)).toBeNull()
  })

  it('warm-started AutoARIMA restarts its stepwise search from the previous origin’s order', () => {
    const r = rng(7)
    const y: number[] = [0]
    for (let t = 1; t < 400; t++) y.push(0.7 * (y[t - 1] as number) + gaussian(r))
    const state: ArimaWarmState = {}
    const first = arimaForecast(y.slice(0, 300), 10, 1, state)
    expect(first).not.toBeNull()
    expect(state.order).toBeDefined()
    const order = { ...state.order! }
    const second = arimaForecast(y, 10, 1, state)
    const fresh = arimaForecast(y, 10, 1)
    expect(second!.f).toHaveLength(10)
    // Same data, same search space: the warm search lands on the same order as a fresh one here (an AR(1)).
    expect(second!.detail).toBe(fresh!.detail)
    expect(order.p + order.q).toBeGreaterThan(0)
  })
})

describe('selection-honest calibration errors (cross-conformal)', () => {
  it('takes, at each origin, the errors of the model the other origins would have chosen', () => {
    // Three origins, two-step backtests, truth 10 everywhere, MASE scale 1.
    const truths = [
      [10, 10],
      [10, 10],
      [10, 10],
    ]
    const bt = new Map<string, number[][]>([
      // A: perfect on origins 0 and 1, 8 off on origin 2 (it would win on all three: mean |e| 2.67 vs 3).
      ['A', [[10, 10], [10, 10], [18, 18]]],
      // B: 3 off everywhere.
      ['B', [[13, 13], [7, 7], [13, 13]]],
    ])
    const e = selectionHonestErrors(bt, truths, [1, 1, 1], 2)
    // Origin 0: A scores 8 on origins 1–2, B 6 → B's error there (-3). Same for origin 1 (B: +3).
    // Origin 2: A scores 0 on origins 0–1 → A's error at origin 2 (-8), which A's own errors hide in a mean.
    expect(e).toEqual([
      [-3, -3],
      [3, 3],
      [-8, -8],
    ])
    expect(selectionHonestErrors(bt, truths.slice(0, 1), [1], 2)).toBeNull()
  })
})
