/**
 * Accelerator usage as the bill records it, hour by hour: what the baseline fleet is derived from and what
 * Reconcile replays. A line's accelerator-hours (ConsumedQuantity × accelerators per instance) are spread
 * evenly over its charge period, so a daily line of a 24-hour instance is one accelerator in each of 24 hours,
 * not 24 accelerators in its first hour.
 */
import type { FleetPool, WorkloadClass } from '../../shared/scenario-types'
import { priceKey } from '../catalog/catalog'
import type { Db } from '../db/open'
import { providerId, purchaseOption, workloadClassOf } from './billing-mapping'

const HOUR_MS = 3_600_000

export interface UsageGroup {
  pool: FleetPool
  poolKey: string
  team: string
  workloadClass: WorkloadClass
  /** Charge period of the lines in the group (epoch ms, end exclusive). */
  startMs: number
  endMs: number
  accelHours: number
  cost: number
}

/** Billing lines naming an accelerator, grouped by pool, team, class and charge period; optionally by ChargePeriodStart in [from, to). */
export function billedUsage(db: Db, range?: { from: string; to: string }): UsageGroup[] {
  const where = range ? 'AND "ChargePeriodStart" >= ? AND "ChargePeriodStart" < ?' : ''
  const rows = db
    .prepare(
      `SELECT accelerator_type AS acc, "ProviderName" AS provider, "RegionId" AS region, "PricingCategory" AS pc,
              "CommitmentDiscountType" AS ct, team, model_type AS model, "ChargePeriodStart" AS s, "ChargePeriodEnd" AS e,
              SUM(COALESCE("ConsumedQuantity", 1) * COALESCE(accelerator_count, 1)) AS accelHours, SUM(COALESCE("BilledCost", 0)) AS cost
         FROM billing_line WHERE accelerator_type IS NOT NULL ${where}
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    )
    .all(...(range ? [`${range.from}T00:00:00Z`, `${range.to}T00:00:00Z`] : [])) as {
    acc: string
    provider: string | null
    region: string | null
    pc: string | null
    ct: string | null
    team: string | null
    model: string | null
    s: string
    e: string | null
    accelHours: number
    cost: number
  }[]
  return rows.map((r) => {
    const pool: FleetPool = { accelerator: r.acc, provider: providerId(r.provider), region: r.region ?? 'unknown', option: purchaseOption(r.pc, r.ct), count: 0 }
    const startMs = Math.floor(Date.parse(r.s) / HOUR_MS) * HOUR_MS
    const end = r.e ? Date.parse(r.e) : NaN
    return {
      pool,
      poolKey: priceKey(pool),
      team: r.team ?? '(untagged)',
      workloadClass: workloadClassOf(r.model),
      startMs,
      endMs: Number.isFinite(end) && end > startMs ? Math.ceil(end / HOUR_MS) * HOUR_MS : startMs + HOUR_MS,
      accelHours: r.accelHours,
      cost: r.cost,
    }
  })
}

/**
 * Hourly series per key: each group's accelerator-hours spread evenly over its charge period, clipped to
 * [startMs, startMs + hours h). `weight` scales a group (e.g. to H100-equivalents).
 */
export function hourlySeries(groups: readonly UsageGroup[], key: (g: UsageGroup) => string | null, startMs: number, hours: number, weight: (g: UsageGroup) => number = () => 1): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>()
  for (const g of groups) {
    const k = key(g)
    if (k === null) continue
    let arr = out.get(k)
    if (!arr) out.set(k, (arr = new Float64Array(hours)))
    const span = Math.max(1, Math.round((g.endMs - g.startMs) / HOUR_MS))
    const perHour = (g.accelHours * weight(g)) / span
    const first = Math.round((g.startMs - startMs) / HOUR_MS)
    for (let h = Math.max(0, first); h < Math.min(hours, first + span); h++) arr[h]! += perHour
  }
  return out
}

/** First hour and number of hours covered by the groups' charge periods. */
export function usageSpan(groups: readonly UsageGroup[]): { startMs: number; hours: number } {
  let lo = Infinity
  let hi = -Infinity
  for (const g of groups) {
    lo = Math.min(lo, g.startMs)
    hi = Math.max(hi, g.endMs)
  }
  return Number.isFinite(lo) ? { startMs: lo, hours: Math.round((hi - lo) / HOUR_MS) } : { startMs: 0, hours: 0 }
}
