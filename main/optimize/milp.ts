/**
 * Procurement MILP (HiGHS, wasm): integer accelerator counts per pool (type × provider × region × purchase option)
 * and a continuous allocation of each demand (team × workload class) to accelerator types using effective
 * throughput, as in Gavel (Narayanan et al., OSDI '20): one accelerator of type a delivers thr[a,k] H100-hours
 * per hour of class k.
 *
 *   min   Σ_j price_j n_j + carbonPrice · Σ_j kg_j n_j / 1000 + penalty · Σ_k u_k
 *   s.t.  Σ_a thr[a,k] x[k,a] + u_k ≥ d_k                 (demand k, at the chosen percentile)
 *         Σ_k x[k,a] ≤ Σ_{j∈a} util · avail_j · n_j        (capacity of type a at target utilisation)
 *         Σ_j price_j n_j ≤ budget                         (optional)
 *         Σ_j kg_j n_j ≤ carbon cap                        (optional)
 *         Σ_{k∈team} u_k ≤ (1 − floor) Σ_{k∈team} d_k      (fairness floor per team)
 *         commitment_j ≤ n_j ≤ maxCount_j,  n_j ∈ ℤ,  x[k,a] only where a can run k (memory, training, FP8)
 *
 * Presolve (exact): demands whose throughput rows are identical (same class, memory and FP8 needs) share one set
 * of allocation variables x[g,a] and one demand row Σ_a thr[a,g] x[g,a] + Σ_{k∈g} u_k ≥ Σ_{k∈g} d_k; any solution
 * of the grouped model splits back into per-demand allocations (x[g,a] in proportion to each k's served demand).
 * 2,000 demands over 6 classes become a few dozen groups.
 */
import highsLoader from 'highs'
import type { Catalog, FleetPool, OptimizeProblem, OptimizeResult, PoolPricing, PurchaseOption } from '../../shared/scenario-types'
import { ApiError } from '../../shared/errors'
import { compatible, priceKey } from '../catalog/catalog'
import { poolPrice, pricedPools } from '../catalog/pool-price'
import {
  budgetSentence,
  capacitySentence,
  carbonSentence,
  commitmentSentence,
  fairnessSentence,
  poolCapSentence,
  greedySentence,
  proofSentence,
  unusedSentence,
} from './explain-words'

type Highs = Awaited<ReturnType<typeof highsLoader>>
let highsPromise: Promise<Highs> | null = null
export function loadHighs(): Promise<Highs> {
  highsPromise ??= highsLoader()
  return highsPromise
}

export const DEFAULT_SPOT_CAP = 256

export interface Pool {
  key: string
  accelerator: string
  provider: string
  region: string
  option: PurchaseOption
  /** USD per accelerator-hour at target utilisation (incl. on-prem energy). */
  price: number
  /** kgCO2e per accelerator-hour at target utilisation. */
  kg: number
  /** Usable fraction (spot loses work to interruptions). */
  avail: number
  lower: number
  upper: number
}

export interface Prepared {
  pools: Pool[]
  types: string[]
  /** thr[typeIndex][demandIndex] (0 = incompatible). */
  thr: number[][]
  /** Demand indices per group of identical throughput rows, and the group of each demand. */
  groups: number[][]
  groupOf: number[]
  util: number
  penalty: number
  problem: OptimizeProblem
  notes: string[]
}

/** The problem's own price inputs (a scenario's observed prices, multiplier, on-prem assumptions). */
export const problemPricing = (p: OptimizeProblem): PoolPricing => ({ priceOverrides: p.priceOverrides, priceMultiplier: p.priceMultiplier, onPrem: p.onPrem })

