/**
 * Gavel's heterogeneity-aware max-min fairness policy (Narayanan et al., OSDI '20, §4.1) as an LP, and the
 * heterogeneity-agnostic allocation it is compared with. X[j][a] = fraction of time job j spends on type a.
 *
 *   max  t
 *   s.t. Σ_a thr[j][a] X[j][a] / ref[j] ≥ t            for every job j  (ref = throughput under the agnostic share)
 *        Σ_a X[j][a] ≤ 1                               every job runs on at most one accelerator at a time
 *        Σ_j X[j][a] ≤ count[a]                        capacity of each type
 */
import { solveLp } from './milp'

export interface GavelAllocation {
  /** X[j][a]. */
  x: number[][]
  /** min_j of normalised effective throughput. */
  minNormalised: number
  status: string
}

/** Agnostic: every job gets the same share of every type (as a scheduler that ignores accelerator types would, on average). */
export function agnosticAllocation(jobs: number, counts: number[]): number[][] {
  const total = counts.reduce((a, b) => a + b, 0)
  const perJob = Math.min(1, total / jobs)
  return Array.from({ length: jobs }, () => counts.map((c) => (perJob * c) / total))
}

export function effectiveThroughput(thr: number[][], x: number[][]): number[] {
  return thr.map((row, j) => row.reduce((s, t, a) => s + t * (x[j]![a] ?? 0), 0))
}

export async function heterogeneityAwareMaxMin(thr: number[][], counts: number[]): Promise<GavelAllocation> {
  const J = thr.length
  const A = counts.length
  const ref = effectiveThroughput(thr, agnosticAllocation(J, counts))
  const rows: string[] = []
  for (let j = 0; j < J; j++) {
    const terms = counts.map((_, a) => (thr[j]![a]! > 0 ? `${(thr[j]![a]! / ref[j]!).toPrecision(12)} x${j}_${a}` : '')).filter(Boolean)
    rows.push(` N${j}: ${terms.join(' + ')} - t >= 0`)
    rows.push(` T${j}: ${counts.map((_, a) => `x${j}_${a}`).join(' + ')} <= 1`)
  }
  for (let a = 0; a < A; a++) rows.push(` C${a}: ${Array.from({ length: J }, (_, j) => `x${j}_${a}`).join(' + ')} <= ${counts[a]}`)
  const lp = ['Maximize', ' obj: t', 'Subject To', ...rows, 'Bounds', ' t >= 0', 'End', ''].join('\n')
  const s = await solveLp(lp)
  const x = Array.from({ length: J }, () => new Array<number>(A).fill(0))
  for (const [name, v] of s.x) {
    const m = /^x(\d+)_(\d+)$/.exec(name)
    if (m) x[Number(m[1])]![Number(m[2])] = v
  }
  const eff = effectiveThroughput(thr, x)
  return { x, minNormalised: Math.min(...eff.map((e, j) => e / ref[j]!)), status: s.status }
}
