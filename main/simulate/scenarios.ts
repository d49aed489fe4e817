/** Scenario storage, the baseline derived from imported billing, and simulation-run records. */
import { ApiError } from '../../shared/errors'
import type {
  Catalog,
  DemandStream,
  FleetPool,
  Scenario,
  ScenarioSummary,
  SimulationResult,
  SimulationRunSummary,
  WorkloadClass,
} from '../../shared/scenario-types'
import { priceKey } from '../catalog/catalog'
import { newId } from '../db/ids'
import type { Db } from '../db/open'
import { billedUsage, hourlySeries, usageSpan, type UsageGroup } from './billed-usage'

export { providerId, purchaseOption, workloadClassOf } from './billing-mapping'

export const DEFAULT_POLICY: Scenario['policy'] = { queue: 'fifo', maxWaitHours: 72, fairnessFloor: 0.8 }
export const DEFAULT_DEMAND_SHAPE = { noisePct: 10, growthSdPct: 1, diurnalAmplitude: 0.25, weekendDip: 0.15 }

interface ScenarioRow {
  id: string
  name: string
  basis: string
  scenario_json: string
  created_at: string
  updated_at: string
}

const toScenario = (r: ScenarioRow): Scenario => ({ ...(JSON.parse(r.scenario_json) as Scenario), id: r.id, createdAt: r.created_at, updatedAt: r.updated_at })

export function getScenario(db: Db, id: string): Scenario {
  const r = db.prepare('SELECT * FROM scenario WHERE id = ?').get(id) as ScenarioRow | undefined
  if (!r) throw new ApiError({ code: 'not-found', message: `No scenario with id ${id}.` })
  return toScenario(r)
}

