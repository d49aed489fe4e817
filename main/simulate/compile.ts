/** Scenario + catalog → the engine's numeric model; and the per-path results → KPIs with confidence intervals. */
import { ApiError } from '../../shared/errors'
import type { Catalog, KpiName, KpiStat, Scenario, SimulationResult, WorkloadClassInfo } from '../../shared/scenario-types'
import { KPI_NAMES } from '../../shared/scenario-types'
import { compatible, poolFacts, priceKey } from '../catalog/catalog'
import { poolPrice, scenarioPricing } from '../catalog/pool-price'
import { K, K_COUNT, POLICY_CODE, type ChunkResult, type CompiledModel, type CompiledPool, type CompiledRow } from './engine'

export const poolLabel = (p: { accelerator: string; provider: string; region: string; option: string }): string =>
  `${p.accelerator} · ${p.provider}/${p.region} · ${p.option}`

/** Monthly interruption fraction → probability per busy accelerator per step. */
export function interruptPerStep(perMonth: number, dt: number): number {
  if (!(perMonth > 0)) return 0
  const perHour = -Math.log(1 - Math.min(perMonth, 0.999)) / 730
  return 1 - Math.exp(-perHour * dt)
}

export function classInfo(cat: Catalog, id: string): WorkloadClassInfo {
  const c = cat.throughput.classes.find((x) => x.id === id)
  if (!c) throw new ApiError({ code: 'invalid-input', message: `Unknown workload class "${id}".` })
  return c
}

export function compileScenario(s: Scenario, cat: Catalog, dt = 1): { model: CompiledModel; notes: string[] } {
  const notes: string[] = []
  const pools: CompiledPool[] = []
  const facts = s.fleet.map((f) => poolFacts(cat, f, s.onPrem, s.priceOverrides?.[priceKey(f)]))
  const pricing = scenarioPricing(s)
  s.fleet.forEach((f) => {
    // The shared price function: energy is charged by the busy hours the engine simulates, so the utilisation
    // given here only sets the quoted figures, not the engine's inputs.
    const price = poolPrice(cat, f, pricing)
    pools.push({
      label: poolLabel(f),
      count: f.count,
      ...(f.perUse ? { perUse: true } : {}),
      usdPerAccelHour: price.fixedUsdPerHour,
      idleKw: price.idleKw,
      busyExtraKw: price.busyExtraKw,
      pue: price.pue,
      gridKgPerKwh: price.gridKgPerKwh,
      electricityUsdPerKwh: price.electricityUsdPerKwh,
      interruptPerStep: f.option === 'spot' ? interruptPerStep(price.interruptionPerMonth ?? 0.15, dt) : 0,
    })
  })
  const teams = [...new Set(s.demand.streams.map((d) => d.team))]
  const rows: CompiledRow[] = []
  let phantom = -1
  s.demand.streams.forEach((d, si) => {
    const cls = classInfo(cat, d.workloadClass)
    const compatibleCands = s.fleet
      .map((f, i) => ({ i, thr: facts[i]!.throughput[d.workloadClass] ?? 0, f, weight: f.count * (facts[i]!.throughput[d.workloadClass] ?? 0) }))
      .filter((c) => c.f.count > 0 && compatible(facts[c.i]!.accelerator, c.thr, cls))
    // Routed as given (the baseline: as billed), else in proportion to effective capacity.
    const routed = d.routing ? compatibleCands.map((c) => ({ ...c, weight: d.routing?.[priceKey(c.f)] ?? 0 })).filter((c) => c.weight > 0) : []
    const cands = routed.length > 0 ? routed : compatibleCands
    const total = cands.reduce((sum, c) => sum + c.weight, 0)
    if (total <= 0) {
      if (phantom < 0) {
        phantom = pools.length
        pools.push({ label: '(no compatible capacity)', count: 0, usdPerAccelHour: 0, idleKw: 0, busyExtraKw: 0, pue: 1, gridKgPerKwh: 0, electricityUsdPerKwh: 0, interruptPerStep: 0 })
      }
      notes.push(`${d.team} / ${d.workloadClass}: no pool in the fleet can run it (memory, training support or throughput): all its demand is unmet.`)
      rows.push({ pool: phantom, stream: si, share: 1, pDone: 0, priority: d.priority ?? 0, weight: d.weight ?? 1 })
      return
    }
    for (const c of cands) {
      rows.push({
        pool: c.i,
        stream: si,
        share: c.weight / total,
        // Geometric service in steps with mean meanJobHours / throughput (p = μ·dt; one step when μ·dt ≥ 1).
        pDone: Math.min(1, (c.thr / cls.meanJobHours) * dt),
        priority: d.priority ?? 0,
        weight: d.weight ?? 1,
      })
    }
  })
  notes.push(
    s.demand.streams.some((d) => d.routing)
      ? 'Demand is routed to pools as each stream says (the baseline: as billed), else to compatible pools in proportion to their effective capacity (count × relative throughput); work does not move between pools when one is busier.'
      : 'Demand is routed to compatible pools in proportion to their effective capacity (count × relative throughput); work does not move between pools when one is busier.',
  )
  const model: CompiledModel = {
    dt,
    steps: Math.round(s.horizonHours / dt),
    ...(s.simulation.warmupHours ? { warmupSteps: Math.round(s.simulation.warmupHours / dt) } : {}),
    maxWaitSteps: Math.max(1, Math.round(s.policy.maxWaitHours / dt)),
    policy: POLICY_CODE[s.policy.queue],
    pools,
    rows,
    streams: s.demand.streams.map((d) => ({
      team: teams.indexOf(d.team),
      base: d.base,
      growthPctPerMonth: d.growthPctPerMonth,
      meanJobHours: classInfo(cat, d.workloadClass).meanJobHours,
    })),
    teams,
    demand: {
      noiseSd: s.demand.noisePct / 100,
      phi: 0.7,
      growthSdPct: s.demand.growthSdPct,
      diurnalAmplitude: s.demand.diurnalAmplitude,
      weekendDip: s.demand.weekendDip,
      ...(s.demand.paths ? { paths: { stepHours: s.demand.paths.stepHours, values: alignPaths(s) } } : {}),
    },
    seed: s.simulation.seed,
    fairnessFloor: s.policy.fairnessFloor,
  }
  return { model, notes }
}

