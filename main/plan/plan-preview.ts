/**
 * What a baseline plan would carry, without creating it: the Scenarios page shows these figures while the
 * planner types a growth rate and a horizon, and `fleetplan plan preview` prints them. One definition with
 * plan-create: both go through baselineScenario().
 */
import type { CostForecast, PlanPreview } from '../../shared/types'
import type { Db } from '../db/open'
import { baselineScenario } from './plans'

export function previewBaselinePlan(db: Db, growthPctPerMonth: number, horizonDays: number, forecast?: CostForecast): PlanPreview {
  const { scenario, totals } = baselineScenario(db, growthPctPerMonth, horizonDays, forecast)
  const runRateAtHorizon = Math.round(totals.monthlyRunRate * Math.pow(1 + growthPctPerMonth / 100, horizonDays / 30) * 100) / 100
  return { scenario, totals, runRateAtHorizon }
}
