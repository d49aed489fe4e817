/**
 * `fleetplan backtest`: the contract method `backtest-run` from the command line. With `--demand FILE.csv` it
 * needs no workspace (a throwaway one supplies the catalog; `--workspace W` uses W's catalog overrides);
 * without it, W's own accelerator-hours history is backtested.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BacktestResult, BacktestTypeResult } from '../../shared/backtest-types'
import { commitmentText, pricesText } from '../../shared/backtest-text'
import { ApiError, describeError } from '../../shared/errors'
import { parseFlags, stringFlags } from './args'
import { moneyText } from '../../shared/money'
import { FORECAST_SPEEDS } from '../../shared/forecast-types'
import { PURCHASE_OPTIONS } from '../../shared/scenario-types'
import { startBackend } from '../backend'

export const BACKTEST_USAGE = `  fleetplan backtest --demand FILE.csv [--split 0.67] [--map NAME=CATALOG_ID ...] [--provider P --region R]
                     [--options reserved-1y,reserved-3y,on-prem,on-demand,spot] [--speed fast|balanced|best] [--workspace W] [--json]
  fleetplan backtest --workspace W [...]   (the workspace's own accelerator-hours history)`

class BacktestUsage extends Error {}

const usd = (x: number): string => moneyText(x, 'USD', 0)
const pct = (x: number | null, d = 1): string => (x === null ? '—' : `${(x * 100).toFixed(d)} %`)
const signedPct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`

function parse(argv: string[]) {
  const values = parseFlags(
    argv,
    {
      ...stringFlags('demand', 'split'),
      map: { type: 'string', multiple: true },
      ...stringFlags('provider', 'region', 'options', 'speed'),
      workspace: { type: 'string', short: 'w' },
      json: { type: 'boolean', default: false },
    },
    BacktestUsage,
  )
  if (!values.demand && !values.workspace) throw new BacktestUsage('give --demand FILE.csv, or --workspace W to backtest its own history')
  const split = values.split === undefined ? undefined : Number(values.split)
  if (split !== undefined && !(split >= 0.1 && split <= 0.95)) throw new BacktestUsage(`--split: "${values.split}" must be a number from 0.1 to 0.95`)
  const map: Record<string, string> = {}
  for (const m of values.map ?? []) {
    const eq = m.lastIndexOf('=')
    if (eq <= 0 || eq === m.length - 1) throw new BacktestUsage(`--map "${m}": write NAME=CATALOG_ID, e.g. --map A800-SXM4-80GB=A100`)
    map[m.slice(0, eq)] = m.slice(eq + 1)
  }
  const options = values.options?.split(',').map((o) => o.trim())
  for (const o of options ?? []) if (!(PURCHASE_OPTIONS as readonly string[]).includes(o)) throw new BacktestUsage(`--options: unknown option "${o}" (known: ${PURCHASE_OPTIONS.join(', ')})`)
  if (values.speed && !(FORECAST_SPEEDS as readonly string[]).includes(values.speed)) throw new BacktestUsage(`--speed: unknown preset "${values.speed}" (known: ${FORECAST_SPEEDS.join(', ')})`)
  if (values.region && !values.provider) throw new BacktestUsage('--region needs --provider')
  return {
    workspace: values.workspace ? resolve(values.workspace) : null,
    json: values.json ?? false,
    input: {
      ...(values.demand ? { demand: { ref: resolve(values.demand) } } : {}),
      ...(split !== undefined ? { split } : {}),
      map,
      ...(values.provider ? { provider: values.provider } : {}),
      ...(values.region ? { region: values.region } : {}),
      ...(options ? { options } : {}),
      ...(values.speed ? { speed: values.speed } : {}),
    },
  }
}

/** `--json`: the result without the hourly chart series (the API's `backtest-run` has them). */
export function jsonSummary(r: BacktestResult): unknown {
  return { ...r, types: r.types.map(({ chart: _chart, ...t }) => t) }
}

function outcomeRow(label: string, o: { costUsd: number; unmetFraction: number; utilisation: number | null }, hindsight: number): string {
  const vs = hindsight > 0 ? signedPct(o.costUsd / hindsight - 1) : '—'
  return `  ${label.padEnd(58)} ${usd(o.costUsd).padStart(14)}  ${vs.padStart(12)}  ${pct(o.unmetFraction, 2).padStart(7)}  ${pct(o.utilisation).padStart(11)}`
}