/** Forecast sample paths ordered like the scenario's streams (matched by team + class). */
function alignPaths(s: Scenario): number[][][] {
  const dp = s.demand.paths!
  const idx = s.demand.streams.map((d) => dp.streams.findIndex((x) => x.team === d.team && x.workloadClass === d.workloadClass))
  const missing = s.demand.streams.filter((_, i) => idx[i]! < 0)
  if (missing.length) throw new ApiError({ code: 'invalid-input', message: `Demand paths lack streams: ${missing.map((m) => `${m.team}/${m.workloadClass}`).join(', ')}.` })
  return dp.values.map((path) => idx.map((i) => path[i] ?? []))
}

export function kpiStat(xs: Float64Array | number[]): KpiStat {
  const n = xs.length
  if (n === 0) return { mean: 0, ci95: [0, 0], p05: 0, p95: 0 }
  let s = 0
  for (const x of xs) s += x
  const mean = s / n
  let v = 0
  for (const x of xs) v += (x - mean) * (x - mean)
  const sd = n > 1 ? Math.sqrt(v / (n - 1)) : 0
  const half = 1.96 * (sd / Math.sqrt(n))
  const sorted = Float64Array.from(xs).sort()
  const q = (p: number): number => {
    const pos = p * (n - 1)
    const lo = Math.floor(pos)
    const hi = Math.min(n - 1, lo + 1)
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!)
  }
  return { mean, ci95: [mean - half, mean + half], p05: q(0.05), p95: q(0.95) }
}

const SLOT: Record<KpiName, number> = {
  costUsd: K.cost,
  utilisation: K.util,
  waitP50Hours: K.waitP50,
  waitP95Hours: K.waitP95,
  meanWaitHours: K.meanWait,
  unmetFraction: K.unmetFraction,
  unmetAccelHours: K.unmetWork,
  spotInterruptions: K.interruptions,
  carbonTonnes: K.carbonT,
  jain: K.jain,
  deserts: K.deserts,
}

