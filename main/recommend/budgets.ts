/**
 * Budgets per team: the spend rate the team's demand band implies on the plan's flavors, at the flavors' prices.
 * Alerts fire on the 80 % band's upper bound (warning) and the 95 % band's (critical), so a team running
 * above what the plan forecast is noticed within hours, not at the end of the month.
 */
import type { BudgetRec, PlanSnapshot, RecommendSettings, TeamQueueRec } from '../../shared/plan-types'
import { fillQuery } from './autoscaling'
import { routeStream, type Band, type StreamBand } from './demand'
import type { Flavor } from './kueue'
import { fmt, usd } from './names'

const HOURS_PER_MONTH = 730

export function buildBudgets(
  snap: PlanSnapshot,
  flavors: Flavor[],
  bands: StreamBand[],
  queues: TeamQueueRec[],
  settings: RecommendSettings,
): BudgetRec[] {
  const priceOfPool = new Map(flavors.flatMap((f) => f.pools.map((p) => [p, f.usdPerAccelHour] as const)))
  const perTeam = new Map<string, Band>()
  for (const b of bands) {
    const r = routeStream(snap, b)
    // USD per hour of one H100-equivalent of this stream: Σ share × price ÷ throughput over its pools.
    let usdPerUnit = 0
    for (const [i, share] of r.shares) {
      const p = snap.pools[i]!
      const thr = p.throughput[b.workloadClass] ?? 0
      if (thr > 0) usdPerUnit += (share * (priceOfPool.get(p) ?? p.usdPerAccelHour)) / thr
    }
    const t = perTeam.get(b.team) ?? { lo95: 0, lo80: 0, p50: 0, hi80: 0, hi95: 0 }
    // Streams of a team move together (the forecast draws one level per team and path), so their quantiles add.
    for (const k of Object.keys(t) as (keyof Band)[]) t[k] += b.band[k] * usdPerUnit
    perTeam.set(b.team, t)
  }
  return queues.map((q): BudgetRec => {
    const t = perTeam.get(q.team) ?? { lo95: 0, lo80: 0, p50: 0, hi80: 0, hi95: 0 }
    const r2 = (x: number): number => Math.round(x * 100) / 100
    return {
      team: q.team,
      namespace: q.namespace,
      monthlyP50Usd: r2(t.p50 * HOURS_PER_MONTH),
      monthlyHi80Usd: r2(t.hi80 * HOURS_PER_MONTH),
      monthlyHi95Usd: r2(t.hi95 * HOURS_PER_MONTH),
      warningUsdPerHour: r2(t.hi80),
      criticalUsdPerHour: r2(t.hi95),
      spendRateExpr: fillQuery(settings.spendRateQuery, q.namespace, ''),
      reasoning: {
        text: `${q.team}'s demand band priced on the flavors its work runs on: ${usd(t.p50)}/h at the median, ${usd(t.hi80)}/h at the 90th percentile (upper end of the 80 % band: warning after 2 h above it) and ${usd(t.hi95)}/h at the 97.5th (upper end of the 95 % band: critical after 30 min).`,
        inputs: [
          { label: 'median spend per month', value: usd(t.p50 * HOURS_PER_MONTH, 0) },
          { label: '80 % / 95 % upper band per month', value: `${usd(t.hi80 * HOURS_PER_MONTH, 0)} / ${usd(t.hi95 * HOURS_PER_MONTH, 0)}` },
          { label: 'hours per month', value: fmt(HOURS_PER_MONTH, 0) },
        ],
        formula: 'threshold = Σ streams quantile(demand) × Σ pools share × price ÷ throughput',
      },
    }
  })
}
