/**
 * What a plan changes, measured for the approval rules: monthly cost, the largest team quota shift and the
 * committed capacity it adds.
 * - A fleet plan is compared with the plan last approved for the same cluster (else with the workspace's current
 *   accelerator spend, and every quota and commitment counts as new).
 * - A baseline plan (spend carried forward) sets no quotas and buys nothing; its cost delta is its forecast
 *   month against the run rate it was made from.
 */
import type { Plan } from '../../shared/types'
import { listPlans } from '../plan/plans'
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
const round2 = (x: number): number => Math.round(x * 100) / 100

/** Purchase options that commit money whether the accelerators are used or not. */
const COMMITTED = new Set(['reserved-1y', 'reserved-3y', 'capacity-block', 'on-prem'])

function committedAccelerators(plan: Plan): number {
  return (plan.snapshot?.pools ?? []).reduce((a, p) => a + (COMMITTED.has(p.option) ? p.count : 0), 0)
}

function teamQuotas(plan: Plan): Map<string, number> {
  const m = new Map<string, number>()
  for (const q of plan.recommendations?.kueue.queues ?? []) m.set(q.team, (m.get(q.team) ?? 0) + q.quotas.reduce((a, e) => a + e.nominalQuota, 0))
  return m
}

/** The fleet plan last approved (or exported) for the same cluster before this one. */
function previousFleetPlan(db: Db, plan: Plan): Plan | null {
  return (
    listPlans(db)
      .filter((p) => p.id !== plan.id && p.kind === 'fleet' && p.cluster === plan.cluster && p.approval && p.approval.at <= (plan.approval?.at ?? '\uffff'))
      .sort((a, b) => ((a.approval?.at ?? '') < (b.approval?.at ?? '') ? 1 : -1))[0] ?? null
  )
}

/** A fleet plan against the plan approved before it for its cluster (null: none, everything counts as new). */
export function fleetImpact(plan: Plan, prev: Plan | null): PlanImpact {
  const monthly = plan.fleet?.monthlyUsd ?? 0
  const before = prev?.fleet?.monthlyUsd ?? plan.fleet?.currentAcceleratorMonthlyUsd ?? null
  const quotas = teamQuotas(plan)
  const prevQuotas = prev ? teamQuotas(prev) : new Map<string, number>()
  let worst = 0
  let worstTeam = ''
  for (const team of new Set([...quotas.keys(), ...prevQuotas.keys()])) {
    const a = prevQuotas.get(team) ?? 0
    const b = quotas.get(team) ?? 0
    const shift = a === b ? 0 : a === 0 ? 100 : (100 * Math.abs(b - a)) / a
    if (shift > worst) [worst, worstTeam] = [shift, team]
  }
  const committed = committedAccelerators(plan)
  const prevCommitted = prev ? committedAccelerators(prev) : 0
  const against = prev ? `plan ${prev.id} ("${prev.name}", approved ${prev.approval?.at.slice(0, 10) ?? '?'}) for cluster ${plan.cluster}` : null
  return {
    costDeltaUsdPerMonth: round2(monthly - (before ?? 0)),
    costBasis:
      before === null
        ? `the fleet costs ${usd(monthly)} per month (730 h) and the workspace has no accelerator spend to compare with: all of it counts as new`
        : `the fleet costs ${usd(monthly)} per month (730 h) against ${usd(before)} for ${against ?? 'the current accelerator spend (run rate)'}`,
    maxQuotaShiftPct: round2(worst),
    quotaBasis: against
      ? worst > 0
        ? `largest change of a team's total nominal quota against ${against}: ${worstTeam}`
        : `no team's nominal quota changes against ${against}`
      : quotas.size
        ? `no plan was approved for cluster ${plan.cluster} before: every team quota is new (${[...quotas.keys()].join(', ')})`
        : 'the plan sets no team quotas',
    newCommitments: Math.max(0, committed - prevCommitted),
    commitmentBasis: `${committed} accelerators on reserved, capacity-block or on-prem pools${against ? `, ${prevCommitted} in ${against}` : ' (none approved before for this cluster)'}`,
  }
}

export function planImpact(db: Db, plan: Plan): PlanImpact {
  if (plan.kind === 'fleet') return fleetImpact(plan, previousFleetPlan(db, plan))
  const t = plan.totals
  const scenario = plan.scenario
  if (!t || !scenario) {
    return {
      costDeltaUsdPerMonth: 0,
      costBasis: 'the plan carries no spend figures (the workspace had no billing data)',
      maxQuotaShiftPct: 0,
      quotaBasis: 'the plan sets no team quotas',
      newCommitments: 0,
      commitmentBasis: 'the plan buys or reserves no capacity (baseline: current spend carried forward)',
    }
  }
  const days = Math.max(1, scenario.horizonDays)
  // The month the plan starts with: the forecast's first 30 days (plans made before it was carried: the
  // horizon's average month).
  const first = t.forecastFirstMonth
  const forecastMonthly = first ?? (t.forecastCost / days) * 30
  return {
    costDeltaUsdPerMonth: round2(forecastMonthly - t.monthlyRunRate),
    costBasis: `${first !== undefined ? `forecast for the first 30 days ${usd(first)}` : `forecast ${usd(t.forecastCost)} over ${days} days = ${usd(forecastMonthly)} per 30 days`}, against the run rate of ${usd(t.monthlyRunRate)} per 30 days (growth ${scenario.growthPctPerMonth} %/month)`,
    maxQuotaShiftPct: 0,
    quotaBasis: 'the plan sets no team quotas',
    newCommitments: 0,
    commitmentBasis: 'the plan buys or reserves no capacity (baseline: current spend carried forward)',
  }
}