/** Merges worker chunks (in path order) into the result the UI and CLI show. */
export function summarise(
  s: Scenario,
  model: CompiledModel,
  chunks: ChunkResult[],
  meta: { workers: number; elapsedMs: number; rangePct: number; notes: string[] },
): SimulationResult {
  const sorted = [...chunks].sort((a, b) => a.pathStart - b.pathStart)
  const paths = sorted.reduce((n, c) => n + (c.pathEnd - c.pathStart), 0)
  const width = K_COUNT + model.teams.length
  const all = new Float64Array(paths * width)
  let off = 0
  for (const c of sorted) {
    all.set(c.perPath, off)
    off += c.perPath.length
  }
  const col = (slot: number): Float64Array => {
    const out = new Float64Array(paths)
    for (let i = 0; i < paths; i++) out[i] = all[i * width + slot]!
    return out
  }
  const kpis = Object.fromEntries(KPI_NAMES.map((k) => [k, kpiStat(col(SLOT[k]))])) as Record<KpiName, KpiStat>
  const teams = model.teams.map((team, i) => {
    const shares = col(K_COUNT + i)
    let below = 0
    for (const x of shares) if (x < model.fairnessFloor) below++
    return { team, servedShare: kpiStat(shares), desertProbability: paths > 0 ? below / paths : 0 }
  })
  const steps = model.steps
  const pools = model.pools.map((p, i) => {
    const [busy = 0, cost = 0, carbon = 0] = sumAcross(sorted, (c) => c.poolSums, i * 3, 3)
    return {
      label: p.label,
      count: p.count,
      utilisation: p.count > 0 && paths > 0 ? busy / (p.count * steps * paths) : 0,
      costUsd: paths > 0 ? cost / paths : 0,
      carbonTonnes: paths > 0 ? carbon / paths : 0,
    }
  })
  const weeks = sorted[0]?.weeks ?? 0
  const weekly: SimulationResult['weekly'] = []
  for (let w = 0; w < weeks; w++) {
    const [b = 0, cap = 0, un = 0, dem = 0, qd = 0] = sumAcross(sorted, (c) => c.weekly, w * 5, 5)
    const stepsInWeek = Math.min(168 / model.dt, steps - (w * 168) / model.dt)
    weekly.push({ week: w + 1, utilisation: cap > 0 ? b / cap : 0, unmetFraction: dem > 0 ? un / dem : 0, queued: paths > 0 ? qd / (paths * stepsInWeek) : 0 })
  }
  let qa = 0
  let arr = 0
  let ws = 0
  for (const c of sorted) {
    qa += c.littles.queueArea
    arr += c.littles.arrivals
    ws += c.littles.waitSum
  }
  const hours = steps * model.dt
  const carbonMean = kpis.carbonTonnes.mean
  return {
    scenarioName: s.name,
    ...(s.id ? { scenarioId: s.id } : {}),
    paths,
    hours,
    seed: model.seed,
    workers: meta.workers,
    elapsedMs: Math.round(meta.elapsedMs),
    kpis,
    carbonRange: { lo: carbonMean * (1 - meta.rangePct / 100), hi: carbonMean * (1 + meta.rangePct / 100), rangePct: meta.rangePct },
    teams,
    pools,
    weekly,
    littlesLaw: {
      L: paths > 0 ? qa / (paths * steps) : 0,
      lambda: paths > 0 && hours > 0 ? arr / (paths * hours) : 0,
      W: arr > 0 ? (ws / arr) * model.dt : 0,
    },
    notes: meta.notes,
  }
}

/** Splits [0, paths) into n contiguous chunks. */
/** Element-wise sums over every chunk of `width` values of `pick(chunk)` from `offset` (chunks' strided totals). */
function sumAcross<C>(chunks: readonly C[], pick: (c: C) => Float64Array, offset: number, width: number): number[] {
  const out = new Array<number>(width).fill(0)
  for (const c of chunks) {
    const a = pick(c)
    for (let k = 0; k < width; k++) out[k]! += a[offset + k]!
  }
  return out
}

export function splitPaths(paths: number, n: number): [number, number][] {
  const out: [number, number][] = []
  const k = Math.max(1, Math.min(n, paths))
  for (let i = 0; i < k; i++) {
    const a = Math.floor((i * paths) / k)
    const b = Math.floor(((i + 1) * paths) / k)
    if (b > a) out.push([a, b])
  }
  return out
}
