/** Scenario storage, the baseline derived from imported billing, and simulation-run records. */
import { ApiError } from '../../shared/errors'
import type {
  Catalog,
  DemandStream,
  FleetPool,
  PurchaseOption,
  Scenario,
  ScenarioSummary,
  SimulationResult,
  SimulationRunSummary,
  WorkloadClass,
} from '../../shared/scenario-types'
import { WORKLOAD_CLASSES } from '../../shared/scenario-types'
import { priceKey } from '../catalog/catalog'
import { newId } from '../db/ids'
import type { Db } from '../db/open'

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

const PROVIDER_IDS: [RegExp, string][] = [
  [/microsoft|azure/i, 'azure'],
  [/google|gcp/i, 'gcp'],
  [/amazon|aws/i, 'aws'],
  [/lambda/i, 'lambda'],
]

export function providerId(name: string | null): string {
  for (const [re, id] of PROVIDER_IDS) if (re.test(name ?? '')) return id
  return (name ?? 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-')
}

/** FOCUS PricingCategory / commitment → purchase option. */
export function purchaseOption(pricingCategory: string | null, commitmentType: string | null): PurchaseOption {
  if (/dynamic/i.test(pricingCategory ?? '')) return 'spot'
  if (/committed/i.test(pricingCategory ?? '') || commitmentType) return 'reserved-1y'
  return 'on-demand'
}

/** A model-type tag → workload class (exact id, else by keyword; LLM inference when nothing matches). */
export function workloadClassOf(modelType: string | null): WorkloadClass {
  const m = (modelType ?? '').toLowerCase()
  if ((WORKLOAD_CLASSES as readonly string[]).includes(m)) return m as WorkloadClass
  if (/train|pretrain|fine-?tune/.test(m) && /llm|gpt|lm|language|foundation/.test(m)) return 'llm-training'
  if (/diffusion|image-gen|sdxl|gen/.test(m)) return 'diffusion'
  if (/vision|image|cv|detect|resnet/.test(m)) return 'vision'
  if (/speech|asr|audio|whisper|tts/.test(m)) return 'speech'
  if (/rec|rank|ctr/.test(m)) return 'recommender'
  return 'llm-inference'
}

interface HourRow {
  acc: string
  provider: string | null
  region: string | null
  pc: string | null
  ct: string | null
  team: string | null
  model: string | null
  hour: string
  accelHours: number
  cost: number
}

/**
 * The current fleet from billing lines with an accelerator: per pool (type × provider × region × option) the
 * 95th percentile of accelerators billed per hour; per team × class the mean accelerator-hours per hour in
 * H100-equivalents and the monthly growth fitted to daily totals; observed cost per accelerator-hour as the
 * pool's price.
 */
export function baselineFromBilling(db: Db, cat: Catalog, opts: { horizonHours?: number; paths?: number; seed?: number } = {}): Scenario {
  const rows = db
    .prepare(
      `SELECT accelerator_type AS acc, "ProviderName" AS provider, "RegionId" AS region, "PricingCategory" AS pc,
              "CommitmentDiscountType" AS ct, team, model_type AS model, substr("ChargePeriodStart", 1, 13) AS hour,
              SUM(COALESCE("ConsumedQuantity", 1) * COALESCE(accelerator_count, 1)) AS accelHours, SUM(COALESCE("BilledCost", 0)) AS cost
         FROM billing_line WHERE accelerator_type IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
    )
    .all() as HourRow[]
  if (rows.length === 0) {
    throw new ApiError({ code: 'conflict', message: 'No billing line names an accelerator yet: import billing with GPU/TPU usage to derive the baseline fleet.' })
  }
  const hours = new Set(rows.map((r) => r.hour))
  const nHours = hours.size
  const pools = new Map<string, { pool: FleetPool; perHour: Map<string, number>; accelHours: number; cost: number }>()
  const streams = new Map<string, { team: string; cls: WorkloadClass; h100Hours: number; daily: Map<string, number> }>()
  const thrOf = (acc: string, cls: WorkloadClass): number => cat.throughput.entries.find((e) => e.accelerator === acc)?.values[cls] ?? 1
  for (const r of rows) {
    const pool: FleetPool = { accelerator: r.acc, provider: providerId(r.provider), region: r.region ?? 'unknown', option: purchaseOption(r.pc, r.ct), count: 0 }
    const key = priceKey(pool)
    const p = pools.get(key) ?? { pool, perHour: new Map(), accelHours: 0, cost: 0 }
    p.perHour.set(r.hour, (p.perHour.get(r.hour) ?? 0) + r.accelHours)
    p.accelHours += r.accelHours
    p.cost += r.cost
    pools.set(key, p)
    const cls = workloadClassOf(r.model)
    const team = r.team ?? '(untagged)'
    const sk = `${team}|${cls}`
    const st = streams.get(sk) ?? { team, cls, h100Hours: 0, daily: new Map() }
    const h = r.accelHours * thrOf(r.acc, cls)
    st.h100Hours += h
    const day = r.hour.slice(0, 10)
    st.daily.set(day, (st.daily.get(day) ?? 0) + h)
    streams.set(sk, st)
  }
  const fleet: FleetPool[] = []
  const priceOverrides: Record<string, number> = {}
  const known = new Set(cat.accelerators.map((a) => a.id))
  for (const [key, p] of pools) {
    if (!known.has(p.pool.accelerator)) continue
    const perHour = [...p.perHour.values()].sort((a, b) => a - b)
    const p95 = perHour[Math.min(perHour.length - 1, Math.floor(0.95 * perHour.length))] ?? 0
    fleet.push({ ...p.pool, count: Math.max(1, Math.round(p95)) })
    if (p.accelHours > 0) priceOverrides[key] = Math.round((p.cost / p.accelHours) * 10000) / 10000
  }
  const demand: DemandStream[] = [...streams.values()].map((s) => {
    const days = [...s.daily.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v)
    return {
      team: s.team,
      workloadClass: s.cls,
      base: Math.round((s.h100Hours / nHours) * 100) / 100,
      growthPctPerMonth: Math.round(fitGrowthPctPerMonth(days) * 100) / 100,
    }
  })
  return {
    name: 'Baseline (current fleet)',
    description: `Derived from ${rows.length} billed accelerator line groups over ${nHours} hours: fleet = 95th percentile of accelerators billed per hour; prices = observed cost per accelerator-hour; demand = mean H100-equivalent accelerator-hours per hour with fitted growth.`,
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
