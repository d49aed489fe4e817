/**
 * Pareto fronts by sweeping a constraint and re-solving the MILP: cost vs carbon (sweep the carbon cap from the
 * least-carbon fleet to the least-cost one) and cost vs p95 queue wait (sweep the target utilisation; each
 * fleet's p95 wait comes from a short Monte Carlo run of the simulator on that fleet).
 */
import type { Catalog, OptimizeProblem, ParetoPoint, ParetoResult } from '../../shared/scenario-types'
import { buildLp, fleetOf, prepare, problemPricing, solveLp } from './milp'
import { QUICK_HOURS, QUICK_PATHS, simulateFleet } from './fleet-simulation'

const cost = (pr: ReturnType<typeof prepare>, n: number[]): number => n.reduce((s, c, j) => s + (c ?? 0) * pr.pools[j]!.price, 0)
const carbon = (pr: ReturnType<typeof prepare>, n: number[]): number => n.reduce((s, c, j) => s + (c ?? 0) * pr.pools[j]!.kg, 0)

/** p95 wait of a fleet serving the problem's demand, from a simulation. */
export function simulatedP95(problem: OptimizeProblem, fleet: ParetoPoint['fleet'], cat: Catalog): number {
  return simulateFleet(problem, fleet, cat, problemPricing(problem))?.waitP95Hours ?? NaN
}

export async function paretoFront(
  problem: OptimizeProblem,
  cat: Catalog,
  axis: 'carbon' | 'wait',
  points: number,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<ParetoResult> {
  const out: ParetoPoint[] = []
  const notes: string[] = []
  const opts = { mipGap: problem.mipGap ?? 0.01, timeLimit: problem.timeLimitSeconds ?? 30 }
  if (axis === 'carbon') {
    const { carbonCapKgPerHour: _cap, ...uncapped } = problem
    const pr = prepare(uncapped, cat)
    const minCost = await solveLp(buildLp(pr), opts)
    // Least carbon: carbon as the objective (cost weight ~0 so ties break by cost), same demand and budget.
    const minCarbon = await solveLp(buildLp(pr, { costWeight: 1e-6, carbonPrice: 1e6 }), opts)
    if (minCost.n.length === 0 || minCarbon.n.length === 0) return { axis, points: [], notes: ['No feasible fleet: relax the budget or fairness floor.'] }
    const hi = carbon(pr, minCost.n)
    const lo = carbon(pr, minCarbon.n)
    const total = Math.max(2, points)
    for (let i = 0; i < total; i++) {
      const cap = lo + ((hi - lo) * i) / (total - 1)
      const r = await solveLp(buildLp(pr, { carbonCap: cap * (1 + 1e-9) + 1e-9 }), opts)
      progress(i + 1, total)
      if (r.n.length === 0) continue
      out.push({
        costUsdPerHour: cost(pr, r.n),
        carbonKgPerHour: carbon(pr, r.n),
        waitP95Hours: null,
        unmet: r.u.reduce((a, b) => a + (b ?? 0), 0),
        constraint: `carbon ≤ ${cap.toFixed(1)} kg/h`,
        fleet: fleetOf(pr, r.n).map(({ usdPerAccelHour: _p, ...f }) => f),
        status: r.status,
      })
    }
    notes.push(`Carbon cap swept from the least-carbon fleet (${lo.toFixed(1)} kg/h) to the least-cost one (${hi.toFixed(1)} kg/h).`)
  } else {
    const total = Math.max(2, points)
    for (let i = 0; i < total; i++) {
      const util = 0.5 + (0.45 * i) / (total - 1)
      const pr = prepare({ ...problem, targetUtilisation: util }, cat)
      const r = await solveLp(buildLp(pr), opts)
      if (r.n.length === 0) {
        progress(i + 1, total)
        continue
      }
      const fleet = fleetOf(pr, r.n).map(({ usdPerAccelHour: _p, ...f }) => f)
      out.push({
        costUsdPerHour: cost(pr, r.n),
        carbonKgPerHour: carbon(pr, r.n),
        waitP95Hours: simulatedP95(problem, fleet, cat),
        unmet: r.u.reduce((a, b) => a + (b ?? 0), 0),
        constraint: `target utilisation ${Math.round(util * 100)} %`,
        fleet,
        status: r.status,
      })
      progress(i + 1, total)
    }
    const basis = problem.evaluation ? `${problem.evaluation.paths} simulated paths of the scenario’s demand` : `${QUICK_PATHS} simulated paths × ${QUICK_HOURS / 24} days at constant mean demand`
    notes.push(`Target utilisation swept from 50 % to 95 %; p95 wait of each fleet from ${basis}.`)
  }
  // Keep the non-dominated points (lower cost and lower second axis are better).
  const second = (p: ParetoPoint): number => (axis === 'carbon' ? p.carbonKgPerHour : (p.waitP95Hours ?? Infinity))
  const front = out.filter((p) => !out.some((q) => q !== p && q.costUsdPerHour <= p.costUsdPerHour + 1e-9 && second(q) <= second(p) + 1e-9 && (q.costUsdPerHour < p.costUsdPerHour - 1e-9 || second(q) < second(p) - 1e-9)))
  front.sort((a, b) => a.costUsdPerHour - b.costUsdPerHour)
  const seen = new Set<string>()
  const unique = front.filter((p) => {
    const k = `${p.costUsdPerHour.toFixed(4)}|${second(p).toFixed(4)}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
  return { axis, points: unique, notes }
}
