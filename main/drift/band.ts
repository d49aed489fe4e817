/**
 * The band a plan is later compared with: at plan creation, the daily forecast of cost (and of
 * accelerator-hours when billing carries accelerators) with its 95 % interval, the plan's growth applied,
 * stored with the plan (table plan_forecast) so later imports cannot move it.
 */
import type { Db } from '../db/open'
import { dailyCostForecast } from '../forecast/daily-cost-forecast'
import { dailyCost } from '../workspace/cost-queries'
import { USAGE_HOURS } from '../workload/from-billing'

export type DriftMetric = 'cost' | 'accelerator-hours'

/** Daily accelerator-hours billed (accelerators × usage hours), every day from the first to the last. */
export function dailyAcceleratorHours(db: Db): { date: string; value: number }[] {
  const rows = db
    .prepare(
      `SELECT substr("ChargePeriodStart", 1, 10) AS d, sum(accelerator_count * (${USAGE_HOURS})) AS v
         FROM billing_line WHERE accelerator_type IS NOT NULL AND "ChargePeriodStart" IS NOT NULL GROUP BY d ORDER BY d`,
    )
    .all() as { d: string; v: number }[]
  if (rows.length === 0) return []
  const byDay = new Map(rows.map((r) => [r.d, r.v]))
  const out: { date: string; value: number }[] = []
  const last = Date.parse(`${rows.at(-1)?.d}T00:00:00Z`)
  for (let t = Date.parse(`${rows[0]?.d}T00:00:00Z`); t <= last; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10)
    out.push({ date: d, value: byDay.get(d) ?? 0 })
  }
  return out
}

export function dailyActuals(db: Db, metric: DriftMetric): { date: string; value: number }[] {
  return metric === 'cost' ? dailyCost(db, 'BilledCost') : dailyAcceleratorHours(db)
}

/** Stores the plan's forecast bands; the same forecast (and growth) the plan's totals came from. */
export function recordPlanForecast(db: Db, planId: string, growthPctPerMonth: number, horizonDays: number): void {
  const insert = db.prepare('INSERT OR REPLACE INTO plan_forecast (plan_id, metric, date, mean, lo95, hi95) VALUES (?, ?, ?, ?, ?, ?)')
  for (const metric of ['cost', 'accelerator-hours'] as const) {
    const history = dailyActuals(db, metric)
    if (history.length === 0) continue
    const fc = dailyCostForecast(history, horizonDays)
    fc.forecast.forEach((p, i) => {
      const f = Math.pow(1 + growthPctPerMonth / 100, (i + 1) / 30)
      insert.run(planId, metric, p.date, p.mean * f, p.lo95 * f, p.hi95 * f)
    })
  }
}
