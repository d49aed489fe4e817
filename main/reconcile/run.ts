/**
 * Reconcile the workspace's last full month of data: what was billed, what the baseline fleet costs when it
 * replays that month, and what the forecasts say — with every step between them priced and said in words.
 */
import { ApiError } from '../../shared/errors'
import type { ReconcileDifference, Reconciliation } from '../../shared/reconcile-types'
import type { Scenario, SimulationResult } from '../../shared/scenario-types'
import { getCatalog } from '../catalog/catalog'
import type { Db } from '../db/open'
import { dailyCostForecastOnPool } from '../forecast/daily-cost-forecast'
import type { forecastJobs } from '../forecast/worker-jobs'
import { workspaceCostForecast } from '../forecast/workspace-cost-forecast'
import type { JobContext } from '../jobs/job-runner'
import type { JobPool } from '../jobs/job-table'
import { billedUsage } from '../simulate/billed-usage'
import { simulateOnPool } from '../simulate/run-on-pool'
import { baselineFromBilling } from '../simulate/scenarios'
import type { simulateJobs } from '../simulate/worker-jobs'
import { billingVersion } from '../workspace/cost-day'
import { forecastHistory } from '../workspace/cost-queries'
import { reconcilePeriod } from './period'
import { TOLERANCE_PCT, billedByPool, explainForecast, explainNextMonth, explainSimulated, notInCatalog, observedScenario, warmupHours } from './reconcile'

type ReconcilePool = JobPool<typeof forecastJobs & typeof simulateJobs>

const DEFINITIONS: Reconciliation['definitions'] = {
  billedUsd: 'BilledCost of every billing line whose charge period starts in the period: accelerators and every other service.',
  billedAcceleratorUsd: 'BilledCost of the lines in the period that name an accelerator (GPU, TPU, …; from the instance type or SKU).',
  simulatedUsd:
    'The baseline fleet (Scenarios → Derive baseline: pools, counts, observed prices) simulated over the period with the billed accelerator-hours of each team replayed hour by hour; mean over the Monte Carlo paths.',
  forecastUsd: 'The cost forecast (the same model selection as the Forecast page and plans) made from the days before the period, summed over the period: the whole bill, not only accelerators.',
  nextMonth: 'The cost forecast the Forecast page and the plans use, summed over the 30 days after the data.',
}

const sum = (xs: readonly ReconcileDifference[]): number => xs.reduce((s, d) => s + d.usd, 0)

function baselineOrNull(db: Db): { scenario: Scenario | null; why: string | null } {
  try {
    return { scenario: baselineFromBilling(db, getCatalog(db)), why: null }
  } catch (err) {
    if (err instanceof ApiError && err.code === 'conflict') return { scenario: null, why: err.message }
    throw err
  }
}

/**
 * For the last full month of data: billed (all services and accelerators), the baseline fleet simulated over
 * that month with the month's billed demand, the forecast of that month from the history before it and the
 * forecast of the next 30 days, with the steps between them. Simulation and forecasts run on the worker pool.
 */
