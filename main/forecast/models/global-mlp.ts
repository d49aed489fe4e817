import { gaussian, rng } from '../stats'
import { float64s } from '../../math/typed-arrays'

/**
 * One learned global model: an N-BEATS-style fully connected network (Oreshkin et al., ICLR 2020, "generic"
 * block reduced to a single stack) trained across every series of a run. Each window is scaled by the mean
 * absolute value of its last season, and the network predicts the correction to the seasonal-naive forecast
 * (a residual on a strong baseline, which keeps a small net stable). L1 loss (aligned with MASE), Adam,
 * seeded initialisation and sampling: the same data give the same weights.
 */
export interface GlobalModel {
  L: number
  H: number
  m: number
  hidden: number
  /** Row-major weights: W1 (hidden×L), b1, W2 (hidden×hidden), b2, W3 (H×hidden), b3. */
  w: number[]
  windows: number
  finalLoss: number
}

export interface GlobalTrainOptions {
  H: number
  m: number
  L?: number | undefined
  hidden?: number | undefined
  epochs?: number | undefined
  maxWindows?: number | undefined
  seed?: number | undefined
  /** Per series, how many trailing points training must not see (the backtest region). */
  holdout?: number | undefined
  onProgress?: (epoch: number, epochs: number) => void | undefined
  signal?: AbortSignal | undefined
}

function sizes(L: number, Hd: number, H: number) {
  const s1 = Hd * L
  const s2 = s1 + Hd
  const s3 = s2 + Hd * Hd
  const s4 = s3 + Hd
  const s5 = s4 + H * Hd
  const s6 = s5 + H
  return { s1, s2, s3, s4, s5, total: s6 }
}

function windowScale(x: ArrayLike<number>, end: number, m: number): number {
  let s = 0
  const k = Math.max(1, m)
  for (let i = end - k; i < end; i++) s += Math.abs(x[i] as number)
  return s / k || 1
}

export function trainGlobal(series: readonly (readonly number[])[], o: GlobalTrainOptions): GlobalModel | null {
  const H = o.H
  const m = Math.max(1, o.m)
  const L = o.L ?? Math.min(Math.max(3 * m, 2 * H, 14), 7 * m)
  const Hd = o.hidden ?? 64
  const r = rng(o.seed ?? 42)
  // Collect window end positions (input = [t-L, t), target = [t, t+H)).
  const idx: [number, number][] = []
  series.forEach((y, si) => {
    const last = y.length - (o.holdout ?? 0) - H
    for (let t = L; t <= last; t++) idx.push([si, t])
  })
  if (idx.length < 50) return null
  const maxW = o.maxWindows ?? 40000
  // Seeded partial shuffle down to maxWindows.
  for (let i = 0; i < Math.min(maxW, idx.length); i++) {
    const j = i + Math.floor(r() * (idx.length - i))
    const t = idx[i] as [number, number]
    idx[i] = idx[j] as [number, number]
    idx[j] = t
  }
  const windows = idx.slice(0, maxW)
  const sz = sizes(L, Hd, H)
  const w = new Float64Array(sz.total)
  const init = (from: number, to: number, fanIn: number) => {
    const sd = Math.sqrt(2 / fanIn)
    for (let i = from; i < to; i++) w[i] = gaussian(r) * sd
  }
  init(0, sz.s1, L)
  init(sz.s2, sz.s3, Hd)
  init(sz.s4, sz.s5, Hd * 4) // small output layer: start near the seasonal-naive baseline
  // Gradient and Adam moments per weight; one window's input, target, activations and their gradients.
  const [g, mAdam, vAdam] = float64s(sz.total, sz.total, sz.total)
  const [x, tgt, out, dOut] = float64s(L, H, H, H)
  const [h1, h2, d1, d2] = float64s(Hd, Hd, Hd, Hd)
  const epochs = o.epochs ?? 12
  const batch = 32
  let step = 0
  let lossSum = 0
  let lossN = 0
  const lr0 = 1e-3
  for (let ep = 0; ep < epochs; ep++) {
    if (o.signal?.aborted) return null
    // Shuffle windows each epoch (seeded).
    for (let i = windows.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1))
      const t = windows[i] as [number, number]
      windows[i] = windows[j] as [number, number]
      windows[j] = t
    }
    lossSum = 0
    lossN = 0
    const lr = lr0 * (ep >= epochs - 2 ? 0.3 : 1)
    for (let b0 = 0; b0 < windows.length; b0 += batch) {
      g.fill(0)
      const bEnd = Math.min(windows.length, b0 + batch)
      for (let bi = b0; bi < bEnd; bi++) {
        const [si, t] = windows[bi] as [number, number]
        const y = series[si] as readonly number[]
        const sc = windowScale(y, t, m)
        for (let i = 0; i < L; i++) x[i] = (y[t - L + i] as number) / sc
        for (let k = 0; k < H; k++) tgt[k] = ((y[t + k] as number) - (y[t - m + (k % m)] as number)) / sc
        forward(w, sz, L, Hd, H, x, h1, h2, out)
        for (let k = 0; k < H; k++) {
          const e = out[k]! - tgt[k]!
          lossSum += Math.abs(e)
          dOut[k] = Math.sign(e) / H
        }
        lossN++
        backward(w, g, sz, L, Hd, H, x, h1, h2, dOut, d1, d2)
      }
      // Adam update.
      step++
      const bsz = bEnd - b0
      const c1 = 1 - 0.9 ** step
      const c2 = 1 - 0.999 ** step
      for (let i = 0; i < sz.total; i++) {
        const gi = g[i]! / bsz
        mAdam[i] = 0.9 * mAdam[i]! + 0.1 * gi
        vAdam[i] = 0.999 * vAdam[i]! + 0.001 * gi * gi
        w[i] = w[i]! - (lr * (mAdam[i]! / c1)) / (Math.sqrt(vAdam[i]! / c2) + 1e-8)
      }
    }
    o.onProgress?.(ep + 1, epochs)
  }
  return { L, H, m, hidden: Hd, w: Array.from(w), windows: windows.length, finalLoss: lossN ? lossSum / lossN / H : NaN }
}

