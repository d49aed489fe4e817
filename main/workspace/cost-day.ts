/**
 * Billing lines summed per day and dimension: the one source of every spend figure by dimension — the
 * overview's charts (`cost-query`), the workspace's totals (`workspace-info`), Explore's spend and
 * accelerator-hours. Explore sums each billing snapshot into `cost_day` right after its import commits
 * (main/explore/aggregate.ts, from `LINE_COLUMNS` below); a snapshot that is not summed (yet) — between an
 * import's commit and that step, a workspace from an older version, lines whose costs or tags were rewritten
 * since (Azure actual/amortized pairing, tag keys) — is read from its lines with the same columns. So every
 * answer covers every line, and costs the size of the sums, not of the lines, once the aggregates are built.
 */
import type { CostDimension } from '../../shared/types'
import type { Db } from '../db/open'

/** Accelerator-hours of a line: hourly usage × accelerators per instance, else the charge period × count. */
export const ACCEL_HOURS_SQL = `CASE WHEN accelerator_type IS NULL THEN 0
  WHEN lower(coalesce("ConsumedUnit", '')) LIKE 'hour%' AND "ConsumedQuantity" > 0 THEN "ConsumedQuantity" * coalesce(accelerator_count, 1)
  WHEN lower(coalesce("PricingUnit", '')) LIKE 'hour%' AND "PricingQuantity" > 0 THEN "PricingQuantity" * coalesce(accelerator_count, 1)
  ELSE coalesce(accelerator_count, 0) * max(0, (julianday("ChargePeriodEnd") - julianday("ChargePeriodStart")) * 24) END`

/** A billing line as `cost_day` sees it: its day, its dimensions and its measures (the sums' terms). */
export const LINE_COLUMNS = `substr("ChargePeriodStart", 1, 10) AS day, "ProviderName" AS provider, "ServiceName" AS service,
  "ServiceCategory" AS service_category, "RegionId" AS region, "SubAccountName" AS sub_account, "ChargeCategory" AS charge_category,
  "PricingCategory" AS pricing_category, "SkuId" AS sku, team, project, accelerator_type, model_type,
  "BilledCost" AS billed, "EffectiveCost" AS effective, "ListCost" AS list, ${ACCEL_HOURS_SQL} AS accel_hours, 1 AS rows`

const DAY_COLUMNS = `day, provider, service, service_category, region, sub_account, charge_category, pricing_category, sku, team, project,
  accelerator_type, model_type, billed, effective, list, accel_hours, rows`

/** The source's column per dimension (`cost_day`'s names; ModelType is the line's own tag). */
const COLUMN: Record<CostDimension, string> = {
  ProviderName: 'provider',
  ServiceName: 'service',
  ServiceCategory: 'service_category',
  RegionId: 'region',
  SubAccountName: 'sub_account',
  ChargeCategory: 'charge_category',
  PricingCategory: 'pricing_category',
  SkuId: 'sku',
  ChargeDay: 'day',
  ChargeMonth: 'day',
  Team: 'team',
  Project: 'project',
  ModelType: 'model_type',
  AcceleratorType: 'accelerator_type',
}

/** SQL of a dimension over the source aliased `alias`. */
export function costDayDimension(d: CostDimension, alias: string): string {
  const col = `${alias}.${COLUMN[d]}`
  return d === 'ChargeMonth' ? `substr(${col}, 1, 7)` : col
}

/** The measure column of a FOCUS cost metric. */
export const MEASURE_COLUMN = { BilledCost: 'billed', EffectiveCost: 'effective', ListCost: 'list' } as const

export interface Source {
  /** A FROM item (a table name or a parenthesised query); alias it. */
  sql: string
  params: number[]
}

/** Billing snapshots whose lines are not summed in `cost_day`. */
export function unsummedSnapshots(db: Db): number[] {
  return db
    .prepare(`SELECT id FROM snapshot s WHERE kind = 'billing' AND rows > 0 AND NOT EXISTS (SELECT 1 FROM cost_day d WHERE d.snapshot_id = s.id) ORDER BY id`)
    .pluck()
    .all() as number[]
}

/** `cost_day`, plus the lines of any snapshot not summed there. */
export function costDaySource(db: Db): Source {
  const missing = unsummedSnapshots(db)
  if (missing.length === 0) return { sql: 'cost_day', params: [] }
  return {
    sql: `(SELECT ${DAY_COLUMNS} FROM cost_day UNION ALL SELECT ${LINE_COLUMNS} FROM billing_line WHERE snapshot_id IN (${missing.map(() => '?').join(',')}))`,
    params: missing,
  }
}

/** The currency most lines are billed in, counted over the lines. */
export function countCurrency(db: Db): string | null {
  const r = db.prepare(`SELECT "BillingCurrency" AS c FROM billing_line WHERE "BillingCurrency" IS NOT NULL GROUP BY c ORDER BY count(*) DESC, c LIMIT 1`).get() as
    | { c: string }
    | undefined
  return r?.c ?? null
}

/** Changes whenever billing data is imported or deleted: the key under which derived figures may be cached. */
export function billingVersion(db: Db): string {
  const r = db.prepare(`SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS m, COALESCE(SUM(rows), 0) AS r FROM snapshot WHERE kind = 'billing'`).get() as { n: number; m: number; r: number }
  return `${r.n}:${r.m}:${r.r}`
}

const CURRENCY = 'currency'
const CURRENCY_VERSION = 'currency-version'

/** Counts the workspace's currency and keeps it with the billing version it was counted at (Explore's refresh does this). */
export function noteCurrency(db: Db): void {
  const put = db.prepare(`INSERT INTO explore_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
  put.run(CURRENCY, countCurrency(db) ?? '')
  put.run(CURRENCY_VERSION, billingVersion(db))
}

/** Whether the kept currency was counted on the billing data the workspace holds now. */
export function currencyNoted(db: Db): boolean {
  const v = db.prepare(`SELECT value FROM explore_state WHERE key = ?`).pluck().get(CURRENCY_VERSION) as string | undefined
  return v === billingVersion(db)
}

/** The workspace's billing currency (the one most lines use): kept at refresh, counted when billing changed since. */
export function workspaceCurrency(db: Db): string | null {
  if (!currencyNoted(db)) return countCurrency(db)
  const v = db.prepare(`SELECT value FROM explore_state WHERE key = ?`).pluck().get(CURRENCY) as string | undefined
  return v || null
}