export function prepare(problem: OptimizeProblem, cat: Catalog): Prepared {
  const util = problem.targetUtilisation ?? 0.8
  const notes: string[] = []
  // Without a candidate list every priced pool is a candidate; spot capacity is scarce, so spot pools then get a
  // default cap (DEFAULT_SPOT_CAP accelerators per pool) instead of an unlimited supply.
  const pricing = problemPricing(problem)
  const cands: NonNullable<OptimizeProblem['candidates']> =
    problem.candidates && problem.candidates.length > 0
      ? problem.candidates
      : pricedPools(cat, pricing).map((p) => ({ accelerator: p.accelerator, provider: p.provider, region: p.region, option: p.option, ...(p.option === 'spot' ? { maxCount: DEFAULT_SPOT_CAP } : {}) }))
  if (!problem.candidates?.length) notes.push(`Spot pools capped at ${DEFAULT_SPOT_CAP} accelerators each (no candidate list given).`)
  const seen = new Set<string>()
  const pools: Pool[] = []
  for (const c of cands) {
    const key = priceKey(c)
    if (seen.has(key)) continue
    seen.add(key)
    // The shared price function (editor and simulation quote the same figure at the same utilisation).
    const price = poolPrice(cat, c, pricing, util)
    const commit = problem.commitments?.find((m) => priceKey(m) === key)?.count ?? 0
    pools.push({
      key,
      accelerator: c.accelerator,
      provider: c.provider,
      region: c.region,
      option: c.option,
      price: price.usdPerHour,
      kg: price.kgCo2ePerHour,
      avail: c.option === 'spot' ? 1 - Math.min(0.5, price.interruptionPerMonth ?? 0.15) : 1,
      lower: commit,
      upper: 'maxCount' in c && typeof c.maxCount === 'number' ? c.maxCount : 1e6,
    })
  }
  for (const m of problem.commitments ?? []) {
    if (!seen.has(priceKey(m))) throw new ApiError({ code: 'invalid-input', message: `Commitment ${priceKey(m)} is not among the candidate pools.` })
  }
  const types = [...new Set(pools.map((p) => p.accelerator))]
  const thr = types.map((t) => {
    const acc = cat.accelerators.find((a) => a.id === t)!
    const values = cat.throughput.entries.find((e) => e.accelerator === t)?.values ?? {}
    return problem.demand.map((d) => {
      const cls = cat.throughput.classes.find((c) => c.id === d.workloadClass)
      if (!cls) throw new ApiError({ code: 'invalid-input', message: `Unknown workload class "${d.workloadClass}".` })
      const v = values[d.workloadClass]
      return compatible(acc, v, cls, d.minMemoryGb, d.needsFp8) ? (v ?? 0) : 0
    })
  })
  problem.demand.forEach((d, k) => {
    if (d.demand > 0 && types.every((_, a) => thr[a]![k] === 0)) notes.push(`${d.team}/${d.workloadClass}: no candidate accelerator can run it.`)
  })
  const maxPrice = Math.max(1, ...pools.map((p) => p.price))
  const penalty = problem.unmetPenaltyUsdPerHour ?? 10 * maxPrice
  const bySig = new Map<string, number>()
  const groups: number[][] = []
  const groupOf = problem.demand.map((_, k) => {
    const sig = types.map((_, a) => thr[a]![k]).join(',')
    let g = bySig.get(sig)
    if (g === undefined) {
      g = groups.length
      bySig.set(sig, g)
      groups.push([])
    }
    groups[g]!.push(k)
    return g
  })
  return { pools, types, thr, groups, groupOf, util, penalty, problem, notes }
}

interface BuildOpts {
  relax?: boolean
  fixN?: number[]
  budget?: number
  carbonCap?: number
  /** Objective weights: cost and carbon (USD per tonne). */
  costWeight?: number
  carbonPrice?: number
}

