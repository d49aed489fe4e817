/**
 * How many accelerators to commit per purchase option for one type, given hourly demand as weighted atoms
 * (the actual test hours for hindsight, the forecast's distribution for the plan): a two-stage linear
 * program solved by HiGHS — commitments n_o first, then each atom's dispatch —
 *
 *   min  H · Σ_o fixed_o n_o + Σ_i w_i (Σ_o busy_o s_oi + Σ_k price_k e_ki + penalty u_i)
 *   s.t. Σ_o s_oi + Σ_k e_ki + u_i ≥ v_i,   s_oi ≤ n_o,   0 ≤ e_ki ≤ cap_k,   0 ≤ n_o ≤ max v
 *
 * whose optimality condition for one option is the newsvendor critical fractile: commit up to the level
 * that hours exceed with probability fixed / elastic price. HiGHS solves the relaxation on at most
 * MAX_LP_ATOMS atoms (equal-weight quantile bins of the distribution); the integer commitment is then found
 * exactly on all atoms by a descent over unit moves (the expected cost is convex in the counts), so the
 * answer does not depend on the solver's tolerances.
 */
import type { Commitment } from '../../shared/backtest-types'
import { solveLp } from '../optimize/milp'
import { expectedCost, sortAtoms, type Atoms, type CostModel } from './replay'

export const MAX_LP_ATOMS = 200

export interface OptimizedCommitment {
  commitment: Commitment
  /** The objective on all atoms (unmet work at the penalty). */
  expectedCostUsd: number
  /** The LP relaxation's counts, before the integer descent. */
  relaxed: number[]
  lpStatus: string
}

/** USD per unmet accelerator-hour in the objective: ten times the dearest price, as the procurement optimizer. */
export function penaltyOf(m: CostModel): number {
  const prices = [...m.elastic.map((t) => t.usd), ...m.fixed.map((f, i) => f + (m.busy[i] as number))]
  return 10 * Math.max(1, ...prices)
}

/** Options no better than another on both the held and the busy price never need a count. */
function undominated(m: CostModel): boolean[] {
  return m.fixed.map((f, i) => {
    const b = m.busy[i] as number
    return !m.fixed.some((f2, j) => j !== i && f2 <= f && (m.busy[j] as number) <= b && (f2 < f || (m.busy[j] as number) < b || j < i))
  })
}

/** Equal-weight quantile bins: a small LP with the same distribution shape. */
export function compressAtoms(a: Atoms, bins: number): Atoms {
  const n = a.values.length
  if (n <= bins) return a
  const idx = Array.from({ length: n }, (_, i) => i).sort((x, y) => (a.values[x] as number) - (a.values[y] as number))
  const per = a.hours / bins
  const values: number[] = []
  const weights: number[] = []
  let wSum = 0
  let vSum = 0
  for (const i of idx) {
    const w = a.weights[i] as number
    wSum += w
    vSum += w * (a.values[i] as number)
    if (wSum >= per * (values.length + 1) - 1e-9 || i === idx[n - 1]) {
      values.push(vSum / wSum)
      weights.push(wSum)
      wSum = 0
      vSum = 0
    }
  }
  if (wSum > 0) {
    values.push(vSum / wSum)
    weights.push(wSum)
  }
  return { values: Float64Array.from(values), weights: Float64Array.from(weights), hours: a.hours }
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(12).replace(/\.?0+$/, ''))