export function listScenarios(db: Db): ScenarioSummary[] {
  const rows = db.prepare('SELECT * FROM scenario ORDER BY updated_at DESC, id').all() as ScenarioRow[]
  const last = db.prepare('SELECT id, created_at, result_json FROM simulation_run WHERE scenario_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
  return rows.map((r) => {
    const s = toScenario(r)
    const run = last.get(r.id) as { id: string; created_at: string; result_json: string } | undefined
    const res = run ? (JSON.parse(run.result_json) as SimulationResult) : null
    return {
      id: r.id,
      name: r.name,
      basis: r.basis,
      accelerators: s.fleet.reduce((n, f) => n + f.count, 0),
      pools: s.fleet.length,
      updatedAt: r.updated_at,
      lastRun: run && res ? { id: run.id, at: run.created_at, costUsd: res.kpis.costUsd.mean, waitP95Hours: res.kpis.waitP95Hours.mean } : null,
    }
  })
}

export function saveScenario(db: Db, s: Scenario, now: () => Date): Scenario {
  const at = now().toISOString()
  const id = s.id ?? newId('sc')
  const body: Scenario = { ...s }
  delete body.id
  delete body.createdAt
  delete body.updatedAt
  const exists = db.prepare('SELECT created_at FROM scenario WHERE id = ?').get(id) as { created_at: string } | undefined
  if (s.id && !exists) throw new ApiError({ code: 'not-found', message: `No scenario with id ${s.id}.` })
  if (exists) {
    db.prepare('UPDATE scenario SET name = ?, basis = ?, scenario_json = ?, updated_at = ? WHERE id = ?').run(s.name, s.basis ?? 'variant', JSON.stringify(body), at, id)
  } else {
    db.prepare('INSERT INTO scenario (id, name, basis, scenario_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      s.name,
      s.basis ?? 'variant',
      JSON.stringify(body),
      at,
      at,
    )
  }
  return getScenario(db, id)
}

export function deleteScenario(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM scenario WHERE id = ?').run(id).changes > 0
}

export function recordRun(db: Db, s: Scenario, result: SimulationResult, now: () => Date): SimulationResult {
  const id = newId('sim')
  const at = now().toISOString()
  const withId: SimulationResult = { ...result, runId: id }
  db.prepare('INSERT INTO simulation_run (id, scenario_id, scenario_name, created_at, paths, seed, scenario_json, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    id,
    s.id ?? null,
    s.name,
    at,
    result.paths,
    result.seed,
    JSON.stringify(s),
    JSON.stringify(withId),
  )
  return withId
}

export function listRuns(db: Db, scenarioId?: string): SimulationRunSummary[] {
  const rows = (
    scenarioId
      ? db.prepare('SELECT * FROM simulation_run WHERE scenario_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 50').all(scenarioId)
      : db.prepare('SELECT * FROM simulation_run ORDER BY created_at DESC, rowid DESC LIMIT 50').all()
  ) as { id: string; scenario_id: string | null; scenario_name: string; created_at: string; paths: number; seed: number; result_json: string }[]
  return rows.map((r) => ({
    id: r.id,
    scenarioId: r.scenario_id,
    scenarioName: r.scenario_name,
    createdAt: r.created_at,
    paths: r.paths,
    seed: r.seed,
    result: JSON.parse(r.result_json) as SimulationResult,
  }))
}

// ---- baseline from imported billing ----

/**
 * The current fleet from billing lines with an accelerator the catalog knows (each line spread over its
 * charge period, main/simulate/billed-usage.ts): per pool (type × provider × region × option) the 95th
 * percentile of accelerators billed per hour in the hours it was used; per team × class the accelerator-hours
 * per hour in H100-equivalents over the last billed week (all of it under two weeks), the monthly growth fitted
 * to daily totals and the pools the work ran on (routing); observed cost
 * per accelerator-hour as the pool's price. Cloud on-demand and spot pools are paid per use (as billed).
 */
export function baselineFromBilling(db: Db, cat: Catalog, opts: { horizonHours?: number; paths?: number; seed?: number } = {}): Scenario {
  const all = billedUsage(db)
  if (all.length === 0) {
    throw new ApiError({ code: 'conflict', message: 'No billing line names an accelerator yet: import billing with GPU/TPU usage to derive the baseline fleet.' })
  }
  const known = new Set(cat.accelerators.map((a) => a.id))
  const groups = all.filter((g) => known.has(g.pool.accelerator))
  if (groups.length === 0) {
    const unknown = [...new Set(all.map((g) => g.pool.accelerator))].sort()
    throw new ApiError({
      code: 'conflict',
      message: `The bill names accelerators the catalog does not describe (${unknown.join(', ')}), and no other: there is no fleet to derive. The catalog lists ${[...known].join(', ')}.`,
    })
  }
  const { startMs, hours: nHours } = usageSpan(groups)
  const perPool = hourlySeries(groups, (g) => g.poolKey, startMs, nHours)
  const thrOf = (acc: string, cls: WorkloadClass): number => cat.throughput.entries.find((e) => e.accelerator === acc)?.values[cls] ?? 1
  const streamKey = (g: UsageGroup): string => `${g.team}|${g.workloadClass}`
  const h100 = (g: UsageGroup): number => thrOf(g.pool.accelerator, g.workloadClass)
  const perStream = hourlySeries(groups, streamKey, startMs, nHours, h100)
  const pools = new Map<string, { pool: FleetPool; accelHours: number; cost: number }>()
  const streams = new Map<string, { team: string; cls: WorkloadClass; byPool: Map<string, number> }>()
  for (const g of groups) {
    const p = pools.get(g.poolKey) ?? { pool: g.pool, accelHours: 0, cost: 0 }
    p.accelHours += g.accelHours
    p.cost += g.cost
    pools.set(g.poolKey, p)
    const st = streams.get(streamKey(g)) ?? { team: g.team, cls: g.workloadClass, byPool: new Map<string, number>() }
    st.byPool.set(g.poolKey, (st.byPool.get(g.poolKey) ?? 0) + g.accelHours * h100(g))
    streams.set(streamKey(g), st)
  }
  const fleet: FleetPool[] = []
  const priceOverrides: Record<string, number> = {}
  for (const [key, p] of pools) {
    const used = [...(perPool.get(key) ?? [])].filter((v) => v > 0).sort((a, b) => a - b)
    const p95 = used[Math.min(used.length - 1, Math.floor(0.95 * used.length))] ?? 0
    // Clouds bill on-demand and spot by the hour an instance runs: such pools are paid per use in the simulation,
    // so simulating the billed period gives the bill back (paying count × hours for them cost 1.7 × the demo's bill).
    const perUse = p.pool.option === 'on-demand' || p.pool.option === 'spot'
    fleet.push({ ...p.pool, count: Math.max(1, Math.round(p95)), ...(perUse ? { perUse: true } : {}) })
    if (p.accelHours > 0) priceOverrides[key] = Math.round((p.cost / p.accelHours) * 10000) / 10000
  }
  const demand: DemandStream[] = [...streams.entries()].map(([key, s]) => {
    const hourly = perStream.get(key) ?? new Float64Array(0)
    const days: number[] = []
    for (let h = 0; h < hourly.length; h++) days[Math.floor(h / 24)] = (days[Math.floor(h / 24)] ?? 0) + hourly[h]!
    // The level at the start of the horizon: the last full week (weekday shape averaged out) when two weeks or
    // more were billed. The mean over all the history understated a growing demand (the demo's month rose 70 %).
    const recent = nHours >= 14 * 24 ? hourly.subarray(hourly.length - 168) : hourly
    const level = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length)
    // Work runs where the bill shows it ran (share of the stream's H100-equivalent hours per pool).
    const routed = [...s.byPool.values()].reduce((a, b) => a + b, 0)
    const routing = Object.fromEntries([...s.byPool.entries()].filter(([, v]) => v > 0).map(([k, v]) => [k, Math.round((v / routed) * 1e6) / 1e6]))
    return {
      team: s.team,
      workloadClass: s.cls,
      base: Math.round(level * 100) / 100,
      growthPctPerMonth: Math.round(fitGrowthPctPerMonth(days) * 100) / 100,
      ...(routed > 0 ? { routing } : {}),
    }
  })
  return {
    name: 'Baseline (current fleet)',
    description: `Derived from ${groups.length} billed accelerator line groups over ${nHours} hours: fleet = 95th percentile of accelerators billed per hour (on-demand and spot pools paid per accelerator-hour used, as billed; reserved and on-prem pools paid for every accelerator every hour); prices = observed cost per accelerator-hour; demand = H100-equivalent accelerator-hours per hour over the last week billed (the level the horizon starts from) with fitted growth, routed to pools as billed.`,
    basis: 'baseline',
    horizonHours: opts.horizonHours ?? 24 * 90,
    fleet: fleet.sort((a, b) => priceKey(a).localeCompare(priceKey(b))),
    demand: { streams: demand.sort((a, b) => `${a.team}|${a.workloadClass}`.localeCompare(`${b.team}|${b.workloadClass}`)), ...DEFAULT_DEMAND_SHAPE },
    policy: { ...DEFAULT_POLICY },
    priceOverrides,
    simulation: { paths: opts.paths ?? 200, seed: opts.seed ?? 1 },
  }
}

/**
 * Least-squares slope of log(daily value) → % per month (30 days). The first and last day are dropped (usually
 * partial), fewer than 14 full days give 0, and the rate is clamped to ±20 %/month: a month of history cannot
 * support more, and a stream that ramped up inside the window would otherwise extrapolate wildly.
 */
export function fitGrowthPctPerMonth(days: number[]): number {
  const pts = days
    .slice(1, -1)
    .map((v, i) => [i, v] as const)
    .filter(([, v]) => v > 0)
  if (pts.length < 14) return 0
  const n = pts.length
  const mx = pts.reduce((s, [x]) => s + x, 0) / n
  const my = pts.reduce((s, [, y]) => s + Math.log(y), 0) / n
  let sxy = 0
  let sxx = 0
  for (const [x, y] of pts) {
    sxy += (x - mx) * (Math.log(y) - my)
    sxx += (x - mx) * (x - mx)
  }
  const slope = sxx > 0 ? sxy / sxx : 0
  return Math.max(-20, Math.min(20, (Math.exp(slope * 30) - 1) * 100))
}