/** CPLEX LP text. Names: n<j>, x<k>_<a>, u<k>; rows D<k>, C<a>, B, E, F<team>. */
export function buildLp(pr: Prepared, o: BuildOpts = {}): string {
  const { pools, types, thr, problem } = pr
  const cw = o.costWeight ?? 1
  const cp = (o.carbonPrice ?? problem.carbonPriceUsdPerTonne ?? 0) / 1000
  const obj: string[] = []
  pools.forEach((p, j) => {
    const c = cw * p.price + cp * p.kg
    if (c !== 0) obj.push(`${fmt(c)} n${j}`)
  })
  problem.demand.forEach((_, k) => obj.push(`${fmt(pr.penalty)} u${k}`))
  const rows: string[] = []
  pr.groups.forEach((ks, g) => {
    const k0 = ks[0]!
    const terms = types.map((_, a) => (thr[a]![k0]! > 0 ? `${fmt(thr[a]![k0]!)} x${g}_${a}` : '')).filter(Boolean)
    const total = ks.reduce((acc, k) => acc + problem.demand[k]!.demand, 0)
    rows.push(` D${g}: ${[...terms, ...ks.map((k) => `u${k}`)].join(' + ')} >= ${fmt(total)}`)
  })
  types.forEach((t, a) => {
    const xs = pr.groups.map((ks, g) => (thr[a]![ks[0]!]! > 0 ? `x${g}_${a}` : '')).filter(Boolean)
    const ns = pools.map((p, j) => (p.accelerator === t ? `${fmt(pr.util * p.avail)} n${j}` : '')).filter(Boolean)
    if (xs.length === 0) return
    rows.push(` C${a}: ${xs.join(' + ')} - ${ns.join(' - ')} <= 0`)
  })
  const budget = o.budget ?? problem.budgetUsdPerHour
  if (budget !== undefined) rows.push(` B: ${pools.map((p, j) => `${fmt(p.price)} n${j}`).join(' + ')} <= ${fmt(budget)}`)
  const cap = o.carbonCap ?? problem.carbonCapKgPerHour
  if (cap !== undefined) rows.push(` E: ${pools.map((p, j) => `${fmt(p.kg)} n${j}`).join(' + ')} <= ${fmt(cap)}`)
  const floor = problem.fairnessFloor ?? 0
  if (floor > 0) {
    const teams = [...new Set(problem.demand.map((d) => d.team))]
    teams.forEach((team, ti) => {
      const ks = problem.demand.map((d, k) => (d.team === team ? k : -1)).filter((k) => k >= 0)
      const total = ks.reduce((s, k) => s + problem.demand[k]!.demand, 0)
      if (total > 0) rows.push(` F${ti}: ${ks.map((k) => `u${k}`).join(' + ')} <= ${fmt((1 - floor) * total)}`)
    })
  }
  const bounds: string[] = []
  pools.forEach((p, j) => {
    if (o.fixN) bounds.push(` n${j} = ${o.fixN[j]}`)
    else bounds.push(` ${p.lower} <= n${j} <= ${p.upper}`)
  })
  if (problem.requireDemand) problem.demand.forEach((_, k) => bounds.push(` u${k} = 0`))
  const general = o.relax || o.fixN ? [] : pools.map((_, j) => `n${j}`)
  return [
    'Minimize',
    ` obj: ${wrap(obj)}`,
    'Subject To',
    ...rows.map((r) => wrapRow(r)),
    'Bounds',
    ...bounds,
    ...(general.length ? ['General', ` ${wrap(general, ' ')}`] : []),
    'End',
    '',
  ].join('\n')
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(10).replace(/\.?0+$/, ''))
/** LP files allow long lines, but HiGHS' reader is happier with line breaks between terms. */
function wrap(terms: string[], sep = ' + '): string {
  const out: string[] = []
  for (let i = 0; i < terms.length; i += 50) out.push(terms.slice(i, i + 50).join(sep))
  return out.join(`${sep.trim() ? sep.trimEnd() : ''}\n `)
}
function wrapRow(r: string): string {
  return r.length < 4000 ? r : r.replace(/ \+ /g, (m, i: number) => (i % 3000 < 4 ? ' +\n ' : m))
}

export interface Solved {
  status: string
  objective: number
  n: number[]
  x: Map<string, number>
  u: number[]
  rowDual: Map<string, number>
  rowPrimal: Map<string, number>
  solveMs: number
  gap: number | null
}

