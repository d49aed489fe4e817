/**
 * What a plan changes, measured for the approval rules: monthly cost against the current run rate, the
 * largest team quota shift and the committed capacity it adds. A baseline plan (spend carried forward) sets no
 * quotas and buys nothing; its cost delta is its forecast month against the run rate it was made from.
 */
import type { Plan } from '../../shared/types'
import type { Db } from '../db/open'

export interface PlanImpact {
  costDeltaUsdPerMonth: number
  costBasis: string
  maxQuotaShiftPct: number
  quotaBasis: string
  newCommitments: number
  commitmentBasis: string
}

const usd = (x: number): string => `$${x.toLocaleString('en-US', { maximumFractionDigits: 0 })}`

export function planImpact(_db: Db, plan: Plan): PlanImpact {
  const t = plan.totals
  const days = Math.max(1, plan.scenario.horizonDays)
  const forecastMonthly = (t.forecastCost / days) * 30
  const delta = forecastMonthly - t.monthlyRunRate
  return {
    costDeltaUsdPerMonth: Math.round(delta * 100) / 100,
    costBasis: `forecast ${usd(t.forecastCost)} over ${days} days = ${usd(forecastMonthly)} per 30 days, against the run rate of ${usd(t.monthlyRunRate)} per 30 days (growth ${plan.scenario.growthPctPerMonth} %/month)`,
    maxQuotaShiftPct: 0,
    quotaBasis: 'the plan sets no team quotas',
    newCommitments: 0,
    commitmentBasis: 'the plan buys or reserves no capacity (baseline: current spend carried forward)',
  }
}
