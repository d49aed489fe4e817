/**
 * What a planner decides from: the optimizer's fleet and the current fleet side by side, both priced by the one
 * price function at the target utilisation (per hour, per month, over the horizon) and both run through the
 * same short simulation at the demand the optimizer sized for (queue wait, unmet demand, fairness) — then the
 * difference said in plain words.
 */
import type { Catalog, FleetAssessment, FleetPool, OptimizeDecision, OptimizeProblem, OptimizeResult, PoolPricing } from '../../shared/scenario-types'
import { moneyText } from '../../shared/money'
import { poolPrice } from '../catalog/pool-price'
import { optimize, problemPricing, type OptimizeOptions } from './milp'
import { HOURS_PER_MONTH } from './problem-from-scenario'
import { QUICK_HOURS, QUICK_PATHS, simulateFleet } from './fleet-simulation'

const DEFAULT_HORIZON_HOURS = 24 * 365

export function assessFleet(name: string, fleet: FleetPool[], problem: OptimizeProblem, cat: Catalog, pricing: PoolPricing): FleetAssessment {
  const util = problem.targetUtilisation ?? 0.8
  const horizon = problem.horizonHours ?? DEFAULT_HORIZON_HOURS
  const sim = simulateFleet(problem, fleet, cat, pricing)
  let usd = 0
  let kg = 0
  fleet.forEach((f, i) => {
    if (f.count <= 0) return
    // A pool paid per use (the baseline's cloud on-demand and spot pools, as the bill charges them) costs the
    // accelerator-hours the simulation keeps busy, not its whole capacity every hour.
    if (f.perUse && sim) {
      usd += sim.poolUsdPerHour[i] ?? 0
      kg += sim.poolKgPerHour[i] ?? 0
      return
    }
    const p = poolPrice(cat, f, pricing, util)
    usd += f.count * p.usdPerHour
    kg += f.count * p.kgCo2ePerHour
  })
  return {
    name,
    accelerators: fleet.reduce((n, f) => n + f.count, 0),
    usdPerHour: usd,
    monthlyUsd: usd * HOURS_PER_MONTH,
    horizonUsd: usd * horizon,
    carbonKgPerHour: kg,
    carbonTonnesPerMonth: (kg * HOURS_PER_MONTH) / 1000,
    waitP95Hours: sim?.waitP95Hours ?? null,
    unmetFraction: sim?.unmetFraction ?? null,
    jain: sim?.jain ?? null,
    utilisation: sim?.utilisation ?? null,
  }
}

// ---- plain words ----

/** Whole dollars from $100 up (cents there would be noise), cents below. */
const usd = (x: number): string => moneyText(Math.abs(x), 'USD', Math.abs(x) >= 100 ? 0 : 2)
const pct = (x: number): string => `${(Math.abs(x) * 100).toFixed(Math.abs(x) < 0.1 ? 1 : 0)} %`
const hours = (x: number): string => `${x.toFixed(x < 10 ? 1 : 0)} h`
const days = (h: number): string => `${Math.round(h / 24)}-day`

function costSentence(p: FleetAssessment, c: FleetAssessment, horizonHours: number): string {
  const d = p.monthlyUsd - c.monthlyUsd
  if (Math.abs(d) < 0.005 * Math.max(1, c.monthlyUsd)) return `It costs the same as the current fleet (${usd(p.monthlyUsd)} a month).`
  const rel = c.monthlyUsd > 0 ? ` (${d < 0 ? '−' : '+'}${pct(d / c.monthlyUsd)})` : ''
  return `It costs ${usd(d)} a month ${d < 0 ? 'less' : 'more'} than the current fleet${rel}: ${usd(p.monthlyUsd)} instead of ${usd(c.monthlyUsd)}, ${usd(p.horizonUsd - c.horizonUsd)} ${d < 0 ? 'less' : 'more'} over the ${days(horizonHours)} horizon.`
}

function waitSentence(p: FleetAssessment, c: FleetAssessment): string | null {
  if (p.waitP95Hours === null || c.waitP95Hours === null) return null
  const d = p.waitP95Hours - c.waitP95Hours
  if (Math.abs(d) < 0.1 && Math.abs(d) <= 0.1 * Math.max(c.waitP95Hours, 0.1)) return `Jobs wait about as long as today (95th percentile ${hours(p.waitP95Hours)}).`
  return `Jobs wait ${d < 0 ? 'less' : 'longer'}: 95 % start within ${hours(p.waitP95Hours)} instead of ${hours(c.waitP95Hours)}.`
}

function unmetSentence(p: FleetAssessment, c: FleetAssessment, maxWaitHours: number): string | null {
  if (p.unmetFraction === null || c.unmetFraction === null) return null
  if (p.unmetFraction < 0.0005 && c.unmetFraction < 0.0005) return 'Both fleets serve all of the demand.'
  if (Math.abs(p.unmetFraction - c.unmetFraction) < 0.0005) return `Both leave ${pct(p.unmetFraction)} of the demand unserved.`
  return `Unserved demand goes from ${pct(c.unmetFraction)} to ${pct(p.unmetFraction)} (work that waited longer than ${maxWaitHours} h and was given up).`
}

