/**
 * Freezing a decision: the scenario, the catalog facts of its pools, its latest simulation run, the optimization
 * run it came from and the forecast run its demand came from are copied into the plan, so that nothing done to
 * them later changes what was reviewed and signed.
 */
import { ApiError } from '../../shared/errors'
import type { FleetTotals, FrozenForecast, FrozenPool, PlanSnapshot } from '../../shared/plan-types'
import type { Catalog, OptimizeProblem, OptimizeResult, ParetoResult, Scenario, SimulationResult } from '../../shared/scenario-types'
import { poolFacts, priceKey } from '../catalog/catalog'
import type { Db } from '../db/open'
import { getRun as getForecastRun } from '../forecast/run-store'
import { INSTANCE_TYPES } from '../ingest/billing/accelerator-catalog'
import { INSTANCE_CATALOG_PROVIDER } from '../recommend/devices'
import { usd } from '../recommend/names'
import { RUN_RATE_DAYS } from './baseline-totals'

const HOURS_PER_MONTH = 730

export function freezePools(s: Scenario, cat: Catalog): FrozenPool[] {
  const mult = s.priceMultiplier ?? 1
  return s.fleet.map((f) => {
    const override = s.priceOverrides?.[priceKey(f)]
    const fa = poolFacts(cat, f, s.onPrem, override)
    return {
      accelerator: f.accelerator,
      provider: f.provider,
      region: f.region,
      option: f.option,
      count: f.count,
      vendor: fa.accelerator.vendor,
      kind: fa.accelerator.kind,
      acceleratorName: fa.accelerator.name,
      memoryGb: fa.accelerator.memoryGb,
      fp8: fa.accelerator.fp8DenseTflops !== null,
      capabilities: [...fa.accelerator.capabilities],
      tdpW: fa.accelerator.tdpW,
      idleW: fa.accelerator.idleW,
      usdPerAccelHour: (override ?? fa.price.usdPerAccelHour) * mult,
      priceSource: override !== undefined ? 'scenario price (observed in billing or set in the scenario)' : `${fa.price.source}${fa.price.date ? ` (${fa.price.date})` : ''}`,
      interruptionPerMonth: f.option === 'spot' ? (fa.price.interruptionPerMonth ?? null) : null,
      gridGco2ePerKwh: fa.carbon.gridGco2ePerKwh,
      pue: fa.carbon.pue,
      electricityUsdPerKwh: fa.electricityUsdPerKwh * mult,
      throughput: { ...fa.throughput },
      instanceTypes: INSTANCE_TYPES.filter((t) => t.accelerator === f.accelerator && t.provider === INSTANCE_CATALOG_PROVIDER[f.provider]).map((t) => t.name),
    }
  })
}

/** The forecast run a scenario's demand paths were drawn from (recorded id, else named in the paths' source). */
export function forecastRunIdOf(s: Scenario): number | null {
  const p = s.demand.paths
  if (!p) return null
  if (p.forecastRunId !== undefined) return p.forecastRunId
  const m = /forecast run #(\d+)/.exec(p.source)
  return m ? Number(m[1]) : null
}

function frozenForecast(db: Db, s: Scenario): FrozenForecast | null {
  const id = forecastRunIdOf(s)
  if (id === null) return null
  const run = getForecastRun(db, id)
  if (!run) return null
  const teams = new Set(s.demand.streams.map((d) => d.team))
  return {
    runId: run.id,
    createdAt: run.createdAt,
    speed: run.speed,
    horizon: run.horizon,
    series: run.series
      .filter((r) => (r.target === 'gpu-hours-team' || r.target === 'cost-team') && teams.has(r.key.slice(r.key.indexOf(':') + 1)))
      .map((r) => ({ key: r.key, label: r.label, unit: r.unit, start: r.start, model: r.model, mean: r.mean, intervals: r.intervals, coverage: r.coverage })),
  }
}

