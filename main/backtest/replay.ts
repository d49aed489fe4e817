/**
 * The cost of a commitment against hourly demand. Each hour the committed accelerators serve first (those with
 * no cost per busy hour before on-prem, whose power rises with use), then the elastic options by effective
 * price — spot (each paid hour does `avail` of useful work, at most `cap` accelerators) and on-demand — and
 * what none of them can serve is unmet. This dispatch is the cheapest way to serve one hour given the
 * commitment, so the replay and the optimizer's second stage agree.
 */
import type { Commitment, CommittedOption, ReplayOutcome, TypePrices } from '../../shared/backtest-types'

interface Tier {
  /** USD per accelerator-hour of work served. */
  usd: number
  /** Work this tier can serve in one hour. */
  cap: number
  kind: 'committed' | 'on-demand' | 'spot'
}

/** The cost model of one type, prepared once for many evaluations. */
export interface CostModel {
  prices: TypePrices
  /** Committed options in dispatch order (cheapest busy hour first). */
  committedOrder: CommittedOption[]
  /** Per committed option in dispatch order: USD per hour held, USD per busy hour on top. */
  fixed: number[]
  busy: number[]
  elastic: Tier[]
}

export function costModel(prices: TypePrices): CostModel {
  const sorted = [...prices.committed].sort((a, b) => a.busyUsdPerHour - b.busyUsdPerHour)
  const committedOrder = sorted.map((c) => c.option)
  const elastic: Tier[] = []
  if (prices.spot && prices.spot.cap > 0 && prices.spot.avail > 0) elastic.push({ usd: prices.spot.usdPerHour / prices.spot.avail, cap: prices.spot.cap * prices.spot.avail, kind: 'spot' })
  if (prices.onDemand) elastic.push({ usd: prices.onDemand.usdPerHour, cap: Infinity, kind: 'on-demand' })
  elastic.sort((a, b) => a.usd - b.usd)
  return { prices, committedOrder, fixed: sorted.map((c) => c.fixedUsdPerHour), busy: sorted.map((c) => c.busyUsdPerHour), elastic }
}

/** USD per hour paid for the commitment whatever the demand. */
export function fixedPerHour(m: CostModel, c: Commitment): number {
  let s = 0
  for (const p of m.prices.committed) s += (c[p.option] ?? 0) * p.fixedUsdPerHour
  return s
}

export interface HourCost {
  /** Cost by use this hour (committed busy-hour costs, spot, on-demand), without the fixed commitment cost. */
  variable: number
  committedServed: number
  spot: number
  onDemand: number
  unmet: number
}

/** One hour's dispatch of demand `d` against the commitment (writes into `out` to stay allocation-free). */
export function dispatchHour(m: CostModel, counts: readonly number[], d: number, out: HourCost): HourCost {
  let rem = d > 0 ? d : 0
  let variable = 0
  let served = 0
  for (let i = 0; i < m.committedOrder.length; i++) {
    if (rem <= 0) break
    const n = counts[i] as number
    const use = rem < n ? rem : n
    if (use > 0) {
      variable += use * (m.busy[i] as number)
      served += use
      rem -= use
    }
  }
  let spot = 0
  let od = 0
  for (const t of m.elastic) {
    if (rem <= 0) break
    const use = rem < t.cap ? rem : t.cap
    variable += use * t.usd
    if (t.kind === 'spot') spot += use * t.usd
    else od += use * t.usd
    rem -= use
  }
  out.variable = variable
  out.committedServed = served
  out.spot = spot
  out.onDemand = od
  out.unmet = rem
  return out
}

/** Counts in dispatch order. */
export function countsOf(m: CostModel, c: Commitment): number[] {
  return m.committedOrder.map((o) => c[o] ?? 0)
}

