import { nelderMead } from '../optim'
import { classicalSeasonal, mean } from '../stats'

/**
 * Seasonal ARIMA(p,d,q)(P,D,Q)m fitted by conditional sum of squares, with the automatic order search of
 * Hyndman & Khandakar (2008, J. Stat. Softw. 27(3)) — stepwise over p, q ≤ 5 and P, Q ≤ 2 (1 when m > 12, as
 * a cost bound), p + q + P + Q ≤ 5, AICc. Differencing is chosen first, as there: D by seasonal strength
 * (Wang, Smith & Hyndman 2006: F_s > 0.64, the statsforecast/fable default test), d by the KPSS level test
 * (Kwiatkowski et al. 1992; 5 % critical value 0.463; lags ⌊4 (n/100)^¼⌋). AR and MA parameters are
 * kept stationary / invertible by the partial-autocorrelation parametrisation (Jones 1980).
 */
export interface ArimaOrder {
  p: number
  d: number
  q: number
  P: number
  D: number
  Q: number
  m: number
  constant: boolean
}

export const orderName = (o: ArimaOrder): string =>
  `ARIMA(${o.p},${o.d},${o.q})${o.m > 1 ? `(${o.P},${o.D},${o.Q})[${o.m}]` : ''}${o.constant ? (o.d + o.D === 0 ? ' with mean' : ' with drift') : ''}`

export function kpss(x: readonly number[]): number {
  const n = x.length
  const mu = mean(x)
  const e = x.map((v) => v - mu)
  let s = 0
  let eta = 0
  for (const v of e) {
    s += v
    eta += s * s
  }
  eta /= n * n
  const L = Math.floor(4 * (n / 100) ** 0.25)
  let s2 = 0
  for (const v of e) s2 += v * v
  s2 /= n
  for (let l = 1; l <= L; l++) {
    let c = 0
    for (let t = l; t < n; t++) c += (e[t] as number) * (e[t - l] as number)
    s2 += (2 * (1 - l / (L + 1)) * c) / n
  }
  return s2 > 0 ? eta / s2 : 0
}

export function seasonalStrength(x: readonly number[], m: number): number {
  if (m <= 1 || x.length < 3 * m) return 0
  const si = classicalSeasonal(x, m, false)
  // Remainder = detrended minus seasonal, on the centred-moving-average trend.
  const half = Math.floor(m / 2)
  const det: number[] = []
  const rem: number[] = []
  for (let t = half; t < x.length - half; t++) {
    let s = m % 2 === 0 ? 0.5 * ((x[t - half] as number) + (x[t + half] as number)) : 0
    for (let k = m % 2 === 0 ? -half + 1 : -half; k <= (m % 2 === 0 ? half - 1 : half); k++) s += x[t + k] as number
    const d = (x[t] as number) - s / m
    det.push(d)
    rem.push(d - (si[t % m] as number))
  }
  const v = (a: number[]) => {
    const mu = mean(a)
    return a.reduce((s, z) => s + (z - mu) ** 2, 0) / a.length
  }
  const vd = v(det)
  return vd > 0 ? Math.max(0, 1 - v(rem) / vd) : 0
}

function diff(x: readonly number[], lag: number): number[] {
  const out: number[] = []
  for (let t = lag; t < x.length; t++) out.push((x[t] as number) - (x[t - lag] as number))
  return out
}

/** Partial autocorrelations in (−1, 1) → AR coefficients of a stationary polynomial (Durbin–Levinson). */
function pacfToAr(r: readonly number[]): number[] {
  let a: number[] = []
  for (let k = 0; k < r.length; k++) {
    const rk = r[k] as number
    const next = a.slice()
    next.push(rk)
    for (let j = 0; j < k; j++) next[j] = (a[j] as number) - rk * (a[k - 1 - j] as number)
    a = next
  }
  return a
}

/** Product of (1 - Σ a_i B^i)(1 - Σ A_i B^{mi}) as sparse [lag, coefficient] of the "Σ c B^lag" part. */
function expand(a: readonly number[], A: readonly number[], m: number): [number, number][] {
  const coef = new Map<number, number>()
  const add = (lag: number, c: number) => coef.set(lag, (coef.get(lag) ?? 0) + c)
  a.forEach((v, i) => add(i + 1, v))
  A.forEach((V, j) => {
    add((j + 1) * m, V)
    a.forEach((v, i) => add(i + 1 + (j + 1) * m, -v * V))
  })
  return [...coef.entries()].filter(([, c]) => c !== 0)
}

interface Fitted {
  order: ArimaOrder
  params: number[]
  aicc: number
  sigma2: number
}

