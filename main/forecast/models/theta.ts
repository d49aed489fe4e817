import { nelderMead, sigmoid } from '../optim'
import { deseasonalise } from './naive'

/**
 * Theta family on the seasonally adjusted series (M4 benchmark deseasonalisation):
 * - `theta`: the standard Theta method (Assimakopoulos & Nikolopoulos 2000) as Hyndman & Billah showed it:
 *   SES with drift equal to half the slope of the linear trend;
 * - `dotm`: Dynamic Optimised Theta (Fiorucci, Pellegrini, Louzada & Petropoulos 2016): the theta line's
 *   coefficients are updated each step and α, θ and the initial level are fitted by least squares — the
 *   recursions follow statsforecast's `theta.py` (model type DOTM).
 */
export function thetaForecast(y: readonly number[], h: number, m: number): number[] {
  const d = deseasonalise(y, m)
  const x = d.adjusted
  const n = x.length
  // SES fitted by least squares on one-step errors.
  const sse = (a: number) => {
    let l = x[0] as number
    let s = 0
    for (let t = 1; t < n; t++) {
      const e = (x[t] as number) - l
      s += e * e
      l += a * e
    }
    return { s, l }
  }
  const opt = nelderMead((v) => sse(0.001 + 0.998 * sigmoid(v[0] as number)).s, [0], { maxIter: 60 })
  const alpha = 0.001 + 0.998 * sigmoid(opt.x[0] as number)
  const level = sse(alpha).l
  // Slope of the linear regression on time.
  let st = 0
  let sy = 0
  let stt = 0
  let sty = 0
  for (let t = 0; t < n; t++) {
    st += t
    sy += x[t] as number
    stt += t * t
    sty += t * (x[t] as number)
  }
  const slope = (n * sty - st * sy) / (n * stt - st * st)
  return Array.from({ length: h }, (_, k) => {
    const drift = 0.5 * slope * (k + (1 - (1 - alpha) ** n) / alpha)
    return (level + drift) * d.future(k)
  })
}

function dotmRun(x: readonly number[], alpha: number, theta: number, l0: number, h: number, fitted?: number[]): { mse: number; f: number[] } {
  const n = x.length
  let level = alpha * (x[0] as number) + (1 - alpha) * l0
  let meany = x[0] as number
  let An = x[0] as number
  let Bn = 0
  let sse = 0
  let cnt = 0
  const f: number[] = []
  const step = (i: number, yv: number | null): number => {
    const mu = level + (1 - 1 / theta) * (An * (1 - alpha) ** i + (Bn * (1 - (1 - alpha) ** (i + 1))) / alpha)
    const yy = yv ?? mu
    level = alpha * yy + (1 - alpha) * level
    const newMean = (i * meany + yy) / (i + 1)
    Bn = ((i - 1) * Bn + (6 * (yy - meany)) / (i + 1)) / (i + 2)
    meany = newMean
    An = meany - (Bn * (i + 2)) / 2
    return mu
  }
  for (let i = 1; i < n; i++) {
    const mu = step(i, x[i] as number)
    fitted?.push(mu)
    if (i >= 3) {
      const e = (x[i] as number) - mu
      sse += e * e
      cnt++
    }
  }
  for (let k = 0; k < h; k++) f.push(step(n + k, null))
  return { mse: cnt ? sse / cnt : Infinity, f }
}

export function dotmForecast(y: readonly number[], h: number, m: number): number[] {
  const d = deseasonalise(y, m)
  const x = d.adjusted
  const scale = Math.abs(x[0] as number) || 1
  const dec = (v: number[]) => ({
    alpha: 0.1 + 0.89 * sigmoid(v[0] as number),
    theta: 1 + Math.exp(v[1] as number),
    l0: (v[2] as number) * scale,
  })
  const opt = nelderMead((v) => {
    const p = dec(v)
    return dotmRun(x, p.alpha, p.theta, p.l0, 0).mse
  }, [0, 0, (x[0] as number) / scale / 2], { maxIter: 300, step: 1 })
  const p = dec(opt.x)
  return dotmRun(x, p.alpha, p.theta, p.l0, h).f.map((v, k) => v * d.future(k))
}
