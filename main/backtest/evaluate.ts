/**
 * One type's backtest once its forecast is known: the plan (commitments optimised against the forecast's
 * distribution of the test hours), the hindsight-optimal commitment (the same optimizer on the actual test
 * hours), the FinOps baselines, each replayed hour by hour against the actual demand.
 */
import type { BacktestTypeResult, BaselineName, Commitment, CommittedOption, ReplayOutcome, TypePrices } from '../../shared/backtest-types'
import { optimizeCommitment } from './commitment-optimizer'
import { coverage, planAtoms, pooledExceedance, type ForecastBands } from './forecast-distribution'
import { mase, maseScale } from '../forecast/engine'
import { atomsOf, committedTotal, costModel, hourlyUnmet, replay, type CostModel } from './replay'

/** The cloud providers' recommendation looks back this many hours (AWS Cost Explorer's 30-day lookback). */
export const LOOKBACK_HOURS = 30 * 24

export interface TypeForecast extends ForecastBands {
  model: string
  detail: string
  note: string | null
}

export interface EvaluateTypeInput {
  prices: TypePrices
  train: number[]
  test: number[]
  forecast: TypeForecast
}

/** The committed option a FinOps team would buy for a fixed level: the cheapest per fully used hour. */
export function cheapestCommitted(p: TypePrices): CommittedOption | null {
  const best = [...p.committed].sort((a, b) => a.fixedUsdPerHour + a.busyUsdPerHour - (b.fixedUsdPerHour + b.busyUsdPerHour))[0]
  return best?.option ?? null
}

const level = (p: TypePrices, n: number): Commitment => {
  const o = cheapestCommitted(p)
  return o && n > 0 ? { [o]: n } : {}
}

/** All on-demand: no commitment, every hour on on-demand (spot left out: that is what the name promises). */
function allOnDemand(p: TypePrices): TypePrices | null {
  return p.onDemand ? { ...p, committed: [], spot: null } : null
}

export async function baselineCommitments(m: CostModel, train: readonly number[]): Promise<Record<Exclude<BaselineName, 'all-on-demand'>, Commitment>> {
  const p = m.prices
  const mean = train.length ? train.reduce((a, b) => a + b, 0) / train.length : 0
  const peak = train.reduce((a, b) => Math.max(a, b), 0)
  const lookback = train.slice(Math.max(0, train.length - LOOKBACK_HOURS))
  const rec = await optimizeCommitment(m, atomsOf(lookback))
  return {
    'commit-train-mean': level(p, Math.round(mean)),
    'commit-train-peak': level(p, Math.ceil(peak - 1e-9)),
    'cloud-recommendation': rec.commitment,
  }
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null)

export async function evaluateType(input: EvaluateTypeInput): Promise<BacktestTypeResult> {
  const { prices, train, test, forecast } = input
  const m = costModel(prices)
  const atoms = planAtoms(forecast, train)
  const plan = await optimizeCommitment(m, atoms)
  const hind = await optimizeCommitment(m, atomsOf(test))
  const planOutcome = replay(m, test, plan.commitment)
  const hindOutcome = replay(m, test, hind.commitment)
  const base = await baselineCommitments(m, train)
  const baselines: (ReplayOutcome & { name: BaselineName })[] = []
  const od = allOnDemand(prices)
  if (od) baselines.push({ name: 'all-on-demand', ...replay(costModel(od), test, {}) })
  for (const [name, c] of Object.entries(base) as [Exclude<BaselineName, 'all-on-demand'>, Commitment][]) baselines.push({ name, ...replay(m, test, c) })

  // Newsvendor view: for the cheapest commitment, the share of hours worth committing for, and where the plan sits.
  const cheapest = cheapestCommitted(prices)
  let fractile: BacktestTypeResult['fractile'] = null
  const elastic = m.elastic[0]?.usd
  if (cheapest && elastic) {
    const c = prices.committed.find((x) => x.option === cheapest)!
    const ratio = c.fixedUsdPerHour / (elastic - c.busyUsdPerHour)
    const total = Object.values(plan.commitment).reduce((a, b) => a + (b ?? 0), 0)
    fractile = { option: cheapest, ratio, level: 1 - pooledExceedance(atoms, total - 1e-9) }
  }
  const cov = (l: number) => {
    const c = coverage(forecast, test, l)
    return c && c.total > 0 ? c.inside / c.total : null
  }
  const iv95 = forecast.intervals.find((x) => x.level === 95)
  const demandHours = test.reduce((a, b) => a + Math.max(0, b), 0)
  return {
    type: prices.type,
    accelerator: prices.accelerator,
    prices,
    trainHours: train.length,
    testHours: test.length,
    demandHours,
    forecast: { model: forecast.model, detail: forecast.detail, mase: test.length ? finiteOrNull(mase(test, forecast.mean, maseScale(train, 24))) : null, note: forecast.note },
    fractile,
    plan: planOutcome,
    hindsight: hindOutcome,
    baselines,
    regret: hindOutcome.costUsd > 0 ? planOutcome.costUsd / hindOutcome.costUsd - 1 : null,
    coverage80: cov(80),
    coverage95: cov(95),
    chart: {
      demand: [...test],
      mean: [...forecast.mean],
      lo95: iv95 ? [...iv95.lo] : [],
      hi95: iv95 ? [...iv95.hi] : [],
      unmet: hourlyUnmet(m, test, plan.commitment),
      planCommitted: committedTotal(plan.commitment),
      hindsightCommitted: committedTotal(hind.commitment),
    },
  }
}
