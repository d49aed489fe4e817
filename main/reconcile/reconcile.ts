/**
 * Reconcile, the arithmetic: the period's bill, the scenario that replays it on the baseline fleet, and the
 * steps from the billed accelerator spend to the simulated cost and to the forecasts — each step one named
 * cause with its dollars, so that every group of steps adds up exactly to the figure it leads to.
 */
import type { ReconcileDifference, ReconcilePool, Reconciliation } from '../../shared/reconcile-types'
import type { Catalog, Scenario, SimulationResult } from '../../shared/scenario-types'
import type { CostForecast } from '../../shared/types'
import { priceKey } from '../catalog/catalog'
import { poolLabel } from '../simulate/compile'
import { hourlySeries, type UsageGroup } from '../simulate/billed-usage'

export const TOLERANCE_PCT = 5
const money = (x: number): string =>
  `$${Math.abs(x) < 1000 ? x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : Math.round(x).toLocaleString('en-US')}`
const hoursOf = (x: number): string => `${Math.round(x).toLocaleString('en-US')} accelerator-hours`

type Period = Reconciliation['period']

const periodStartMs = (p: Period): number => Date.parse(`${p.start}T00:00:00Z`)

/** Hours simulated before the period so that long jobs are in flight when it starts: three mean job lengths, at most a week. */
export function warmupHours(baseline: Scenario, cat: Catalog): number {
  const longest = Math.max(1, ...baseline.demand.streams.map((s) => cat.throughput.classes.find((c) => c.id === s.workloadClass)?.meanJobHours ?? 1))
  return Math.min(168, Math.ceil(3 * longest))
}

/**
 * The baseline fleet and prices, with the billed demand replayed hour by hour (H100-equivalents per stream).
 * `groups` cover the warm-up before the period too; warm-up hours before the first billed hour repeat the
 * first billed day (the fleet was busy before the data starts, as it is on its first day).
 */
export function observedScenario(
  baseline: Scenario,
  groups: readonly UsageGroup[],
  period: Period,
  cat: Catalog,
  sim: { paths: number; seed: number; warmupHours: number },
): Scenario {
  const W = sim.warmupHours
  const hours = period.days * 24
  const from = periodStartMs(period) - W * 3_600_000
  const thrOf = (g: UsageGroup): number => cat.throughput.entries.find((e) => e.accelerator === g.pool.accelerator)?.values[g.workloadClass] ?? 1
  const known = new Set(cat.accelerators.map((a) => a.id))
  const kept = groups.filter((g) => known.has(g.pool.accelerator))
  const series = hourlySeries(kept, (g) => `${g.team}|${g.workloadClass}`, from, W + hours, thrOf)
  const firstHour = Math.max(0, Math.round((Math.min(...kept.map((g) => g.startMs)) - from) / 3_600_000))
  const streams = baseline.demand.streams.map((s) => ({ team: s.team, workloadClass: s.workloadClass }))
  const values = [
    streams.map((s) => {
      const v = Array.from(series.get(`${s.team}|${s.workloadClass}`) ?? new Float64Array(W + hours))
      for (let h = 0; h < Math.min(firstHour, W); h++) v[h] = v[firstHour + ((((h - firstHour) % 24) + 24) % 24)] ?? 0
      return v
    }),
  ]
  return {
    ...baseline,
    name: `${baseline.name} — replay of ${period.label}`,
    horizonHours: hours,
    demand: { ...baseline.demand, paths: { streams, stepHours: 1, values, source: `billed accelerator-hours of ${period.label}, hour by hour` } },
    simulation: { paths: sim.paths, seed: sim.seed, warmupHours: W },
  }
}

interface PoolBill {
  billedUsd: number
  billedAccelHours: number
}

/** The period's billed accelerator spend per pool key, and the part whose accelerator the catalog does not know. */
export function billedByPool(groups: readonly UsageGroup[], cat: Catalog): { byPool: Map<string, PoolBill>; unknown: Map<string, number>; total: number } {
  const known = new Set(cat.accelerators.map((a) => a.id))
  const byPool = new Map<string, PoolBill>()
  const unknown = new Map<string, number>()
  let total = 0
  for (const g of groups) {
    total += g.cost
    if (!known.has(g.pool.accelerator)) {
      unknown.set(g.pool.accelerator, (unknown.get(g.pool.accelerator) ?? 0) + g.cost)
      continue
    }
    const b = byPool.get(g.poolKey) ?? { billedUsd: 0, billedAccelHours: 0 }
    b.billedUsd += g.cost
    b.billedAccelHours += g.accelHours
    byPool.set(g.poolKey, b)
  }
  return { byPool, unknown, total }
}

/** The step for billed accelerators the catalog lacks (none when there are none). */
export function notInCatalog(bill: ReturnType<typeof billedByPool>): ReconcileDifference[] {
  const usd = [...bill.unknown.values()].reduce((a, b) => a + b, 0)
  if (usd === 0) return []
  const list = [...bill.unknown.entries()].map(([a, x]) => `${a} (${money(x)})`).join(', ')
  return [{ towards: 'simulated', key: 'not-in-catalog', usd: -usd, reason: `Accelerators the catalog does not describe — ${list} — are left out of the baseline fleet, so nothing simulates them.` }]
}

/**
 * Billed accelerator spend → simulated cost, in five named steps that add up exactly:
 * accelerators the catalog lacks, price (the baseline's average price per pool vs the period's own), capacity
 * paid whatever the use (reserved / on-prem pools, energy), the volume of work served vs billed hours, and the
 * pool mix (where the simulation ran the work vs where the bill shows it).
 */