export async function reconcileWorkspace(ws: { db: Db; path: string }, pool: ReconcilePool, job: JobContext, opts: { paths: number; seed: number }): Promise<Reconciliation> {
  const db = ws.db
  job.progress('Reading the bill', 0, 3)
  const period = reconcilePeriod(db)
  if (!period) throw new ApiError({ code: 'conflict', message: 'The workspace has no billing data yet: import a billing file, then reconcile.' })
  const cat = getCatalog(db)
  const groups = billedUsage(db, { from: period.start, to: period.end })
  const totals = db
    .prepare(`SELECT COALESCE(SUM("BilledCost"), 0) AS all_, COALESCE(SUM(CASE WHEN accelerator_type IS NOT NULL THEN "BilledCost" END), 0) AS acc,
                     (SELECT "BillingCurrency" FROM billing_line GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1) AS cur
                FROM billing_line WHERE "ChargePeriodStart" >= ? AND "ChargePeriodStart" < ?`)
    .get(`${period.start}T00:00:00Z`, `${period.end}T00:00:00Z`) as { all_: number; acc: number; cur: string | null }
  const bill = billedByPool(groups, cat)

  // The baseline fleet replaying the period.
  job.progress('Simulating the baseline fleet over the period', 1, 3)
  const { scenario: baseline, why } = baselineOrNull(db)
  let simulatedUsd: number | null = null
  let sim: SimulationResult | null = null
  let simSteps: ReconcileDifference[] = []
  let pools: Reconciliation['simulation']['pools'] = []
  let note = why ?? ''
  if (baseline && groups.length > 0) {
    const warm = warmupHours(baseline, cat)
    const withWarmup = billedUsage(db, { from: new Date(Date.parse(`${period.start}T00:00:00Z`) - warm * 3_600_000).toISOString().slice(0, 10), to: period.end })
    const replay = observedScenario(baseline, withWarmup, period, cat, { ...opts, warmupHours: warm })
    sim = await simulateOnPool(pool, replay, cat, job)
    simulatedUsd = sim.kpis.costUsd.mean
    const explained = explainSimulated(replay, sim, bill)
    simSteps = explained.steps
    pools = explained.pools
    note = `${sim.paths} paths × ${sim.hours} h after a ${warm} h warm-up (so long jobs are running when the period starts, as they were in the bill), seed ${sim.seed}; demand = each team's billed accelerator-hours, hour by hour, in H100-equivalents.`
  } else if (groups.length === 0) {
    note = `No line in ${period.label} names an accelerator: there is nothing to simulate.`
  } else {
    // Accelerators billed, none of them in the catalog: no fleet, and the step says why.
    simulatedUsd = 0
    simSteps = notInCatalog(bill)
  }

  // The forecasts: of the period from the days before it, and of the next 30 days (what the plans use).
  job.progress('Forecasting', 2, 3)
  const { history } = forecastHistory(db, 'BilledCost')
  const before = history.filter((d) => d.date < period.start)
  const version = `${ws.path}|${billingVersion(db)}|before ${period.start}`
  const held = before.length >= 21 ? await dailyCostForecastOnPool(pool, before, period.days, { version, signal: job.signal }) : null
  const next = history.length > 0 ? await workspaceCostForecast(ws, pool, 30) : null
  const forecastUsd = held?.total ? held.total.mean : null

  const differences: ReconcileDifference[] = [
    ...simSteps,
    ...(forecastUsd !== null ? explainForecast(totals.all_, totals.acc, forecastUsd, period) : []),
    ...(next && next.total ? explainNextMonth(totals.all_, totals.acc, period, history, next) : []),
  ]
  const round = (x: number): number => Math.round(x * 100) / 100
  const unexplained = simulatedUsd === null ? 0 : simulatedUsd - totals.acc - sum(simSteps)
  job.progress('Done', 3, 3)
  return {
    period,
    currency: totals.cur ?? 'USD',
    billedUsd: round(totals.all_),
    billedAcceleratorUsd: round(totals.acc),
    simulatedUsd: simulatedUsd === null ? null : round(simulatedUsd),
    forecastUsd: forecastUsd === null ? null : round(forecastUsd),
    forecast: {
      model: held?.model ?? null,
      speed: held?.speed ?? null,
      lo80: held?.total ? round(held.total.lo80) : null,
      hi80: held?.total ? round(held.total.hi80) : null,
      lo95: held?.total ? round(held.total.lo95) : null,
      hi95: held?.total ? round(held.total.hi95) : null,
      note: held
        ? `Forecast made on ${period.start} from the ${before.length} days before it.`
        : `No forecast of ${period.label}: the forecast needs three weeks of history before ${period.start}, and the data has ${before.length} day${before.length === 1 ? '' : 's'}. The next 30 days are compared instead.`,
    },
    nextMonth:
      next && next.total
        ? (() => {
            const pts = next.forecast.slice(0, 30)
            const t = (k: 'mean' | 'lo80' | 'hi80' | 'lo95' | 'hi95'): number => round(pts.reduce((s, p) => s + p[k], 0))
            return { start: pts[0]!.date, end: pts.at(-1)!.date, days: pts.length, forecastUsd: t('mean'), lo80: t('lo80'), hi80: t('hi80'), lo95: t('lo95'), hi95: t('hi95'), model: next.model }
          })()
        : null,
    differences: differences.map((d) => ({ ...d, usd: round(d.usd) })),
    simulation: {
      paths: sim?.paths ?? 0,
      seed: sim?.seed ?? opts.seed,
      hours: sim?.hours ?? period.days * 24,
      ci95: sim ? [round(sim.kpis.costUsd.ci95[0]), round(sim.kpis.costUsd.ci95[1])] : null,
      unmetAccelHours: sim ? sim.kpis.unmetAccelHours.mean : 0,
      pools: pools.map((p) => ({ ...p, billedUsd: round(p.billedUsd), simulatedUsd: round(p.simulatedUsd) })),
      note,
    },
    tolerancePct: TOLERANCE_PCT,
    withinTolerance: simulatedUsd !== null && totals.acc > 0 && Math.abs(simulatedUsd - totals.acc) <= (TOLERANCE_PCT / 100) * totals.acc,
    unexplainedPct: totals.acc > 0 ? Math.round((Math.abs(unexplained) / totals.acc) * 10000) / 100 : 0,
    definitions: DEFINITIONS,
  }
}

