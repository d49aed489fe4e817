/**
 * A fleet run through the simulator, for judging an optimizer answer: against the scenario's own demand model
 * (growth, noise, daily and weekly shape, forecast paths) when the problem carries it, else at constant mean
 * demand (the problem's demand figures) for two weeks. Same seed for every fleet, so two fleets meet the same
 * demand draws.
 */
import type { Catalog, FleetPool, OptimizeProblem, PoolPricing, Scenario } from '../../shared/scenario-types'
import { compileScenario } from '../simulate/compile'
import { K, simulateChunk } from '../simulate/engine'
import { DEFAULT_DEMAND_SHAPE, DEFAULT_POLICY } from '../simulate/scenarios'

/** Paths and days of the constant-demand run (problems without an evaluation scenario, and the Pareto wait axis). */
export const QUICK_PATHS = 8
export const QUICK_HOURS = 24 * 14

export interface FleetKpis {
  waitP95Hours: number
  unmetFraction: number
  /** Jain's index over teams' served shares (1 = every team gets the same share of its demand). */
  jain: number
  utilisation: number
  /**
   * Per pool of the fleet given (same order; 0 for empty pools): mean USD and kg CO2e per hour the simulation
   * charged it — busy accelerator-hours for pools paid per use, every accelerator-hour otherwise.
   */
  poolUsdPerHour: number[]
  poolKgPerHour: number[]
}

function scenarioFor(problem: OptimizeProblem, fleet: FleetPool[], pricing: PoolPricing): Scenario {
  const prices = {
    ...(pricing.priceOverrides ? { priceOverrides: pricing.priceOverrides } : {}),
    ...(pricing.priceMultiplier !== undefined ? { priceMultiplier: pricing.priceMultiplier } : {}),
    ...(pricing.onPrem ? { onPrem: pricing.onPrem } : {}),
  }
  const e = problem.evaluation
  if (e) return { name: e.name, horizonHours: e.horizonHours, fleet, demand: e.demand, policy: e.policy, ...prices, simulation: { paths: e.paths, seed: e.seed } }
  return {
    name: 'constant demand',
    horizonHours: QUICK_HOURS,
    fleet,
    demand: {
      streams: problem.demand.map((d) => ({ team: d.team, workloadClass: d.workloadClass, base: d.demand, growthPctPerMonth: 0 })),
      ...DEFAULT_DEMAND_SHAPE,
      noisePct: 5,
      growthSdPct: 0,
    },
    policy: { ...DEFAULT_POLICY, fairnessFloor: problem.fairnessFloor ?? DEFAULT_POLICY.fairnessFloor },
    ...prices,
    simulation: { paths: QUICK_PATHS, seed: 7 },
  }
}

/** The mean KPIs over the paths (work split over compatible pools by capacity, as any scenario simulation does). */
export function simulateFleet(problem: OptimizeProblem, fleet: FleetPool[], cat: Catalog, pricing: PoolPricing = {}): FleetKpis | null {
  const used = fleet.filter((f) => f.count > 0)
  if (used.length === 0) return null
  const s = scenarioFor(problem, used, pricing)
  const { model } = compileScenario(s, cat)
  const paths = s.simulation.paths
  const r = simulateChunk(model, 0, paths)
  const mean = (slot: number): number => {
    let sum = 0
    for (let i = 0; i < paths; i++) sum += r.perPath[i * r.width + slot]!
    return sum / paths
  }
  // poolSums: per compiled pool (the used pools in order), sums over paths of busy steps, cost USD and carbon t.
  const perHour = paths * s.horizonHours
  const poolUsdPerHour = fleet.map(() => 0)
  const poolKgPerHour = fleet.map(() => 0)
  let u = 0
  fleet.forEach((f, i) => {
    if (f.count <= 0) return
    poolUsdPerHour[i] = r.poolSums[u * 3 + 1]! / perHour
    poolKgPerHour[i] = (r.poolSums[u * 3 + 2]! * 1000) / perHour
    u++
  })
  return { waitP95Hours: mean(K.waitP95), unmetFraction: mean(K.unmetFraction), jain: mean(K.jain), utilisation: mean(K.util), poolUsdPerHour, poolKgPerHour }
}