function unpack(o: ArimaOrder, x: readonly number[], scale: number) {
  let i = 0
  const take = (k: number) => x.slice(i, (i += k)).map((v) => Math.tanh(v))
  const ar = pacfToAr(take(o.p))
  const ma = pacfToAr(take(o.q)).map((v) => -v)
  const sar = pacfToAr(take(o.P))
  const sma = pacfToAr(take(o.Q)).map((v) => -v)
  const c = o.constant ? (x[i] as number) * scale : 0
  return { ar: expand(ar, sar, o.m), ma: expand(ma, sma, o.m).map(([l, v]) => [l, -v] as [number, number]), c }
}

/**
 * CSS residuals of the differenced series w. ma lags hold +θ (e_t = w_t − c − Σφ(w−c) − Σθ e). The hot loop of
 * the order search: lags and coefficients are unpacked into typed arrays once per call (same summation order,
 * so results are bit-identical to the plain version).
 */
function css(w: ArrayLike<number>, ar: [number, number][], ma: [number, number][], c: number, e: number[] | Float64Array): number {
  const n = w.length
  const na = ar.length
  const nm = ma.length
  const aL = new Int32Array(na)
  const aC = new Float64Array(na)
  const mL = new Int32Array(nm)
  const mC = new Float64Array(nm)
  let start = 0
  for (let i = 0; i < na; i++) {
    const [l, a] = ar[i] as [number, number]
    aL[i] = l
    aC[i] = a
    if (l > start) start = l
  }
  for (let i = 0; i < nm; i++) {
    const [l, b] = ma[i] as [number, number]
    mL[i] = l
    mC[i] = b
  }
  let sse = 0
  if (Array.isArray(e)) e.length = n
  e.fill(0)
  for (let t = start; t < n; t++) {
    let pred = c
    for (let i = 0; i < na; i++) pred += (aC[i] as number) * ((w[t - (aL[i] as number)] as number) - c)
    for (let i = 0; i < nm; i++) {
      const j = t - (mL[i] as number)
      if (j >= 0) pred += (mC[i] as number) * (e[j] as number)
    }
    const r = (w[t] as number) - pred
    e[t] = r
    sse += r * r
  }
  return sse / Math.max(1, n - start)
}

function fitOrder(w: readonly number[], o: ArimaOrder, loose = false): Fitted | null {
  const k = o.p + o.q + o.P + o.Q + (o.constant ? 1 : 0)
  const scale = Math.max(1e-9, Math.sqrt(mean(w.map((v) => v * v))))
  const wf = Float64Array.from(w)
  const e = new Float64Array(w.length)
  const obj = (x: number[]) => {
    const u = unpack(o, x, scale)
    return css(wf, u.ar, u.ma, u.c, e)
  }
  const x0 = new Array<number>(k).fill(0.1)
  if (o.constant) x0[k - 1] = mean(w) / scale
  const opt = k > 0 ? nelderMead(obj, x0, loose ? { maxIter: 30 * k + 30, step: 0.3, tol: 1e-4 } : { maxIter: 60 * k + 60, step: 0.3, tol: 1e-6 }) : { x: [], fx: obj([]) }
  const sigma2 = opt.fx
  if (!Number.isFinite(sigma2) || sigma2 <= 0) return null
  const start = Math.max(o.p + o.P * o.m, 0)
  const nEff = w.length - start
  const ll = -0.5 * nEff * (Math.log(2 * Math.PI * sigma2) + 1)
  const kk = k + 1
  const aicc = -2 * ll + 2 * kk + (nEff - kk - 1 > 0 ? (2 * kk * (kk + 1)) / (nEff - kk - 1) : Infinity)
  return { order: o, params: opt.x, aicc, sigma2 }
}

function chooseDiffs(y: readonly number[], m: number): { d: number; D: number } {
  let D = 0
  if (m > 1 && y.length >= 3 * m && seasonalStrength(y, m) > 0.64) D = 1
  let x = D ? diff(y, m) : [...y]
  let d = 0
  while (d < 2 && x.length > 10 && kpss(x) > 0.463) {
    x = diff(x, 1)
    d++
  }
  return { d, D }
}

/**
 * `from`: start the stepwise search at this order (the previous rolling origin's) instead of the four default
 * starting models. `quick`: compare orders on loose fits (half the simplex budget, tolerance 1e-4) and refit
 * only the winner tightly — the AICc ranking rarely changes, and the search costs a third.
 */