function latestSimulation(db: Db, scenarioId: string | undefined): PlanSnapshot['simulation'] {
  if (!scenarioId) return null
  const r = db
    .prepare('SELECT id, created_at, result_json FROM simulation_run WHERE scenario_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .get(scenarioId) as { id: string; created_at: string; result_json: string } | undefined
  return r ? { runId: r.id, createdAt: r.created_at, result: JSON.parse(r.result_json) as SimulationResult } : null
}

function optimizationRun(db: Db, id: string | undefined): PlanSnapshot['optimization'] {
  if (!id) return null
  const r = db.prepare('SELECT id, kind, created_at, problem_json, result_json FROM optimization_run WHERE id = ?').get(id) as
    | { id: string; kind: 'optimize' | 'pareto'; created_at: string; problem_json: string; result_json: string }
    | undefined
  if (!r) return null
  if (r.kind === 'pareto') {
    const p = JSON.parse(r.problem_json) as { problem: OptimizeProblem }
    return { runId: r.id, createdAt: r.created_at, kind: 'pareto', problem: p.problem, result: JSON.parse(r.result_json) as ParetoResult }
  }
  return { runId: r.id, createdAt: r.created_at, kind: 'optimize', problem: JSON.parse(r.problem_json) as OptimizeProblem, result: JSON.parse(r.result_json) as OptimizeResult }
}

/** The frozen decision for a scenario (saved: with its runs; inline from a file: the scenario alone). */
export function buildSnapshot(db: Db, cat: Catalog, scenario: Scenario): PlanSnapshot {
  if (scenario.fleet.every((f) => f.count === 0)) {
    throw new ApiError({ code: 'conflict', message: `Scenario "${scenario.name}" has no accelerators in its fleet: a plan needs at least one pool with a count above zero.` })
  }
  const frozen: Scenario = structuredClone(scenario)
  return {
    version: 1,
    scenario: frozen,
    pools: freezePools(frozen, cat),
    workloadClasses: cat.throughput.classes.map((c) => ({ ...c })),
    simulation: latestSimulation(db, scenario.id),
    optimization: optimizationRun(db, scenario.optimizationRunId),
    forecast: frozenForecast(db, frozen),
    policies: [],
    catalogUpdated: cat.updated,
  }
}

/** On-prem energy at full power (an upper bound): cloud prices already include energy. */
export function poolUsdPerHour(p: FrozenPool): number {
  const energy = p.option === 'on-prem' ? (p.tdpW / 1000) * p.pue * p.electricityUsdPerKwh : 0
  return p.count * (p.usdPerAccelHour + energy)
}

/** A pool's share of the fleet price per month (730 h), energy included: the fleet table's per-pool figure. */
export const poolMonthlyUsd = (p: FrozenPool): number => Math.round(poolUsdPerHour(p) * HOURS_PER_MONTH * 100) / 100

/**
 * The plan's fleet figures, each with one definition (`basis` says which). `acceleratorRunRate`: the workspace's
 * accelerator run rate (billed accelerator cost of the last 30 days of data, per 30 days) when the plan is made.
 */
export function fleetTotals(snap: PlanSnapshot, acceleratorRunRate: number | null): FleetTotals {
  // Set against a price per 730-hour month, the 30-day run rate is priced over the same 730 hours: an always-on
  // fleet that costs what the bill says reads ±0, not +1.4 % (730 / 720).
  const currentAcceleratorMonthlyUsd = acceleratorRunRate === null ? null : (acceleratorRunRate / (RUN_RATE_DAYS * 24)) * HOURS_PER_MONTH
  const usdPerHour = snap.pools.reduce((s, p) => s + poolUsdPerHour(p), 0)
  const hours = snap.scenario.horizonHours
  const sim = snap.simulation
  const round2 = (x: number): number => Math.round(x * 100) / 100
  return {
    currency: 'USD',
    accelerators: snap.pools.reduce((s, p) => s + p.count, 0),
    pools: snap.pools.length,
    horizonDays: Math.round((hours / 24) * 10) / 10,
    usdPerHour: round2(usdPerHour),
    monthlyUsd: round2(usdPerHour * HOURS_PER_MONTH),
    horizonUsd: round2(usdPerHour * hours),
    simulated: sim
      ? {
          runId: sim.runId,
          paths: sim.result.paths,
          costUsd: sim.result.kpis.costUsd,
          carbonTonnes: sim.result.kpis.carbonTonnes,
          jain: sim.result.kpis.jain,
          waitP95Hours: sim.result.kpis.waitP95Hours,
          utilisation: sim.result.kpis.utilisation,
          unmetFraction: sim.result.kpis.unmetFraction,
        }
      : null,
    currentAcceleratorMonthlyUsd: currentAcceleratorMonthlyUsd === null ? null : round2(currentAcceleratorMonthlyUsd),
    // Only with billing: a plan without it signs the same fields as before the run rate was kept.
    ...(acceleratorRunRate === null ? {} : { currentAcceleratorRunRateUsd: round2(acceleratorRunRate) }),
    basis:
      'Fleet price: Σ count × price per accelerator-hour (on-prem: capex ÷ life + hosting, plus energy at full power), × 730 h a month; the price is paid whatever the utilisation. ' +
      (sim
        ? `Cost, carbon, wait and fairness over the horizon come from simulation run ${sim.runId} (${sim.result.paths} paths; on-prem energy at simulated utilisation).`
        : 'The scenario was not simulated before the plan was made: wait, carbon and fairness are unknown.') +
      (currentAcceleratorMonthlyUsd === null
        ? ''
        : ` Current accelerator spend: the accelerator run rate of the spend baseline (billed accelerator cost over the last ${RUN_RATE_DAYS} days of data, ${usd(acceleratorRunRate ?? 0)} per ${RUN_RATE_DAYS} days) per hour × 730 h, the fleet price's month.`),
  }
}