function forward(w: ArrayLike<number>, sz: ReturnType<typeof sizes>, L: number, Hd: number, H: number, x: Float64Array, h1: Float64Array, h2: Float64Array, out: Float64Array): void {
  for (let j = 0; j < Hd; j++) {
    let s = w[sz.s1 + j] as number
    const off = j * L
    for (let i = 0; i < L; i++) s += (w[off + i] as number) * x[i]!
    h1[j] = s > 0 ? s : 0
  }
  for (let j = 0; j < Hd; j++) {
    let s = w[sz.s3 + j] as number
    const off = sz.s2 + j * Hd
    for (let i = 0; i < Hd; i++) s += (w[off + i] as number) * h1[i]!
    h2[j] = s > 0 ? s : 0
  }
  for (let k = 0; k < H; k++) {
    let s = w[sz.s5 + k] as number
    const off = sz.s4 + k * Hd
    for (let i = 0; i < Hd; i++) s += (w[off + i] as number) * h2[i]!
    out[k] = s
  }
}

function backward(w: Float64Array, g: Float64Array, sz: ReturnType<typeof sizes>, L: number, Hd: number, H: number, x: Float64Array, h1: Float64Array, h2: Float64Array, dOut: Float64Array, d1: Float64Array, d2: Float64Array): void {
  d2.fill(0)
  for (let k = 0; k < H; k++) {
    const dk = dOut[k]!
    if (dk === 0) continue
    g[sz.s5 + k]! += dk
    const off = sz.s4 + k * Hd
    for (let i = 0; i < Hd; i++) {
      g[off + i]! += dk * h2[i]!
      d2[i]! += dk * w[off + i]!
    }
  }
  d1.fill(0)
  for (let j = 0; j < Hd; j++) {
    if (h2[j]! <= 0) continue
    const dj = d2[j]!
    g[sz.s3 + j]! += dj
    const off = sz.s2 + j * Hd
    for (let i = 0; i < Hd; i++) {
      g[off + i]! += dj * h1[i]!
      d1[i]! += dj * w[off + i]!
    }
  }
  for (let j = 0; j < Hd; j++) {
    if (h1[j]! <= 0) continue
    const dj = d1[j]!
    g[sz.s1 + j]! += dj
    const off = j * L
    for (let i = 0; i < L; i++) g[off + i]! += dj * x[i]!
  }
}

/** Forecasts h ≤ H steps from the last L points; null when the series is too short. */
export function globalForecast(model: GlobalModel, y: readonly number[], h: number): number[] | null {
  const { L, H, m, hidden: Hd } = model
  const n = y.length
  if (n < L || h > H) return null
  const sz = sizes(L, Hd, H)
  const sc = windowScale(y, n, m)
  const x = new Float64Array(L)
  for (let i = 0; i < L; i++) x[i] = (y[n - L + i] as number) / sc
  const h1 = new Float64Array(Hd)
  const h2 = new Float64Array(Hd)
  const out = new Float64Array(H)
  forward(model.w, sz, L, Hd, H, x, h1, h2, out)
  return Array.from({ length: h }, (_, k) => (y[n - m + (k % m)] as number) + out[k]! * sc)
}