export function autoArima(y: readonly number[], m: number, from?: ArimaOrder, quick = false): { fit: Fitted; w: number[] } | null {
  if (y.length < 8) return null
  const seasonal = m > 1 && y.length >= 2 * m + 4
  const mm = seasonal ? m : 1
  const { d, D } = chooseDiffs(y, mm)
  let w = [...y]
  for (let i = 0; i < D; i++) w = diff(w, mm)
  for (let i = 0; i < d; i++) w = diff(w, 1)
  if (w.length < 6) return null
  const maxP = 5
  const maxSP = mm > 12 ? 1 : 2
  const constant = d + D <= 1
  const seen = new Map<string, Fitted | null>()
  const tryOrder = (p: number, q: number, P: number, Q: number): Fitted | null => {
    if (p < 0 || q < 0 || P < 0 || Q < 0 || p > maxP || q > maxP || P > maxSP || Q > maxSP || p + q + P + Q > 5) return null
    if (mm === 1 && (P > 0 || Q > 0)) return null
    const key = `${p},${q},${P},${Q}`
    if (seen.has(key)) return seen.get(key) ?? null
    const f = fitOrder(w, { p, d, q, P, D, Q, m: mm, constant }, quick)
    seen.set(key, f)
    return f
  }
  let best: Fitted | null = null
  const consider = (f: Fitted | null) => {
    if (f && (!best || f.aicc < best.aicc)) best = f
  }
  if (from && from.d === d && from.D === D && from.m === mm) consider(tryOrder(from.p, from.q, from.P, from.Q))
  if (!best) {
    consider(tryOrder(2, 2, mm > 1 ? 1 : 0, mm > 1 ? 1 : 0))
    consider(tryOrder(0, 0, 0, 0))
    consider(tryOrder(1, 0, mm > 1 ? 1 : 0, 0))
    consider(tryOrder(0, 1, 0, mm > 1 ? 1 : 0))
  }
  for (let step = 0; step < 30 && best; step++) {
    const b: Fitted = best
    const { p, q, P, Q } = b.order
    const moves: [number, number, number, number][] = [
      [p + 1, q, P, Q], [p - 1, q, P, Q], [p, q + 1, P, Q], [p, q - 1, P, Q],
      [p + 1, q + 1, P, Q], [p - 1, q - 1, P, Q],
      [p, q, P + 1, Q], [p, q, P - 1, Q], [p, q, P, Q + 1], [p, q, P, Q - 1],
      [p, q, P + 1, Q + 1], [p, q, P - 1, Q - 1],
    ]
    for (const mv of moves) consider(tryOrder(...mv))
    if (best === b) break
  }
  if (!best) return null
  const won: Fitted = best
  return { fit: (quick ? fitOrder(w, won.order) : null) ?? won, w }
}

/** ARIMA sees at most the last `ARIMA_WINDOW_SEASONS` seasons (plus 100 points): a cost bound for long hourly series. */
export const ARIMA_WINDOW_SEASONS = 12

/**
 * Carried from one rolling origin to the next (oldest first): the order the stepwise search ended on. With a
 * warm state the search is the quick one (see autoArima) and starts from that order instead of the four default
 * starting models (Hyndman & Khandakar's step 1), walking the same neighbourhood from there. Keeping the order
 * fixed and refitting only the coefficients was cheaper still, but chose worse on the M4 Hourly backtests.
 */
export interface ArimaWarmState {
  order?: ArimaOrder
}

export function arimaForecast(yAll: readonly number[], h: number, m: number, warm?: ArimaWarmState): { f: number[]; detail: string } | null {
  const y = yAll.slice(-Math.max(ARIMA_WINDOW_SEASONS * Math.max(m, 1) + 100, 200))
  const r = autoArima(y, m, warm?.order, warm !== undefined)
  if (!r) return null
  if (warm) warm.order = r.fit.order
  const { fit, w } = r
  const o = fit.order
  const scale = Math.max(1e-9, Math.sqrt(mean(w.map((v) => v * v))))
  const u = unpack(o, fit.params, scale)
  const e: number[] = []
  css(w, u.ar, u.ma, u.c, e)
  const ww = [...w]
  const ee = [...e]
  for (let k = 0; k < h; k++) {
    const t = ww.length
    let pred = u.c
    for (const [l, a] of u.ar) pred += a * ((ww[t - l] as number) - u.c)
    for (const [l, b] of u.ma) if (t - l >= 0 && t - l < e.length) pred += b * (ee[t - l] as number)
    ww.push(pred)
    ee.push(0)
  }
  // Undo the differences: regular ones last applied, so undone first.
  const levels: number[][] = [[...y]]
  for (let i = 0; i < o.D; i++) levels.push(diff(levels.at(-1) as number[], o.m))
  for (let i = 0; i < o.d; i++) levels.push(diff(levels.at(-1) as number[], 1))
  let fut = ww.slice(w.length)
  for (let i = levels.length - 1; i >= 1; i--) {
    const prev = levels[i - 1] as number[]
    const lag = i > o.D ? 1 : o.m
    const ext = [...prev]
    for (const v of fut) ext.push((ext[ext.length - lag] as number) + v)
    fut = ext.slice(prev.length)
  }
  return { f: fut, detail: orderName(o) }
}