/** Replays hourly demand against a commitment: the realised cost and what it bought. */
export function replay(m: CostModel, demand: ArrayLike<number>, c: Commitment): ReplayOutcome {
  const counts = countsOf(m, c)
  const fixed = fixedPerHour(m, c)
  const T = demand.length
  const h: HourCost = { variable: 0, committedServed: 0, spot: 0, onDemand: 0, unmet: 0 }
  let variableCommitted = 0, spotUsd = 0, odUsd = 0, unmet = 0, served = 0, total = 0
  for (let t = 0; t < T; t++) {
    const d = demand[t] as number
    total += d > 0 ? d : 0
    dispatchHour(m, counts, d, h)
    variableCommitted += h.variable - h.spot - h.onDemand
    spotUsd += h.spot
    odUsd += h.onDemand
    unmet += h.unmet
    served += h.committedServed
  }
  const committedCount = counts.reduce((a, b) => a + b, 0)
  const committedUsd = fixed * T + variableCommitted
  return {
    commitment: cleanCommitment(c),
    costUsd: committedUsd + spotUsd + odUsd,
    committedUsd,
    onDemandUsd: odUsd,
    spotUsd,
    unmetHours: unmet,
    demandHours: total,
    utilisation: committedCount > 0 && T > 0 ? served / (committedCount * T) : null,
  }
}

/** Work left unmet in each hour (nothing could serve it). */
export function hourlyUnmet(m: CostModel, demand: ArrayLike<number>, c: Commitment): number[] {
  const counts = countsOf(m, c)
  const h: HourCost = { variable: 0, committedServed: 0, spot: 0, onDemand: 0, unmet: 0 }
  return Array.from({ length: demand.length }, (_, t) => dispatchHour(m, counts, demand[t] as number, h).unmet)
}

/** Weighted demand values standing for hours: the actual hours (weight 1 each) or a forecast distribution. */
export interface Atoms {
  values: Float64Array
  weights: Float64Array
  /** Hours the atoms stand for (Σ weights). */
  hours: number
}

export function atomsOf(demand: ArrayLike<number>): Atoms {
  const values = Float64Array.from(demand)
  const weights = new Float64Array(values.length).fill(1)
  return { values, weights, hours: values.length }
}

/** Atoms sorted by value with prefix sums of weight and weight × value: E[(v − x)+] in O(log n). */
export interface SortedAtoms {
  values: Float64Array
  /** cw[i] = Σ_{j<i} w_j, cwv[i] = Σ_{j<i} w_j v_j. */
  cw: Float64Array
  cwv: Float64Array
  hours: number
}

export function sortAtoms(a: Atoms): SortedAtoms {
  const n = a.values.length
  const idx = Array.from({ length: n }, (_, i) => i).sort((x, y) => (a.values[x] as number) - (a.values[y] as number))
  const values = new Float64Array(n)
  const cw = new Float64Array(n + 1)
  const cwv = new Float64Array(n + 1)
  idx.forEach((i, k) => {
    const v = Math.max(0, a.values[i] as number)
    const w = a.weights[i] as number
    values[k] = v
    cw[k + 1] = (cw[k] as number) + w
    cwv[k + 1] = (cwv[k] as number) + w * v
  })
  return { values, cw, cwv, hours: a.hours }
}

/** Σ_i w_i (v_i − x)+ : the weighted work above level x. */
export function excess(s: SortedAtoms, x: number): number {
  if (x === Infinity) return 0
  const n = s.values.length
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((s.values[mid] as number) > x) hi = mid
    else lo = mid + 1
  }
  return (s.cwv[n] as number) - (s.cwv[lo] as number) - x * ((s.cw[n] as number) - (s.cw[lo] as number))
}

/**
 * Expected cost of a commitment over the atoms (counts in dispatch order), with unmet work priced at
 * `penalty` per accelerator-hour: the optimizer's objective. Each tier of the dispatch serves the demand
 * between two levels, so its work is excess(lower) − excess(upper).
 */
export function expectedCost(m: CostModel, s: SortedAtoms, counts: readonly number[], penalty: number): number {
  let level = 0
  let cost = 0
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] as number
    cost += n * (m.fixed[i] as number) * s.hours
    if (n > 0 && (m.busy[i] as number) > 0) cost += (m.busy[i] as number) * (excess(s, level) - excess(s, level + n))
    level += n
  }
  for (const t of m.elastic) {
    const top = level + t.cap
    cost += t.usd * (excess(s, level) - excess(s, top))
    level = top
  }
  return cost + penalty * excess(s, level)
}

export function cleanCommitment(c: Commitment): Commitment {
  const out: Commitment = {}
  for (const [k, v] of Object.entries(c) as [CommittedOption, number][]) if (v > 0) out[k] = v
  return out
}

export const committedTotal = (c: Commitment): number => Object.values(c).reduce((a, b) => a + (b ?? 0), 0)