function buildLp(m: CostModel, a: Atoms, use: boolean[], penalty: number, maxN: number): string {
  const obj: string[] = []
  const rows: string[] = []
  const bounds: string[] = []
  m.fixed.forEach((f, o) => {
    if (!use[o]) return
    obj.push(`${fmt(f * a.hours)} n${o}`)
    bounds.push(` 0 <= n${o} <= ${maxN}`)
  })
  for (let i = 0; i < a.values.length; i++) {
    const w = a.weights[i] as number
    const terms: string[] = []
    m.busy.forEach((b, o) => {
      if (!use[o]) return
      if (b > 0) obj.push(`${fmt(w * b)} s${o}_${i}`)
      terms.push(`s${o}_${i}`)
      rows.push(` c${o}_${i}: s${o}_${i} - n${o} <= 0`)
    })
    m.elastic.forEach((t, k) => {
      obj.push(`${fmt(w * t.usd)} e${k}_${i}`)
      terms.push(`e${k}_${i}`)
      if (Number.isFinite(t.cap)) bounds.push(` 0 <= e${k}_${i} <= ${fmt(t.cap)}`)
    })
    obj.push(`${fmt(w * penalty)} u${i}`)
    terms.push(`u${i}`)
    rows.push(` d${i}: ${terms.join(' + ')} >= ${fmt(a.values[i] as number)}`)
  }
  const lines = (terms: string[]) => {
    const out: string[] = []
    for (let i = 0; i < terms.length; i += 40) out.push(terms.slice(i, i + 40).join(' + '))
    return out.join('\n + ')
  }
  return ['Minimize', ` obj: ${lines(obj)}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'End', ''].join('\n')
}

/**
 * Integer descent on the exact expected cost: unit moves of one count and trades between two, with steps
 * halving from a large one, until no move lowers the cost.
 */
function descend(f: (c: number[]) => number, start: number[], use: boolean[], maxN: number): { counts: number[]; cost: number } {
  let cur = start.map((c, i) => (use[i] ? Math.min(maxN, Math.max(0, Math.round(c))) : 0))
  let best = f(cur)
  const free = cur.map((_, i) => i).filter((i) => use[i])
  let step = 1
  while (step * 2 <= Math.max(1, maxN / 8)) step *= 2
  for (; step >= 1; step = Math.floor(step / 2)) {
    let improved = true
    while (improved) {
      improved = false
      const moves: number[][] = []
      for (const i of free) {
        for (const s of [step, -step]) {
          const c = [...cur]
          c[i] = (c[i] as number) + s
          moves.push(c)
        }
        for (const j of free) {
          if (j === i) continue
          const c = [...cur]
          c[i] = (c[i] as number) + step
          c[j] = (c[j] as number) - step
          moves.push(c)
        }
      }
      for (const c of moves) {
        if (c.some((v) => v < 0 || v > maxN)) continue
        const v = f(c)
        if (v < best - 1e-9 * Math.max(1, Math.abs(best))) {
          best = v
          cur = c
          improved = true
        }
      }
    }
  }
  return { counts: cur, cost: best }
}

export async function optimizeCommitment(m: CostModel, atoms: Atoms): Promise<OptimizedCommitment> {
  const penalty = penaltyOf(m)
  const k = m.committedOrder.length
  const sorted = sortAtoms(atoms)
  if (k === 0 || atoms.values.length === 0) return { commitment: {}, expectedCostUsd: expectedCost(m, sorted, [], penalty), relaxed: [], lpStatus: 'no commitment options' }
  let maxV = 0
  for (const v of atoms.values) if (v > maxV) maxV = v
  const maxN = Math.ceil(maxV)
  const use = undominated(m)
  const lp = buildLp(m, compressAtoms(atoms, MAX_LP_ATOMS), use, penalty, maxN)
  const s = await solveLp(lp, { timeLimit: 30 })
  const relaxed = m.committedOrder.map((_, o) => (use[o] ? (s.n[o] ?? 0) : 0))
  const { counts, cost } = descend((c) => expectedCost(m, sorted, c, penalty), relaxed, use, maxN)
  const commitment: Commitment = {}
  m.committedOrder.forEach((o, i) => {
    if ((counts[i] as number) > 0) commitment[o] = counts[i] as number
  })
  return { commitment, expectedCostUsd: cost, relaxed, lpStatus: s.status }
}