export async function solveLp(lp: string, opts: { mipGap?: number; timeLimit?: number } = {}): Promise<Solved> {
  const highs = await loadHighs()
  const t0 = performance.now()
  const sol = highs.solve(lp, {
    mip_rel_gap: opts.mipGap ?? 0.01,
    time_limit: opts.timeLimit ?? 60,
    output_flag: false,
  })
  const solveMs = performance.now() - t0
  const n: number[] = []
  const x = new Map<string, number>()
  const u: number[] = []
  if (sol.Status === 'Optimal' || sol.Status === 'Time limit reached' || (sol.Status as string) === 'Interrupted by user') {
    for (const [name, col] of Object.entries(sol.Columns)) {
      const v = (col as { Primal: number }).Primal
      if (name.startsWith('n')) n[Number(name.slice(1))] = Math.round(v * 1e6) / 1e6
      else if (name.startsWith('u')) u[Number(name.slice(1))] = v
      else if (v > 1e-9) x.set(name, v)
    }
  }
  const rowDual = new Map<string, number>()
  const rowPrimal = new Map<string, number>()
  for (const r of sol.Rows as { Name: string; Primal: number; Dual?: number }[]) {
    rowPrimal.set(r.Name, r.Primal)
    if (typeof r.Dual === 'number') rowDual.set(r.Name, r.Dual)
  }
  return { status: sol.Status, objective: sol.ObjectiveValue, n, x, u, rowDual, rowPrimal, solveMs, gap: null }
}

/**
 * Greedy baseline: demands in input order, each placed on the pool with the cheapest price per unit of effective
 * throughput that still has room (pool caps respected), spilling to the next cheapest; counts rounded up per pool.
 * It ignores comparative advantage (which class needs a scarce cheap pool most) — what the MILP adds.
 */
export function greedy(pr: Prepared): { counts: number[]; costUsdPerHour: number; carbonKgPerHour: number; unmet: number } {
  const need = new Float64Array(pr.pools.length)
  let unmet = 0
  const typeIdx = pr.pools.map((p) => pr.types.indexOf(p.accelerator))
  pr.problem.demand.forEach((d, k) => {
    const order = pr.pools
      .map((p, j) => ({ j, t: pr.thr[typeIdx[j]!]![k]!, p }))
      .filter((c) => c.t > 0 && c.p.upper > 0)
      .sort((a, b) => a.p.price / (a.t * a.p.avail) - b.p.price / (b.t * b.p.avail))
    let left = d.demand
    for (const c of order) {
      if (left <= 1e-12) break
      const perAcc = c.t * pr.util * c.p.avail
      const room = c.p.upper - need[c.j]!
      if (room <= 1e-12) continue
      const take = Math.min(room, left / perAcc)
      need[c.j]! += take
      left -= take * perAcc
    }
    if (left > 1e-9) unmet += left
  })
  const counts = pr.pools.map((p, j) => Math.min(p.upper, Math.max(p.lower, Math.ceil(need[j]! - 1e-9))))
  return {
    counts,
    costUsdPerHour: counts.reduce((s, c, j) => s + c * pr.pools[j]!.price, 0),
    carbonKgPerHour: counts.reduce((s, c, j) => s + c * pr.pools[j]!.kg, 0),
    unmet,
  }
}

export function fleetOf(pr: Prepared, n: number[]): (FleetPool & { usdPerAccelHour: number })[] {
  return pr.pools
    .map((p, j) => ({ accelerator: p.accelerator, provider: p.provider, region: p.region, option: p.option, count: Math.round(n[j] ?? 0), usdPerAccelHour: p.price }))
    .filter((f) => f.count > 0)
}

const costOf = (pr: Prepared, n: number[]): number => n.reduce((s, c, j) => s + (c ?? 0) * pr.pools[j]!.price, 0)
const carbonOf = (pr: Prepared, n: number[]): number => n.reduce((s, c, j) => s + (c ?? 0) * pr.pools[j]!.kg, 0)

/** Checks the demand rows (a time-limited run can return without an incumbent). */
function feasible(pr: Prepared, s: Solved): boolean {
  return pr.groups.every((ks, g) => {
    const total = ks.reduce((acc, k) => acc + pr.problem.demand[k]!.demand, 0)
    let got = ks.reduce((acc, k) => acc + (s.u[k] ?? 0), 0)
    for (let a = 0; a < pr.types.length; a++) got += (s.x.get(`x${g}_${a}`) ?? 0) * pr.thr[a]![ks[0]!]!
    return got >= total * (1 - 1e-6) - 1e-6
  })
}

export interface OptimizeOptions {
  withGreedy?: boolean
  explain?: boolean
}

