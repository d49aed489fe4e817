/**
 * Plan vs actual: each day of the plan's stored forecast that the workspace now has actuals for is compared
 * with the plan's 95 % band; drift is a run of at least N consecutive days outside it (N set by the user,
 * default 3). Days without actuals are not counted (and break a run).
 */
import { ApiError } from '../../shared/errors'
import type { DriftPoint, DriftSeries, PlanStatus } from '../../shared/policy-types'
import type { Db } from '../db/open'
import { dailyActuals, type DriftMetric } from './band'

export const DEFAULT_DRIFT_DAYS = 3

export function driftDays(db: Db): number {
  const v = db.prepare(`SELECT value_json FROM policy_setting WHERE key = 'drift-days'`).pluck().get() as string | undefined
  return v ? (JSON.parse(v) as number) : DEFAULT_DRIFT_DAYS
}

export function setDriftDays(db: Db, days: number, now: () => Date): number {
  db.prepare(
    `INSERT INTO policy_setting (key, value_json, updated_at) VALUES ('drift-days', ?, ?)
     ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  ).run(JSON.stringify(days), now().toISOString())
  return days
}

const LABELS: Record<DriftMetric, { label: string; unit: string }> = {
  cost: { label: 'Daily billed cost', unit: 'USD' },
  'accelerator-hours': { label: 'Daily accelerator-hours', unit: 'accelerator-hours' },
}

const dayMs = (d: string): number => Date.parse(`${d}T00:00:00Z`)

/** Marks days outside the band and finds runs of consecutive calendar days outside it. */
export function driftOf(points: DriftPoint[], n: number): Pick<DriftSeries, 'longestRun' | 'drifting' | 'firstDriftDate'> {
  let run = 0
  let longest = 0
  let prev: number | null = null
  let firstDrift: string | null = null
  for (const p of points) {
    const t = dayMs(p.date)
    const consecutive = prev !== null && t - prev === 86_400_000
    run = p.outside ? (consecutive ? run + 1 : 1) : 0
    prev = t
    longest = Math.max(longest, run)
    if (run === n && firstDrift === null) firstDrift = p.date
  }
  return { longestRun: longest, drifting: longest >= n, firstDriftDate: firstDrift }
}

export function planStatus(db: Db, planId: string, consecutiveDays?: number): PlanStatus {
  if (!db.prepare('SELECT 1 FROM plan WHERE id = ?').get(planId)) throw new ApiError({ code: 'not-found', message: `No plan with id ${planId}.` })
  const n = consecutiveDays ?? driftDays(db)
  const series: DriftSeries[] = []
  for (const metric of ['cost', 'accelerator-hours'] as const) {
    const band = db.prepare('SELECT date, mean, lo95, hi95 FROM plan_forecast WHERE plan_id = ? AND metric = ? ORDER BY date').all(planId, metric) as {
      date: string
      mean: number
      lo95: number
      hi95: number
    }[]
    if (band.length === 0) continue
    const actual = new Map(dailyActuals(db, metric).map((a) => [a.date, a.value]))
    const points: DriftPoint[] = []
    for (const b of band) {
      const v = actual.get(b.date)
      if (v === undefined) continue
      points.push({ date: b.date, actual: v, lo: b.lo95, hi: b.hi95, mean: b.mean, outside: v < b.lo95 || v > b.hi95 })
    }
    series.push({ metric, ...LABELS[metric], points, ...driftOf(points, n) })
  }
  const observed = Math.max(0, ...series.map((s) => s.points.length))
  const drifting = series.some((s) => s.drifting)
  const worst = series.filter((s) => s.drifting).map((s) => `${s.label.toLowerCase()} outside the 95 % band for ${s.longestRun} consecutive days (from ${s.firstDriftDate ?? '?'})`)
  const summary =
    series.length === 0
      ? 'This plan has no stored forecast band (made before plan-vs-actual existed): re-plan to track it.'
      : observed === 0
        ? 'No actuals imported yet for the days this plan forecast.'
        : drifting
          ? `Drift: ${worst.join('; ')}.`
          : `On track: ${observed} day${observed === 1 ? '' : 's'} of actuals, no run of ${n} consecutive days outside the 95 % band.`
  return { planId, consecutiveDays: n, level: 95, daysObserved: observed, series, drifting, summary }
}
