/**
 * The whole backtest: split the history, forecast each type's test period from its training part (the
 * forecast engine on the worker pool), optimise and replay commitments per type (worker pool, both cores),
 * and add the types up. Only what was known at the split reaches the plan: the training hours, the catalog.
 */
import { BASELINE_NAMES, type BacktestBaseline, type BacktestResult, type BacktestTypeResult, type BaselineName, type ReplayOutcome, type TypePrices } from '../../shared/backtest-types'
import { ApiError } from '../../shared/errors'
import type { ForecastSpeed } from '../../shared/forecast-types'
import type { PurchaseOption } from '../../shared/scenario-types'
import { runForecasts } from '../forecast/orchestrate'
import type { forecastJobs } from '../forecast/worker-jobs'
import type { JobPool } from '../jobs/job-table'
import type { EvaluateTypeInput } from './evaluate'
import type { BacktestEvaluatePayload, backtestJobs } from './worker-jobs'
import { committedTotal } from './replay'

export const BASELINE_LABELS: Record<BaselineName, string> = {
  'all-on-demand': 'All on-demand',
  'commit-train-mean': 'Commit to the training mean',
  'commit-train-peak': 'Commit to the training peak',
  'cloud-recommendation': 'Cloud recommendation (best level for the last 30 days)',
}

/** Seasons of hourly demand: the day, and the week for MSTL / seasonal naive on the week when two fit. */
export const HOURLY_SEASONS = [24, 168]
export const MIN_TRAIN_HOURS = 48
export const MIN_TEST_HOURS = 24
export const FORECAST_LEVELS = [50, 80, 95]

export interface BacktestRequest {
  source: string
  types: string[]
  values: number[][]
  start: number | null
  split: number
  prices: TypePrices[]
  options: PurchaseOption[]
  speed: ForecastSpeed
  notes: string[]
}

export interface BacktestRunOptions {
  signal?: AbortSignal | undefined
  onProgress?: ((step: string, current: number, total: number) => void) | undefined
}

export function splitPoint(hours: number, split: number): { train: number; test: number } {
  const train = Math.round(hours * split)
  const test = hours - train
  if (train < MIN_TRAIN_HOURS || test < MIN_TEST_HOURS) {
    throw new ApiError({
      code: 'invalid-input',
      message: `A ${hours}-hour history split at ${split} leaves ${train} training and ${test} test hours; at least ${MIN_TRAIN_HOURS} and ${MIN_TEST_HOURS} are needed.`,
    })
  }
  return { train, test }
}

/** Totals over types, the baselines' included (a baseline missing for a type is left out of the total and named). */
export function aggregate(
  types: BacktestTypeResult[],
  notes: string[],
): Pick<BacktestResult, 'planCostUsd' | 'hindsightCostUsd' | 'regret' | 'unmetFraction' | 'hindsightUnmetFraction' | 'utilisation' | 'hindsightUtilisation' | 'coverage80' | 'coverage95' | 'demandHours' | 'baselines'> {
  const sum = (f: (t: BacktestTypeResult) => number) => types.reduce((s, t) => s + f(t), 0)
  const demandHours = sum((t) => t.demandHours)
  const planCostUsd = sum((t) => t.plan.costUsd)
  const hindsightCostUsd = sum((t) => t.hindsight.costUsd)
  const cov = (k: 'coverage80' | 'coverage95') => {
    const withIt = types.filter((t) => t[k] !== null)
    const hours = withIt.reduce((s, t) => s + t.testHours, 0)
    return hours > 0 ? withIt.reduce((s, t) => s + (t[k] as number) * t.testHours, 0) / hours : null
  }
  const baselines: BacktestBaseline[] = []
  for (const name of BASELINE_NAMES) {
    const per = types.map((t) => t.baselines.find((b) => b.name === name))
    if (per.some((b) => !b)) {
      notes.push(`Baseline "${BASELINE_LABELS[name]}" left out: ${types.filter((_, i) => !per[i]).map((t) => t.type).join(', ')} cannot be priced that way.`)
      continue
    }
    const costUsd = per.reduce((s, b) => s + b!.costUsd, 0)
    const unmet = per.reduce((s, b) => s + b!.unmetHours, 0)
    baselines.push({
      name,
      label: BASELINE_LABELS[name],
      costUsd,
      unmetFraction: demandHours > 0 ? unmet / demandHours : 0,
      committed: per.reduce((s, b) => s + committedTotal(b!.commitment), 0),
      utilisation: pooledUtilisation(types.map((t, i) => ({ outcome: per[i]!, hours: t.testHours }))),
    })
  }
  return {
    planCostUsd,
    hindsightCostUsd,
    regret: hindsightCostUsd > 0 ? planCostUsd / hindsightCostUsd - 1 : 0,
    unmetFraction: demandHours > 0 ? sum((t) => t.plan.unmetHours) / demandHours : 0,
    hindsightUnmetFraction: demandHours > 0 ? sum((t) => t.hindsight.unmetHours) / demandHours : 0,
    utilisation: pooledUtilisation(types.map((t) => ({ outcome: t.plan, hours: t.testHours }))),
    hindsightUtilisation: pooledUtilisation(types.map((t) => ({ outcome: t.hindsight, hours: t.testHours }))),
    coverage80: cov('coverage80'),
    coverage95: cov('coverage95'),
    demandHours,
    baselines,
  }
}