function typeLine(t: BacktestTypeResult): string {
  return [
    `  ${t.type} (${t.accelerator}, ${t.prices.provider}/${t.prices.region})`,
    `plan ${commitmentText(t.plan.commitment)} ${usd(t.plan.costUsd)}`,
    `hindsight ${commitmentText(t.hindsight.commitment)} ${usd(t.hindsight.costUsd)}`,
    `regret ${t.regret === null ? '—' : signedPct(t.regret)}`,
    `utilisation ${pct(t.plan.utilisation)}`,
    `coverage 80/95 ${pct(t.coverage80, 0)}/${pct(t.coverage95, 0)}`,
    `forecast ${t.forecast.model}${t.fractile ? `, ${t.fractile.option} worth it above P(hour > level) = ${t.fractile.ratio.toFixed(2)}` : ''}`,
  ].join('; ') + `\n    per accelerator-hour: ${pricesText(t.prices)}`
}

export function describeBacktest(r: BacktestResult): string {
  const lines = [
    `Backtest of ${r.source}: ${r.types.length} type${r.types.length === 1 ? '' : 's'}, ${r.trainHours + r.testHours} hours split at ${r.split} → plan on ${r.trainHours} h, replay ${r.testHours} h (options ${r.options.join(', ')}; forecast ${r.speed}; ${(r.elapsedMs / 1000).toFixed(1)} s)`,
    `  ${''.padEnd(58)} ${'realised cost'.padStart(14)}  ${'vs hindsight'.padStart(12)}  ${'unmet'.padStart(7)}  ${'utilisation'.padStart(11)}`,
    outcomeRow('Plan (forecast → optimizer)', { costUsd: r.planCostUsd, unmetFraction: r.unmetFraction, utilisation: r.utilisation }, r.hindsightCostUsd),
    outcomeRow('Hindsight-optimal commitment', { costUsd: r.hindsightCostUsd, unmetFraction: r.hindsightUnmetFraction, utilisation: r.hindsightUtilisation }, r.hindsightCostUsd),
    ...r.baselines.map((b) => outcomeRow(b.label, b, r.hindsightCostUsd)),
    `  regret ${signedPct(r.regret)} of hindsight cost; unmet ${pct(r.unmetFraction, 2)} of ${Math.round(r.demandHours).toLocaleString('en-US')} accelerator-hours; forecast coverage on the test period 80 % → ${pct(r.coverage80)}, 95 % → ${pct(r.coverage95)}`,
    'Per type:',
    ...r.types.map(typeLine),
    ...r.notes.map((n) => `note: ${n}`),
  ]
  return lines.join('\n')
}

export async function backtestCommand(argv: string[]): Promise<number> {
  let args
  try {
    args = parse(argv)
  } catch (err) {
    process.stderr.write(`fleetplan backtest: ${(err as Error).message}\n\nUsage:\n${BACKTEST_USAGE}\n`)
    return 2
  }
  if (args.workspace && !existsSync(args.workspace)) {
    process.stderr.write(`fleetplan: no workspace at ${args.workspace}\n`)
    return 1
  }
  // Without a workspace, a throwaway one supplies the default catalog.
  const scratch = args.workspace ? null : mkdtempSync(join(tmpdir(), 'fleetplan-backtest-'))
  const backend = await startBackend({ workspacePath: args.workspace ?? join(scratch as string, 'backtest.sqlite'), create: !args.workspace })
  try {
    backend.events.subscribe((e) => {
      if (e.type === 'job-progress') process.stderr.write(`${e.step}${e.total > 0 ? ` ${e.current}/${e.total}` : ''}\n`)
    })
    const reply = await backend.dispatcher.run('backtest-run', args.input)
    if (!reply.ok) throw new ApiError(reply.error)
    const r = reply.value as BacktestResult
    process.stdout.write(args.json ? `${JSON.stringify(jsonSummary(r), null, 2)}\n` : `${describeBacktest(r)}\n`)
    return 0
  } catch (err) {
    const shape = err instanceof ApiError ? err.toShape() : null
    if (shape && args.json) process.stdout.write(`${JSON.stringify({ error: shape }, null, 2)}\n`)
    process.stderr.write(`fleetplan: ${shape ? describeError(shape) : (err as Error).message}\n`)
    return shape?.code === 'invalid-input' ? 2 : 1
  } finally {
    await backend.close()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
}
