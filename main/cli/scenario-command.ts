/**
 * `fleetplan scenario simulate|baseline|list`, `fleetplan optimize` and `fleetplan catalog` — thin mappings
 * onto the contract methods (scenario-simulate, scenario-baseline, scenario-list, optimize, pareto, catalog-get).
 */
import { stringFlags } from './args'
import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { ApiError } from '../../shared/errors'
import type { Catalog, OptimizeResult, ParetoResult, Scenario, ScenarioSummary, SimulationResult } from '../../shared/scenario-types'
import { amountText, moneyText } from '../../shared/money'

export const SCENARIO_USAGE = `  fleetplan scenario simulate --scenario FILE.json [--paths N] [--seed S] [--workers N] [--workspace W] [--json]
  fleetplan scenario simulate --id sc_… [--workspace W] [--json]
  fleetplan scenario baseline [--save] [--workspace W] [--json]
  fleetplan scenario list [--workspace W] [--json]
  fleetplan optimize --problem FILE.json [--pareto carbon|wait] [--points N] [--workspace W] [--json]
  fleetplan optimize --scenario-id sc_… [--percentile P] [--util U] [--floor F] [--budget USD/h] [--carbon-cap KG/h]
                     [--compare sc_…|none] [--pareto carbon|wait] [--workspace W] [--json]
  fleetplan catalog [--workspace W] [--json]`

export const SCENARIO_OPTIONS = {
  ...stringFlags('scenario', 'problem', 'id', 'paths', 'seed', 'workers', 'pareto', 'points'),
  save: { type: 'boolean' },
  ...stringFlags('scenario-id', 'percentile', 'util', 'floor', 'budget', 'carbon-cap', 'compare'),
} as const

export class ScenarioUsageError extends Error {}

/** Reads a JSON file; a syntax error names the file, line and column. */
export function readJsonFile(path: string): unknown {
  const file = resolve(path)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ApiError({ code: 'bad-file', message: `Cannot read ${path}: ${(err as Error).message}` })
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    const msg = (err as Error).message
    const pos = /position (\d+)/.exec(msg)
    let line: number | undefined
    if (pos) line = text.slice(0, Number(pos[1])).split('\n').length
    throw new ApiError({
      code: 'bad-file',
      message: `${basename(file)}${line ? `, line ${line}` : ''}: not valid JSON (${msg})`,
      problems: [{ file: basename(file), ...(line ? { line } : {}), message: msg }],
    })
  }
}

const num = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) throw new ScenarioUsageError(`${flag} must be a number`)
  return n
}

const fmt = (x: number, d = 1): string => amountText(x, d)

export function describeSimulation(r: SimulationResult): string {
  const k = r.kpis
  const ci = (s: { mean: number; ci95: [number, number] }, d = 1): string => `${fmt(s.mean, d)} (95 % CI ${fmt(s.ci95[0], d)} – ${fmt(s.ci95[1], d)})`
  return [
    `${r.scenarioName}: ${r.paths} paths × ${r.hours} h on ${r.workers} worker(s) in ${(r.elapsedMs / 1000).toFixed(1)} s (seed ${r.seed})`,
    `  cost            $${ci(k.costUsd, 0)}`,
    `  utilisation     ${ci({ mean: k.utilisation.mean * 100, ci95: [k.utilisation.ci95[0] * 100, k.utilisation.ci95[1] * 100] })} %`,
    `  queue wait p50  ${ci(k.waitP50Hours)} h, p95 ${ci(k.waitP95Hours)} h`,
    `  unmet demand    ${ci({ mean: k.unmetFraction.mean * 100, ci95: [k.unmetFraction.ci95[0] * 100, k.unmetFraction.ci95[1] * 100] }, 2)} %`,
    `  spot interruptions ${ci(k.spotInterruptions, 0)}`,
    `  carbon          ${ci(k.carbonTonnes)} tCO2e (grid range ${fmt(r.carbonRange.lo)} – ${fmt(r.carbonRange.hi)})`,
    `  fairness (Jain) ${ci(k.jain, 3)}, resource deserts ${ci(k.deserts, 2)}`,
    ...r.teams.map((t) => `    ${t.team}: ${fmt(t.servedShare.mean * 100)} % of demand met${t.desertProbability > 0 ? ` (below floor on ${fmt(t.desertProbability * 100, 0)} % of paths)` : ''}`),
  ].join('\n')
}

