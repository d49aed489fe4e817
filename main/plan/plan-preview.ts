/**
 * What a baseline plan would carry, without creating it: the Scenarios page shows these figures while the
 * planner types a growth rate and a horizon, and `fleetplan plan preview` prints them. One definition with
 * plan-create: both go through baselineScenario() (main/plan/baseline-totals.ts), which also says what each
 * figure includes.
 */
import type { CostForecast, PlanPreview } from '../../shared/types'
import type { Db } from '../db/open'
import { baselineScenario } from './plans'

export function previewBaselinePlan(db: Db, growthPctPerMonth: number, horizonDays: number, forecast?: CostForecast): PlanPreview {
  return baselineScenario(db, growthPctPerMonth, horizonDays, forecast)
}