function carbonSentence(p: FleetAssessment, c: FleetAssessment): string {
  const d = p.carbonTonnesPerMonth - c.carbonTonnesPerMonth
  if (Math.abs(d) < 0.005 * Math.max(0.001, c.carbonTonnesPerMonth)) return `It emits the same as the current fleet (${p.carbonTonnesPerMonth.toFixed(1)} tCO2e a month).`
  const rel = c.carbonTonnesPerMonth > 0 ? ` (${d < 0 ? '−' : '+'}${pct(d / c.carbonTonnesPerMonth)})` : ''
  return `It emits ${Math.abs(d).toFixed(1)} tCO2e a month ${d < 0 ? 'less' : 'more'}${rel}: ${p.carbonTonnesPerMonth.toFixed(1)} instead of ${c.carbonTonnesPerMonth.toFixed(1)} t.`
}

function fairnessSentence(p: FleetAssessment, c: FleetAssessment): string | null {
  if (p.jain === null || c.jain === null) return null
  const d = p.jain - c.jain
  if (Math.abs(d) < 0.005) return `Teams are served as evenly as today (fairness index ${p.jain.toFixed(2)}, where 1 means every team gets the same share of its demand).`
  return `Teams are served ${d > 0 ? 'more' : 'less'} evenly: fairness index ${c.jain.toFixed(2)} → ${p.jain.toFixed(2)} (1 means every team gets the same share of its demand).`
}

/**
 * Both fleets are simulated exactly as a saved scenario is (same demand, paths and seed; work split over
 * compatible pools by capacity), so the figures here are the ones Compare shows once the answer is saved and
 * simulated.
 */
export function decide(problem: OptimizeProblem, proposedFleet: FleetPool[], cat: Catalog, pricing: PoolPricing): OptimizeDecision {
  const horizonHours = problem.horizonHours ?? DEFAULT_HORIZON_HOURS
  const util = problem.targetUtilisation ?? 0.8
  const proposed = assessFleet('Optimizer’s fleet', proposedFleet, problem, cat, pricing)
  const cur = problem.current
  const current = cur
    ? assessFleet(cur.name, cur.fleet, problem, cat, { priceOverrides: cur.priceOverrides, priceMultiplier: cur.priceMultiplier, onPrem: cur.onPrem })
    : null
  const e = problem.evaluation
  const simulated = e
    ? `${e.paths} simulated paths of the demand of “${e.name}” over ${Math.round(e.horizonHours / 24)} days (seed ${e.seed}) — as Compare shows them once saved and simulated with these paths and seed`
    : `${QUICK_PATHS} simulated paths × ${QUICK_HOURS / 24} days at the demand sized for${problem.demandPercentile ? ` (p${problem.demandPercentile})` : ''}`
  const perUse = [...proposedFleet, ...(cur?.fleet ?? [])].some((f) => f.perUse && f.count > 0)
  const basis = `Both fleets priced at ${Math.round(util * 100)} % busy with the price function the editor and the simulation use${perUse ? ' (pools paid per use — cloud on-demand and spot, as billed — for the accelerator-hours the simulation keeps busy)' : ''}; queue wait, unserved demand and fairness from ${simulated}. A month is ${HOURS_PER_MONTH} h.`
  const headline = `The optimizer’s fleet of ${proposed.accelerators.toLocaleString('en-US')} accelerators costs ${usd(proposed.usdPerHour)} an hour: ${usd(proposed.monthlyUsd)} a month, ${usd(proposed.horizonUsd)} over the ${days(horizonHours)} horizon.`
  const against = current
    ? `Compared with the current fleet, “${current.name}” (${current.accelerators.toLocaleString('en-US')} accelerators):`
    : 'There is no current fleet to compare with: derive the baseline from billing (Scenarios section), or give `current` in the problem.'
  const points = current
    ? [costSentence(proposed, current, horizonHours), waitSentence(proposed, current), unmetSentence(proposed, current, problem.evaluation?.policy.maxWaitHours ?? 72), carbonSentence(proposed, current), fairnessSentence(proposed, current)].filter(
        (x): x is string => x !== null,
      )
    : []
  return {
    horizonHours,
    hoursPerMonth: HOURS_PER_MONTH,
    targetUtilisation: util,
    basis,
    proposed,
    current,
    delta: current
      ? {
          usdPerHour: proposed.usdPerHour - current.usdPerHour,
          monthlyUsd: proposed.monthlyUsd - current.monthlyUsd,
          horizonUsd: proposed.horizonUsd - current.horizonUsd,
          costPct: current.monthlyUsd > 0 ? (proposed.monthlyUsd - current.monthlyUsd) / current.monthlyUsd : null,
          carbonTonnesPerMonth: proposed.carbonTonnesPerMonth - current.carbonTonnesPerMonth,
          waitP95Hours: proposed.waitP95Hours !== null && current.waitP95Hours !== null ? proposed.waitP95Hours - current.waitP95Hours : null,
          unmetFraction: proposed.unmetFraction !== null && current.unmetFraction !== null ? proposed.unmetFraction - current.unmetFraction : null,
          jain: proposed.jain !== null && current.jain !== null ? proposed.jain - current.jain : null,
        }
      : null,
    summary: { headline, against, points },
  }
}

/** The optimizer's answer with its decision against the current fleet (the worker's optimize job). */
export async function optimizeAndDecide(problem: OptimizeProblem, cat: Catalog, opts: OptimizeOptions = {}): Promise<OptimizeResult> {
  const result = await optimize(problem, cat, opts)
  result.decision = decide(problem, result.fleet.map(({ usdPerAccelHour: _p, ...f }) => f), cat, problemPricing(problem))
  return result
}