export function describeOptimization(r: OptimizeResult): string {
  return [
    `${r.name}: ${r.status}, ${moneyText(r.costUsdPerHour)}/h, ${fmt(r.carbonKgPerHour, 1)} kgCO2e/h, gap ≤ ${r.mipGap === null ? '?' : `${fmt(r.mipGap * 100, 2)} %`}, ${r.solveMs} ms`,
    ...r.fleet.map((f) => `  ${f.count} × ${f.accelerator} ${f.provider}/${f.region} ${f.option} @ ${moneyText(f.usdPerAccelHour, 'USD', 3)}/h`),
    `  unmet demand: ${fmt(r.unmet, 2)} H100-equivalents`,
    ...(r.decision ? [r.decision.summary.headline, r.decision.summary.against, ...r.decision.summary.points.map((x) => `  ${x}`)].map((line) => `  ${line}`) : []),
    ...r.binding.map((b) => `  why: ${b.sentence}`),
    `  ${r.proof}`,
    ...(r.greedy ? [`  ${r.greedy.sentence}`] : []),
  ].join('\n')
}

/** The optimize-problem input from `--scenario-id` and the settings flags. */
function problemRequest(values: Record<string, string | boolean | string[] | undefined>): Record<string, unknown> {
  const settings = {
    ...(values.percentile ? { demandPercentile: num(values.percentile as string, '--percentile') } : {}),
    ...(values.util ? { targetUtilisation: num(values.util as string, '--util') } : {}),
    ...(values.floor ? { fairnessFloor: num(values.floor as string, '--floor') } : {}),
    ...(values.budget ? { budgetUsdPerHour: num(values.budget as string, '--budget') } : {}),
    ...(values['carbon-cap'] ? { carbonCapKgPerHour: num(values['carbon-cap'] as string, '--carbon-cap') } : {}),
  }
  const compare = values.compare
  return { id: values['scenario-id'], settings, ...(typeof compare === 'string' ? { currentId: compare === 'none' ? null : compare } : {}) }
}

export async function scenarioCommand(
  cmd: string,
  sub: string | undefined,
  values: Record<string, string | boolean | string[] | undefined>,
  call: (name: never, input: unknown) => Promise<unknown>,
  out: (value: unknown, text: () => string) => void,
): Promise<number> {
  const run = call as (name: string, input: unknown) => Promise<unknown>
  if (cmd === 'catalog') {
    const c = (await run('catalog-get', {})) as Catalog
    out(c, () => c.accelerators.map((a) => `${a.id}\t${a.memoryGb} GB\tBF16 ${a.bf16DenseTflops ?? '—'}\tFP8 ${a.fp8DenseTflops ?? '—'}\t${a.tdpW} W`).join('\n'))
    return 0
  }
  if (cmd === 'optimize') {
    if (typeof values.problem !== 'string' && typeof values['scenario-id'] !== 'string') throw new ScenarioUsageError('optimize needs --problem FILE.json or --scenario-id sc_…')
    const problem = typeof values.problem === 'string' ? readJsonFile(values.problem) : await run('optimize-problem', problemRequest(values))
    if (typeof values.pareto === 'string') {
      if (values.pareto !== 'carbon' && values.pareto !== 'wait') throw new ScenarioUsageError('--pareto is carbon or wait')
      const r = (await run('pareto', { problem, axis: values.pareto, ...(values.points ? { points: num(values.points as string, '--points') } : {}) })) as ParetoResult
      out(r, () => r.points.map((p) => `${moneyText(p.costUsdPerHour)}/h\t${fmt(p.carbonKgPerHour)} kg/h\tp95 ${p.waitP95Hours === null ? '—' : fmt(p.waitP95Hours)} h\t${p.constraint}`).join('\n'))
      return 0
    }
    const r = (await run('optimize', { problem })) as OptimizeResult
    out(r, () => describeOptimization(r))
    return 0
  }
  // scenario …
  if (sub === 'simulate') {
    const opts = {
      ...(values.paths ? { paths: num(values.paths as string, '--paths') } : {}),
      ...(values.seed ? { seed: num(values.seed as string, '--seed') } : {}),
      ...(values.workers ? { workers: num(values.workers as string, '--workers') } : {}),
    }
    let input: Record<string, unknown>
    if (typeof values.scenario === 'string') input = { scenario: readJsonFile(values.scenario), ...opts }
    else if (typeof values.id === 'string') input = { id: values.id, ...opts }
    else throw new ScenarioUsageError('scenario simulate needs --scenario FILE.json or --id sc_…')
    const r = (await run('scenario-simulate', input)) as SimulationResult
    out(r, () => describeSimulation(r))
    return 0
  }
  if (sub === 'baseline') {
    const s = (await run('scenario-baseline', { save: values.save === true })) as Scenario
    out(s, () => `${s.name}${s.id ? ` (${s.id})` : ''}\n${s.fleet.map((f) => `  ${f.count} × ${f.accelerator} ${f.provider}/${f.region} ${f.option}`).join('\n')}`)
    return 0
  }
  if (sub === 'list') {
    const list = (await run('scenario-list', {})) as ScenarioSummary[]
    out(list, () => list.map((s) => `${s.id}\t${s.basis}\t${s.accelerators} accelerators\t${s.name}`).join('\n') || 'no scenarios')
    return 0
  }
  throw new ScenarioUsageError('scenario supports: simulate, baseline, list')
}
