/**
 * A short Monte Carlo run of a fleet at constant mean demand (the optimizer problem's demand): the queue wait,
 * fairness and unmet demand a fleet gives, for the Pareto front's wait axis and for comparing the optimizer's
 * answer with the current fleet. Same seed for every fleet, so two fleets meet the same demand draws.
 */
import type { Catalog, FleetPool, OptimizeProblem, PoolPricing, Scenario } from '../../shared/scenario-types'
import { compileScenario } from '../simulate/compile'
import { K, simulateChunk } from '../simulate/engine'
import { DEFAULT_DEMAND_SHAPE, DEFAULT_POLICY } from '../simulate/scenarios'

export const QUICK_PATHS = 8
export const QUICK_HOURS = 24 * 14

export interface QuickKpis {
  waitP95Hours: number
  unmetFraction: number
  /** Jain's index over teams' served shares (1 = every team gets the same share of its demand). */
  jain: number
  /** Teams below the fairness floor (mean over paths). */
  deserts: number
  utilisation: number
}

export function quickSimulation(problem: OptimizeProblem, fleet: FleetPool[], cat: Catalog, pricing: PoolPricing = {}, paths = QUICK_PATHS, hours = QUICK_HOURS): QuickKpis | null {
  const used = fleet.filter((f) => f.count > 0)
  if (used.length === 0) return null
  const s: Scenario = {
    name: 'quick run',
    horizonHours: hours,
    fleet: used,
    demand: {
      streams: problem.demand.map((d) => ({ team: d.team, workloadClass: d.workloadClass, base: d.demand, growthPctPerMonth: 0 })),
      ...DEFAULT_DEMAND_SHAPE,
      noisePct: 5,
      growthSdPct: 0,
    },
    policy: { ...DEFAULT_POLICY, fairnessFloor: problem.fairnessFloor ?? DEFAULT_POLICY.fairnessFloor },
    ...(pricing.priceOverrides ? { priceOverrides: pricing.priceOverrides } : {}),
    ...(pricing.priceMultiplier !== undefined ? { priceMultiplier: pricing.priceMultiplier } : {}),
    ...(pricing.onPrem ? { onPrem: pricing.onPrem } : {}),
    simulation: { paths, seed: 7 },
  }
  const { model } = compileScenario(s, cat)
  const r = simulateChunk(model, 0, paths)
  const mean = (slot: number): number => {
    let sum = 0
    for (let i = 0; i < paths; i++) sum += r.perPath[i * r.width + slot]!
    return sum / paths
  }
  return { waitP95Hours: mean(K.waitP95), unmetFraction: mean(K.unmetFraction), jain: mean(K.jain), deserts: mean(K.deserts), utilisation: mean(K.util) }
}