export function explainSimulated(
  scenario: Scenario,
  result: SimulationResult,
  bill: ReturnType<typeof billedByPool>,
): { pools: ReconcilePool[]; steps: ReconcileDifference[] } {
  const price = (key: string): number => scenario.priceOverrides?.[key] ?? 0
  const pools: ReconcilePool[] = scenario.fleet.map((f) => {
    const key = priceKey(f)
    const r = result.pools.find((p) => p.label === poolLabel(f))
    const b = bill.byPool.get(key) ?? { billedUsd: 0, billedAccelHours: 0 }
    return {
      label: poolLabel(f),
      count: f.count,
      perUse: !!f.perUse,
      usdPerAccelHour: price(key) * (scenario.priceMultiplier ?? 1),
      billedUsd: b.billedUsd,
      billedAccelHours: b.billedAccelHours,
      simulatedUsd: r?.costUsd ?? 0,
      simulatedBusyHours: r ? r.utilisation * f.count * result.hours : 0,
    }
  })
  let atPoolPrices = 0, billedKnown = 0, busyPriced = 0, busy = 0, billedHours = 0, fixed = 0
  for (const p of pools) {
    atPoolPrices += p.usdPerAccelHour * p.billedAccelHours
    billedKnown += p.billedUsd
    busyPriced += p.usdPerAccelHour * p.simulatedBusyHours
    busy += p.simulatedBusyHours
    billedHours += p.billedAccelHours
    if (!p.perUse) fixed += p.simulatedUsd - p.usdPerAccelHour * p.simulatedBusyHours
  }
  const avgPrice = billedHours > 0 ? atPoolPrices / billedHours : 0
  const fixedPools = pools.filter((p) => !p.perUse)
  const steps: ReconcileDifference[] = notInCatalog(bill)
  const step = (key: ReconcileDifference['key'], usd: number, reason: string): void => {
    steps.push({ towards: 'simulated', key, usd, reason })
  }
  step(
    'price',
    atPoolPrices - billedKnown,
    'Price: the baseline prices each pool at its average billed cost per accelerator-hour over all the data; this period was billed at its own rates.',
  )
  step(
    'fixed-capacity',
    fixed,
    fixedPools.length
      ? `Capacity paid whatever the use: ${fixedPools.map((p) => p.label).join(', ')} cost count × hours (and on-prem energy), busy or idle; the billed hours are what ran.`
      : 'Capacity paid whatever the use: none — every pool of the baseline is billed per accelerator-hour used (cloud on-demand and spot), as the bill charges them.',
  )
  step(
    'work-volume',
    avgPrice * (busy - billedHours),
    `Work served: the simulation kept accelerators busy ${hoursOf(busy)} against ${hoursOf(billedHours)} billed — random arrivals and job lengths, work still queued or given up at the end of the period (${hoursOf(result.kpis.unmetAccelHours.mean)} unmet), and throughput when work runs on another accelerator type.`,
  )
  step(
    'pool-mix',
    busyPriced - avgPrice * busy,
    'Pool mix: the baseline routes each team’s work to the pools the bill shows it on; what differs is chance (which pool’s jobs arrived and finished when) and work a full pool queued or a removed pool sent elsewhere, at another pool’s price.',
  )
  return { pools, steps }
}

/** Billed accelerator spend → the period's forecast: the other services, then the forecast's miss. */
export function explainForecast(billedUsd: number, billedAcceleratorUsd: number, forecastUsd: number, period: Period): ReconcileDifference[] {
  return [
    {
      towards: 'forecast',
      key: 'non-accelerator',
      usd: billedUsd - billedAcceleratorUsd,
      reason: 'Other services: the forecast is of the whole bill (storage, network, CPUs and the rest), not of accelerators alone.',
    },
    {
      towards: 'forecast',
      key: 'forecast-error',
      usd: forecastUsd - billedUsd,
      reason: `Forecast error: what the forecast made from the history before ${period.start} expected for ${period.label}, against what was billed.`,
    },
  ]
}

/**
 * Billed accelerator spend in the period → the forecast for the 30 days after the data: the other services,
 * the period's length, where spend stood at the end of the data (last 7 days) against the period's average,
 * and what the forecast adds beyond that level (trend, weekly shape).
 */
export function explainNextMonth(
  billedUsd: number,
  billedAcceleratorUsd: number,
  period: Period,
  history: readonly { date: string; value: number }[],
  next: CostForecast,
): ReconcileDifference[] {
  const days = Math.min(30, next.forecast.length)
  const nextUsd = next.forecast.slice(0, days).reduce((s, p) => s + p.mean, 0)
  const lastWeek = history.slice(-7)
  const recent = lastWeek.reduce((s, d) => s + d.value, 0) / Math.max(1, lastWeek.length)
  const scaled = (billedUsd / period.days) * days
  const steps: ReconcileDifference[] = [
    {
      towards: 'next-month',
      key: 'non-accelerator',
      usd: billedUsd - billedAcceleratorUsd,
      reason: 'Other services: the forecast is of the whole bill, not of accelerators alone.',
    },
  ]
  if (period.days !== days) {
    steps.push({ towards: 'next-month', key: 'period-length', usd: scaled - billedUsd, reason: `Length: ${period.label} has ${period.days} days, the forecast month ${days}.` })
  }
  steps.push(
    {
      towards: 'next-month',
      key: 'recent-level',
      usd: recent * days - scaled,
      reason: `Where spend stands now: the last 7 days of data averaged ${money(recent)} a day against ${money(billedUsd / period.days)} a day over ${period.label}; the forecast starts from the recent level, the average does not.`,
    },
    {
      towards: 'next-month',
      key: 'forecast-movement',
      usd: nextUsd - recent * days,
      reason: `What the forecast (${next.model}) adds beyond the recent level over the next ${days} days: trend and weekly shape.`,
    },
  )
  return steps
}