export async function optimize(problem: OptimizeProblem, cat: Catalog, opts: OptimizeOptions = {}): Promise<OptimizeResult> {
  const pr = prepare(problem, cat)
  const lp = buildLp(pr)
  const mipGap = problem.mipGap ?? 0.01
  const timeLimit = problem.timeLimitSeconds ?? 30
  const s = await solveLp(lp, { mipGap, timeLimit })
  if (s.n.length === 0 || !Number.isFinite(s.objective) || !feasible(pr, s)) {
    throw new ApiError({
      code: 'conflict',
      message: `The optimizer found no solution (${s.status}). Relax the budget, carbon cap or fairness floor, or allow unmet demand (requireDemand: false).`,
    })
  }
  // Gap: objective vs the LP relaxation bound (HiGHS' own gap is not exposed by the one-shot API).
  const relax = await solveLp(buildLp(pr, { relax: true }), { timeLimit })
  const gap = relax.status === 'Optimal' && s.objective > 0 ? Math.max(0, (s.objective - relax.objective) / s.objective) : null
  const teams = [...new Set(problem.demand.map((d) => d.team))]
  const unmetTotal = s.u.reduce((a, b) => a + (b ?? 0), 0)
  const allocation: OptimizeResult['allocation'] = []
  for (const [name, v] of s.x) {
    const m = /^x(\d+)_(\d+)$/.exec(name)
    if (!m) continue
    const ks = pr.groups[Number(m[1])]!
    const a = Number(m[2])
    const served = ks.map((k) => Math.max(0, problem.demand[k]!.demand - (s.u[k] ?? 0)))
    const total = served.reduce((x, y) => x + y, 0)
    ks.forEach((k, i) => {
      const share = total > 0 ? served[i]! / total : 0
      if (share <= 0) return
      const d = problem.demand[k]!
      allocation.push({ team: d.team, workloadClass: d.workloadClass, pool: pr.types[a]!, accelerators: v * share, h100Equivalent: v * share * pr.thr[a]![k]! })
    })
  }
  const result: OptimizeResult = {
    name: problem.name ?? 'optimization',
    status: s.status,
    objective: s.objective,
    costUsdPerHour: costOf(pr, s.n),
    carbonKgPerHour: carbonOf(pr, s.n),
    mipGap: gap,
    solveMs: Math.round(s.solveMs),
    fleet: fleetOf(pr, s.n),
    allocation: allocation.length > 400 ? allocation.sort((a, b) => b.accelerators - a.accelerators).slice(0, 400) : allocation,
    teams: teams.map((team) => {
      const ks = problem.demand.map((d, k) => (d.team === team ? k : -1)).filter((k) => k >= 0)
      const dem = ks.reduce((acc, k) => acc + problem.demand[k]!.demand, 0)
      const un = ks.reduce((acc, k) => acc + (s.u[k] ?? 0), 0)
      return { team, demand: dem, served: dem - un, share: dem > 0 ? (dem - un) / dem : 1 }
    }),
    unmet: unmetTotal,
    binding: [],
    sensitivity: [],
    proof: proofSentence(s.status, gap),
    variables: pr.pools.length + problem.demand.length + pr.groups.reduce((n, ks) => n + pr.types.filter((_, a) => pr.thr[a]![ks[0]!]! > 0).length, 0),
    constraints: (s.rowPrimal.size),
    notes: [
      ...pr.notes,
      `Capacity is sized so accelerators are busy ${Math.round(pr.util * 100)} % of the time (the target utilisation) at the demand percentile${problem.demandPercentile ? ` (p${problem.demandPercentile})` : ''}: the rest is headroom for queueing.`,
      'Work is allocated to accelerator types regardless of region (no data-residency constraint).',
    ],
  }
  if (opts.explain !== false) await explain(pr, s, relax, result, { mipGap, timeLimit })
  if (opts.withGreedy) {
    const g = greedy(pr)
    result.greedy = { costUsdPerHour: g.costUsdPerHour, unmet: g.unmet, sentence: greedySentence(g, result) }
  }
  return result
}

const poolLabel = (p: Pool): string => `${p.accelerator} ${p.option} (${p.provider}/${p.region})`