/** Utilisation over types: each type's busy committed hours (its utilisation × committed × hours) over all committed hours. */
export function pooledUtilisation(parts: { outcome: ReplayOutcome; hours: number }[]): number | null {
  let held = 0
  let busy = 0
  for (const { outcome, hours } of parts) {
    const h = committedTotal(outcome.commitment) * hours
    held += h
    busy += (outcome.utilisation ?? 0) * h
  }
  return held > 0 ? busy / held : null
}

export async function runBacktest(pool: JobPool<typeof forecastJobs & typeof backtestJobs>, req: BacktestRequest, o: BacktestRunOptions = {}): Promise<BacktestResult> {
  const t0 = Date.now()
  const hours = req.values[0]?.length ?? 0
  const { train, test } = splitPoint(hours, req.split)
  const priced = req.types.map((type) => req.prices.find((p) => p.type === type))
  const total = req.types.length
  o.onProgress?.(`Forecasting ${total} type${total === 1 ? '' : 's'} over ${test} hours`, 0, total)
  const { results } = await runForecasts(
    pool,
    req.types.map((type, i) => ({ id: type, y: (req.values[i] as number[]).slice(0, train), seasons: HOURLY_SEASONS })),
    {
      h: test,
      levels: FORECAST_LEVELS,
      speed: req.speed,
      signal: o.signal,
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    },
  )
  const items: EvaluateTypeInput[] = req.types.map((type, i) => {
    const f = results[i]!
    const prices = priced[i]
    if (!prices) throw new ApiError({ code: 'internal', message: `No prices for ${type}.` })
    return {
      prices,
      train: (req.values[i] as number[]).slice(0, train),
      test: (req.values[i] as number[]).slice(train),
      forecast: { mean: f.mean, intervals: f.intervals, model: f.model, detail: f.detail, note: f.note },
    }
  })
  // Two tasks, one per core; the heaviest types (most demand) spread round-robin.
  const order = items.map((_, i) => i).sort((a, b) => sumOf(items[b]!.test) - sumOf(items[a]!.test))
  const parts = Math.max(1, Math.min(2, items.length))
  const chunks = Array.from({ length: parts }, () => [] as number[])
  order.forEach((idx, k) => chunks[k % parts]!.push(idx))
  const done = new Array<number>(parts).fill(0)
  const typeResults = new Array<BacktestTypeResult>(items.length)
  o.onProgress?.('Optimising commitments', 0, total)
  await Promise.all(
    chunks.map(async (idx, ci) => {
      const payload: BacktestEvaluatePayload = { items: idx.map((i) => items[i]!) }
      const out = await pool.run('backtest-evaluate', payload, {
        ...(o.signal ? { signal: o.signal } : {}),
        onProgress: (p) => {
          done[ci] = p.current
          o.onProgress?.(p.step, done.reduce((a, b) => a + b, 0), total)
        },
      })
      out.forEach((r, k) => (typeResults[idx[k]!] = r))
    }),
  )
  // Notes about one type ("G2: no spot price …") are grouped over the types they apply to.
  const perType: { type: string; text: string }[] = []
  const general: string[] = []
  for (const n of req.notes) {
    const type = req.types.find((t) => n.startsWith(`${t}: `))
    if (type) perType.push({ type, text: n.slice(type.length + 2) })
    else general.push(n)
  }
  for (const r of typeResults) for (const text of r.forecast.note?.split('; ') ?? []) perType.push({ type: r.type, text: `forecast: ${text}` })
  const notes = [...general, ...groupNotes(perType)]
  return {
    source: req.source,
    historyStart: req.start,
    testStart: req.start === null ? null : req.start + train * 3_600_000,
    split: req.split,
    trainHours: train,
    testHours: test,
    speed: req.speed,
    options: req.options,
    ...aggregate(typeResults, notes),
    types: typeResults,
    notes,
    elapsedMs: Date.now() - t0,
  }
}

const sumOf = (a: readonly number[]) => a.reduce((s, v) => s + v, 0)

/** One line per distinct note, naming every type it applies to ("H100, H200: history too short …"). */
export function groupNotes(notes: { type: string; text: string }[]): string[] {
  const by = new Map<string, string[]>()
  for (const n of notes) by.set(n.text, [...(by.get(n.text) ?? []), n.type])
  return [...by].map(([text, types]) => `${types.join(', ')}: ${text}`)
}
