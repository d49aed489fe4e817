/**
 * The optimizer's problem for a scenario: each demand stream at the chosen percentile of its level at the end
 * of the horizon (the fleet is bought for the whole horizon, so it must carry the last month's demand), the
 * scenario's own prices, and the fleet to compare the answer with (the current fleet, usually the baseline).
 */
import type { CurrentFleet, OptimizeProblem, OptimizeSettings, Scenario } from '../../shared/scenario-types'
import { qnorm } from '../math/normal-quantile'

/** 8,760 h ÷ 12: the month every monthly figure uses. */
export const HOURS_PER_MONTH = 730
/** Paths of the simulation that judges an answer against the current fleet (cheap: a few hundred ms a fleet). */
export const EVALUATION_PATHS = 32

const round3 = (x: number): number => Math.round(x * 1000) / 1000

/** The p-th percentile (0–100) of xs, linear between order statistics. */
function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  const pos = (p / 100) * (s.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(s.length - 1, lo + 1)
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!)
}

/**
 * Demand of each stream to size for, H100-equivalent busy accelerators.
 * - History × growth: base × (1 + growth)^(horizon in months) × exp(z · noise), z the standard normal quantile of
 *   the percentile (the day-to-day noise is log-normal with sd noisePct %).
 * - Forecast sample paths: the percentile across paths of each stream's level on the last day of the paths.
 */
export function demandAtPercentile(s: Scenario, pct: number): number[] {
  const paths = s.demand.paths
  if (paths && paths.values.length > 0) {
    return s.demand.streams.map((d) => {
      const i = paths.streams.findIndex((x) => x.team === d.team && x.workloadClass === d.workloadClass)
      if (i < 0) return d.base
      return percentile(
        paths.values.map((path) => path[i]?.at(-1) ?? d.base),
        pct,
      )
    })
  }
  const months = s.horizonHours / HOURS_PER_MONTH
  const z = qnorm(pct / 100)
  return s.demand.streams.map((d) => d.base * Math.pow(1 + d.growthPctPerMonth / 100, months) * Math.exp((z * s.demand.noisePct) / 100))
}

export function currentFleetOf(s: Scenario): CurrentFleet {
  return {
    name: s.name,
    ...(s.id ? { scenarioId: s.id } : {}),
    fleet: s.fleet.filter((f) => f.count > 0),
    ...(s.priceOverrides ? { priceOverrides: s.priceOverrides } : {}),
    ...(s.priceMultiplier !== undefined ? { priceMultiplier: s.priceMultiplier } : {}),
    ...(s.onPrem ? { onPrem: s.onPrem } : {}),
  }
}

export function problemFromScenario(s: Scenario, settings: OptimizeSettings, current: Scenario | null): OptimizeProblem {
  const demand = demandAtPercentile(s, settings.demandPercentile)
  return {
    name: `Optimized for ${s.name}`,
    demand: s.demand.streams.map((d, i) => ({ team: d.team, workloadClass: d.workloadClass, demand: round3(demand[i] ?? 0) })),
    demandPercentile: settings.demandPercentile,
    targetUtilisation: settings.targetUtilisation,
    fairnessFloor: settings.fairnessFloor,
    ...(settings.budgetUsdPerHour ? { budgetUsdPerHour: settings.budgetUsdPerHour } : {}),
    ...(settings.carbonCapKgPerHour ? { carbonCapKgPerHour: settings.carbonCapKgPerHour } : {}),
    candidates: [],
    horizonHours: s.horizonHours,
    ...(s.priceOverrides ? { priceOverrides: s.priceOverrides } : {}),
    ...(s.priceMultiplier !== undefined ? { priceMultiplier: s.priceMultiplier } : {}),
    ...(s.onPrem ? { onPrem: s.onPrem } : {}),
    ...(current && current.fleet.some((f) => f.count > 0) ? { current: currentFleetOf(current) } : {}),
    evaluation: { name: s.name, horizonHours: s.horizonHours, demand: s.demand, policy: s.policy, paths: EVALUATION_PATHS, seed: s.simulation.seed },
  }
}