async function explain(pr: Prepared, s: Solved, relax: Solved, result: OptimizeResult, o: { mipGap: number; timeLimit: number }): Promise<void> {
  const { problem } = pr
  // What 5 % more buys: re-solve when the budget or carbon cap binds.
  const sens = new Map<'B' | 'E', OptimizeResult['sensitivity'][number]>()
  const base = { objective: s.objective, cost: result.costUsdPerHour, carbon: result.carbonKgPerHour, unmet: result.unmet }
  const spare = (row: 'B' | 'E', limit: number): number => limit - (s.rowPrimal.get(row) ?? 0)
  for (const [row, limit, label, key] of [
    ['B', problem.budgetUsdPerHour, 'budget +5 %', 'budget'],
    ['E', problem.carbonCapKgPerHour, 'carbon cap +5 %', 'carbonCap'],
  ] as const) {
    if (limit === undefined || !s.rowPrimal.has(row)) continue
    if (spare(row, limit) > Math.max(1e-6, 0.005 * limit)) {
      result.notes.push(unusedSentence(row === 'B' ? 'budget' : 'carbon', spare(row, limit)))
      continue
    }
    const r = await solveLp(buildLp(pr, { [key]: limit * 1.05 }), o)
    if (r.n.length === 0) continue
    sens.set(row, {
      change: label,
      objectiveDelta: r.objective - base.objective,
      costDelta: costOf(pr, r.n) - base.cost,
      carbonDelta: carbonOf(pr, r.n) - base.carbon,
      unmetDelta: r.u.reduce((a, b) => a + (b ?? 0), 0) - base.unmet,
    })
  }
  result.sensitivity = [...sens.values()]

  const binding: OptimizeResult['binding'] = []
  const totalDemand = problem.demand.reduce((a, d) => a + d.demand, 0)
  const limits = [
    ['B', problem.budgetUsdPerHour, 'budget', 'USD/h of budget left; shadow price = objective change per extra USD/h (LP relaxation)'],
    ['E', problem.carbonCapKgPerHour, 'carbon cap', 'kgCO2e/h of carbon allowance left; shadow price = objective change per extra kg/h (LP relaxation)'],
  ] as const
  for (const [row, limit, constraint, meaning] of limits) {
    if (limit === undefined || !s.rowPrimal.has(row) || spare(row, limit) > Math.max(1e-6, 0.005 * limit)) continue
    binding.push({
      constraint,
      slack: spare(row, limit),
      shadowPrice: relax.rowDual.get(row) ?? null,
      meaning,
      sentence: row === 'B' ? budgetSentence(limit, result.unmet, totalDemand, sens.get('B')) : carbonSentence(limit, sens.get('E')),
    })
  }
  const floor = problem.fairnessFloor ?? 0
  if (floor > 0) {
    const teams = [...new Set(problem.demand.map((d) => d.team))]
    teams.forEach((team, ti) => {
      const t = result.teams.find((x) => x.team === team)
      if (t && t.share <= floor + 1e-6 && t.demand > 0)
        binding.push({
          constraint: `fairness floor: ${team}`,
          slack: 0,
          shadowPrice: relax.rowDual.get(`F${ti}`) ?? null,
          meaning: `${team} gets exactly its floor share`,
          sentence: fairnessSentence(team, floor),
        })
    })
  }
  pr.pools.forEach((p, j) => {
    const n = s.n[j] ?? 0
    if (p.upper < 1e6 && p.upper > 0 && n >= p.upper - 1e-6)
      binding.push({ constraint: `cap: ${p.key}`, slack: 0, shadowPrice: null, meaning: `at its maximum of ${p.upper} accelerators`, sentence: poolCapSentence(poolLabel(p), p.upper, p.option === 'spot') })
    if (p.lower > 0 && n <= p.lower + 1e-6)
      binding.push({ constraint: `commitment: ${p.key}`, slack: 0, shadowPrice: null, meaning: 'held at the existing commitment', sentence: commitmentSentence(poolLabel(p), p.lower) })
  })
  const used = new Set(result.fleet.map((f) => f.accelerator))
  pr.types.forEach((t, a) => {
    const d = relax.rowDual.get(`C${a}`)
    if (used.has(t) && d !== undefined && Math.abs(d) > 1e-6)
      binding.push({
        constraint: `capacity: ${t}`,
        slack: 0,
        shadowPrice: d,
        meaning: `value of one more ${t} accelerator-hour in the relaxation`,
        sentence: capacitySentence(t, Math.abs(d), pr.util),
      })
  })
  result.binding = binding
}
