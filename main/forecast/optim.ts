/**
 * Nelder–Mead simplex minimiser (Nelder & Mead 1965, with the adaptive coefficients of Gao & Han 2012 for
 * dimensions > 2). Used for ETS/Theta/ARIMA likelihoods: a few parameters, noisy-ish surfaces, no gradients.
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  opts: { step?: number; maxIter?: number; tol?: number } = {},
): { x: number[]; fx: number; iterations: number } {
  const n = x0.length
  const maxIter = opts.maxIter ?? 200 * n
  const tol = opts.tol ?? 1e-7
  const step = opts.step ?? 0.5
  const alpha = 1
  const beta = n > 2 ? 1 + 2 / n : 2
  const gamma = n > 2 ? 0.75 - 1 / (2 * n) : 0.5
  const delta = n > 2 ? 1 - 1 / n : 0.5
  const safe = (x: number[]): number => {
    const v = f(x)
    return Number.isFinite(v) ? v : Infinity
  }
  const pts: number[][] = [x0.slice()]
  for (let i = 0; i < n; i++) {
    const p = x0.slice()
    p[i] = (p[i] as number) + (p[i] !== 0 ? step * Math.max(1, Math.abs(p[i] as number)) * 0.5 : step)
    pts.push(p)
  }
  let vals = pts.map(safe)
  let it = 0
  for (; it < maxIter; it++) {
    const order = vals.map((_, i) => i).sort((a, b) => (vals[a] as number) - (vals[b] as number))
    const sp = order.map((i) => pts[i] as number[])
    const sv = order.map((i) => vals[i] as number)
    pts.splice(0, pts.length, ...sp)
    vals = sv
    const best = vals[0] as number
    const worst = vals[n] as number
    if (Math.abs(worst - best) <= tol * (Math.abs(best) + tol)) break
    const c = new Array<number>(n).fill(0)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[j] = (c[j] as number) + (pts[i]![j] as number) / n
    const w = pts[n] as number[]
    const xr = c.map((cj, j) => cj + alpha * (cj - (w[j] as number)))
    const fr = safe(xr)
    if (fr < best) {
      const xe = c.map((cj, j) => cj + beta * ((xr[j] as number) - cj))
      const fe = safe(xe)
      if (fe < fr) {
        pts[n] = xe
        vals[n] = fe
      } else {
        pts[n] = xr
        vals[n] = fr
      }
      continue
    }
    if (fr < (vals[n - 1] as number)) {
      pts[n] = xr
      vals[n] = fr
      continue
    }
    const outside = fr < worst
    const xc = outside ? c.map((cj, j) => cj + gamma * ((xr[j] as number) - cj)) : c.map((cj, j) => cj - gamma * (cj - (w[j] as number)))
    const fc = safe(xc)
    if (fc < Math.min(fr, worst)) {
      pts[n] = xc
      vals[n] = fc
      continue
    }
    const b0 = pts[0] as number[]
    for (let i = 1; i <= n; i++) {
      pts[i] = b0.map((bj, j) => bj + delta * ((pts[i]![j] as number) - bj))
      vals[i] = safe(pts[i] as number[])
    }
  }
  let bi = 0
  for (let i = 1; i <= n; i++) if ((vals[i] as number) < (vals[bi] as number)) bi = i
  return { x: pts[bi] as number[], fx: vals[bi] as number, iterations: it }
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))
export const logit = (p: number): number => Math.log(p / (1 - p))
