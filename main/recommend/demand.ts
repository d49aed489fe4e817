/**
 * Demand bands per stream and where each stream's work runs, from the frozen decision alone.
 *
 * Units: H100-equivalent busy accelerators (the scenario's demand unit); `acceleratorsOn` converts to
 * accelerators of a flavor with the type's relative throughput.
 */
import type { FrozenPool, PlanSnapshot } from '../../shared/plan-types'
import type { DemandStream, WorkloadClassInfo } from '../../shared/scenario-types'
import { qnorm } from '../math/normal-quantile'

/** Quantiles of a stream's daily demand over the horizon: the 95 % and 80 % bands and the median. */
export interface Band {
  lo95: number
  lo80: number
  p50: number
  hi80: number
  hi95: number
}

export const BAND_QUANTILES: Record<keyof Band, number> = { lo95: 0.025, lo80: 0.1, p50: 0.5, hi80: 0.9, hi95: 0.975 }

export interface StreamBand {
  team: string
  workloadClass: DemandStream['workloadClass']
  band: Band
  source: string
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo)
}

function bandOf(values: number[]): Band {
  const s = [...values].sort((a, b) => a - b)
  return {
    lo95: quantile(s, BAND_QUANTILES.lo95),
    lo80: quantile(s, BAND_QUANTILES.lo80),
    p50: quantile(s, BAND_QUANTILES.p50),
    hi80: quantile(s, BAND_QUANTILES.hi80),
    hi95: quantile(s, BAND_QUANTILES.hi95),
  }
}

/**
 * Forecast paths: the daily values of every path over the horizon, pooled. Without paths: the scenario's demand
 * model on a grid of days × normal quantiles (log-demand = ln base + days/30 · ln(1 + growth) + ε, with ε's
 * variance the day-to-day noise plus the growth-rate uncertainty accumulated by that day).
 */
export function streamBands(snap: PlanSnapshot): StreamBand[] {
  const s = snap.scenario
  const days = Math.max(1, Math.ceil(s.horizonHours / 24))
  const paths = s.demand.paths
  return s.demand.streams.map((st) => {
    const idx = paths ? paths.streams.findIndex((p) => p.team === st.team && p.workloadClass === st.workloadClass) : -1
    if (paths && idx >= 0) {
      const steps = Math.max(1, Math.ceil(s.horizonHours / paths.stepHours))
      const values: number[] = []
      for (const path of paths.values) {
        const row = path[idx] ?? []
        for (let i = 0; i < steps; i++) values.push(row[Math.min(i, row.length - 1)] ?? 0)
      }
      const run = snap.forecast ? `forecast run #${snap.forecast.runId}` : 'forecast sample paths'
      return { team: st.team, workloadClass: st.workloadClass, band: bandOf(values), source: `${run}: ${paths.values.length} sample paths × ${steps} steps of ${paths.stepHours} h` }
    }
    const sigmaNoise = s.demand.noisePct / 100
    const sigmaGrowth = s.demand.growthSdPct / 100
    const K = 64
    const values: number[] = []
    for (let d = 0; d < days; d++) {
      const months = d / 30
      const mu = Math.log(Math.max(st.base, 1e-12)) + months * Math.log(1 + st.growthPctPerMonth / 100)
      const sd = Math.sqrt(sigmaNoise * sigmaNoise + months * months * sigmaGrowth * sigmaGrowth)
      for (let k = 0; k < K; k++) values.push(st.base > 0 ? Math.exp(mu + sd * qnorm((k + 0.5) / K)) : 0)
    }
    return {
      team: st.team,
      workloadClass: st.workloadClass,
      band: bandOf(values),
      source: `scenario demand model: base ${st.base} × ${st.growthPctPerMonth} %/month growth, ${s.demand.noisePct} % daily noise, ${s.demand.growthSdPct} pp growth uncertainty, over ${days} days`,
    }
  })
}

/** Can pools of this type run this class at all (memory, training support, FP8, non-zero throughput)? */
export function canRun(p: FrozenPool, cls: WorkloadClassInfo): boolean {
  const thr = p.throughput[cls.id] ?? 0
  if (thr <= 0) return false
  if (p.memoryGb < cls.minMemoryGb) return false
  if (cls.training && p.capabilities.includes('inference-only')) return false
  if (cls.needsFp8 && !p.fp8) return false
  return true
}

export interface Routing {
  /** Share of the stream's demand (in H100-equivalents) each pool index serves; sums to 1 unless nothing can run it. */
  shares: Map<number, number>
  how: string
}

/**
 * Where a stream's work runs. With the optimizer's answer: its allocation to accelerator types (what the decision
 * assumed), split over the plan's pools of each type by count. Otherwise as the simulator routes: compatible
 * pools in proportion to count × relative throughput.
 */
export function routeStream(snap: PlanSnapshot, st: Pick<DemandStream, 'team' | 'workloadClass'>): Routing {
  const cls = snap.workloadClasses.find((c) => c.id === st.workloadClass)
  const pools = snap.pools.map((p, i) => ({ p, i })).filter(({ p }) => p.count > 0 && (!cls || canRun(p, cls)))
  const shares = new Map<number, number>()
  const opt = snap.optimization?.kind === 'optimize' ? snap.optimization.result : null
  if (opt) {
    const rows = opt.allocation.filter((a) => a.team === st.team && a.workloadClass === st.workloadClass && a.h100Equivalent > 0)
    const byType = new Map<string, number>()
    for (const r of rows) if (pools.some(({ p }) => p.accelerator === r.pool)) byType.set(r.pool, (byType.get(r.pool) ?? 0) + r.h100Equivalent)
    const total = [...byType.values()].reduce((a, b) => a + b, 0)
    if (total > 0) {
      for (const [type, h] of byType) {
        const ofType = pools.filter(({ p }) => p.accelerator === type)
        const count = ofType.reduce((a, { p }) => a + p.count, 0)
        for (const { p, i } of ofType) shares.set(i, (shares.get(i) ?? 0) + (h / total) * (p.count / count))
      }
      return { shares, how: `the optimizer's allocation (run ${snap.optimization?.runId}) to ${[...byType.keys()].join(', ')}` }
    }
  }
  const cap = pools.reduce((a, { p }) => a + p.count * (p.throughput[st.workloadClass] ?? 0), 0)
  if (cap > 0) for (const { p, i } of pools) shares.set(i, (p.count * (p.throughput[st.workloadClass] ?? 0)) / cap)
  return { shares, how: cap > 0 ? 'compatible pools in proportion to count × relative throughput (as the simulation routes)' : 'no pool in the fleet can run it' }
}

/**
 * Integer parts of `total` in proportion to `weights` (largest remainder; ties to the lower index), summing to
 * `total` exactly. All-zero weights split evenly.
 */
export function apportion(total: number, weights: number[]): number[] {
  const n = weights.length
  if (n === 0) return []
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0)
  const w = sum > 0 ? weights.map((x) => Math.max(0, x) / sum) : weights.map(() => 1 / n)
  const exact = w.map((x) => x * total)
  const out = exact.map((x) => Math.floor(x + 1e-9))
  let left = total - out.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x + 1e-9) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k]!.i]! += 1
  return out
}

