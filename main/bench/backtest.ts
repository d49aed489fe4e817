/**
 * Backtest benchmarks (`npm run bench -- --backtest`; JSON lines). Data: ../shared/data (FLEETPLAN_DATA),
 * read-only; derived CSVs go to .bench/.
 * - backtest-cli: the real CLI (`fleetplan backtest … --json`) on the Alibaba openb trace and the DLRM trace —
 *   the README's tables;
 * - backtest-splits: the same histories split at 0.5 … 0.8 (in process, the same engine), totals over splits;
 * - backtest-m4: each M4 Hourly train series as a one-type history (a demand history unlike GPU clusters: the
 *   generalisation check), default options and cloud-only;
 * - backtest-speed: 6 types × 4,400 hours (whole days of the openb trace resampled with a seeded generator)
 *   through the CLI, wall clock (target < 30 s), per forecast speed preset.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { DEFAULT_BACKTEST_OPTIONS, type BacktestResult } from '../../shared/backtest-types'
import type { PurchaseOption } from '../../shared/scenario-types'
import { startBackend } from '../backend'
import { resolvePrices } from '../backtest/pricing'
import { runBacktest } from '../backtest/run'
import { getCatalog } from '../catalog/catalog'
import { DLRM_MAP, OPENB_MAP, dlrmDemand, openbDemand, resampleDays, writeDemandCsv } from './alibaba-demand'

const emit = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`)
}

export const PRICE_BOOK = { provider: 'aws', region: 'us-east-1' }
export const CLOUD_ONLY: PurchaseOption[] = ['reserved-1y', 'reserved-3y', 'on-demand']
const DEFAULTS: PurchaseOption[] = [...DEFAULT_BACKTEST_OPTIONS]

export function cliArgs(csv: string, map: Record<string, string>, extra: string[] = []): string[] {
  return ['backtest', '--demand', csv, '--split', '0.67', '--provider', PRICE_BOOK.provider, '--region', PRICE_BOOK.region, ...Object.entries(map).flatMap(([k, v]) => ['--map', `${k}=${v}`]), ...extra, '--json']
}

function runCli(root: string, args: string[]): { result: BacktestResult; wallMs: number } {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [join(root, 'bin', 'fleetplan.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
  const wallMs = performance.now() - t0
  if (r.status !== 0) throw new Error(`fleetplan ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return { result: JSON.parse(r.stdout) as BacktestResult, wallMs }
}

const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000)

function summary(r: BacktestResult): Record<string, unknown> {
  return {
    types: r.types.length,
    trainHours: r.trainHours,
    testHours: r.testHours,
    planCostUsd: Math.round(r.planCostUsd),
    hindsightCostUsd: Math.round(r.hindsightCostUsd),
    regret: r4(r.regret),
    unmetFraction: r4(r.unmetFraction),
    utilisation: r4(r.utilisation),
    coverage80: r4(r.coverage80),
    coverage95: r4(r.coverage95),
    baselines: Object.fromEntries(r.baselines.map((b) => [b.name, { costUsd: Math.round(b.costUsd), vsHindsight: r4(b.costUsd / r.hindsightCostUsd - 1), utilisation: r4(b.utilisation) }])),
    beatsEveryBaseline: r.baselines.every((b) => r.planCostUsd < b.costUsd),
    perType: Object.fromEntries(r.types.map((t) => [t.type, { plan: t.plan.commitment, hindsight: t.hindsight.commitment, regret: r4(t.regret), model: t.forecast.model }])),
    seconds: Math.round(r.elapsedMs / 100) / 10,
  }
}

export async function benchBacktest(root: string, work: string): Promise<void> {
  const data = process.env.FLEETPLAN_DATA ?? join(root, '..', 'shared', 'data')
  if (!existsSync(join(data, 'alibaba-gpu-traces'))) {
    emit({ bench: 'backtest', skipped: `${data}/alibaba-gpu-traces not found (set FLEETPLAN_DATA)` })
    return
  }
  const openb = openbDemand(data)
  const dlrm = dlrmDemand(data)
  const openbCsv = join(work, 'alibaba-openb-demand.csv')
  const dlrmCsv = join(work, 'alibaba-dlrm-demand.csv')
  writeDemandCsv(openbCsv, openb)
  writeDemandCsv(dlrmCsv, dlrm)

  // The README's tables: the real CLI, default options, and cloud-only.
  for (const [name, csv, map] of [
    ['alibaba-openb', openbCsv, OPENB_MAP],
    ['alibaba-dlrm', dlrmCsv, DLRM_MAP],
  ] as const) {
    for (const options of [null, CLOUD_ONLY]) {
      const { result, wallMs } = runCli(root, cliArgs(csv, map, options ? ['--options', options.join(',')] : []))
      emit({ bench: 'backtest-cli', history: name, options: result.options.join(','), split: result.split, ...summary(result), wallSeconds: Math.round(wallMs / 100) / 10 })
    }
  }

  const wsPath = join(work, 'backtest-bench.sqlite')
  for (const f of [wsPath, `${wsPath}-wal`, `${wsPath}-shm`]) rmSync(f, { force: true })
  const backend = await startBackend({ workspacePath: wsPath, create: true, dataDir: work })
  try {
    const cat = getCatalog(backend.ctx.ws.db)
    const inProcess = async (source: string, t: { columns: string[]; values: ArrayLike<number>[] }, map: Record<string, string>, split: number, options: PurchaseOption[]) => {
      const { prices, notes } = resolvePrices(cat, { types: t.columns, map, ...PRICE_BOOK, options, file: source })
      return runBacktest(backend.ctx.pool, { source, types: t.columns, values: t.values.map((v) => Array.from(v)), start: null, split, prices, options, speed, notes })
    }
    const speed = (process.env.BENCH_BACKTEST_SPEED ?? 'balanced') as 'fast' | 'balanced' | 'best'

    // Robustness: the same histories split at other points.
    for (const [name, t, map] of [
      ['alibaba-openb', openb, OPENB_MAP],
      ['alibaba-dlrm', dlrm, DLRM_MAP],
    ] as const) {
      for (const options of [DEFAULTS, CLOUD_ONLY]) {
        const tot = { plan: 0, hind: 0, base: {} as Record<string, number>, wins: 0, n: 0 }
        for (const split of [0.5, 0.6, 0.67, 0.75, 0.8]) {
          const r = await inProcess(name, t, map, split, options)
          tot.plan += r.planCostUsd
          tot.hind += r.hindsightCostUsd
          tot.n++
          if (r.baselines.every((b) => r.planCostUsd < b.costUsd)) tot.wins++
          for (const b of r.baselines) tot.base[b.name] = (tot.base[b.name] ?? 0) + b.costUsd
          emit({ bench: 'backtest-split', history: name, options: options.join(','), split, regret: r4(r.regret), coverage95: r4(r.coverage95), baselinesVsHindsight: Object.fromEntries(r.baselines.map((b) => [b.name, r4(b.costUsd / r.hindsightCostUsd - 1)])) })
        }
        emit({
          bench: 'backtest-splits',
          history: name,
          options: options.join(','),
          splits: tot.n,
          regret: r4(tot.plan / tot.hind - 1),
          baselinesVsHindsight: Object.fromEntries(Object.entries(tot.base).map(([k, v]) => [k, r4(v / tot.hind - 1)])),
          splitsBeatingEveryBaseline: tot.wins,
        })
      }
    }

    // Generalisation: M4 Hourly train series, each a one-type history (scaled to a mean of 40 accelerators over its training part).
    const m4File = join(data, 'm4-hourly', 'Hourly-train.csv')
    const m4n = Number(process.env.BENCH_BACKTEST_M4 ?? 414)
    if (existsSync(m4File) && m4n > 0) {
      const lines = readFileSync(m4File, 'utf8').trim().split(/\r?\n/).slice(1, 1 + m4n)
      for (const options of [DEFAULTS, CLOUD_ONLY]) {
        const regrets: number[] = []
        const agg = { plan: 0, hind: 0, base: {} as Record<string, number>, beat: {} as Record<string, number>, inside95: 0, hours: 0 }
        const t0 = performance.now()
        for (const line of lines) {
          const cells = line.split(',').map((c) => c.replace(/"/g, ''))
          const y = cells.slice(1).filter((c) => c !== '').map(Number)
          const n = Math.round(y.length * 0.67)
          const mu = y.slice(0, n).reduce((a, b) => a + b, 0) / n
          const r = await inProcess(cells[0] as string, { columns: ['demand'], values: [y.map((v) => (v / mu) * 40)] }, { demand: 'H100' }, 0.67, options)
          regrets.push(r.regret)
          agg.plan += r.planCostUsd
          agg.hind += r.hindsightCostUsd
          for (const b of r.baselines) {
            agg.base[b.name] = (agg.base[b.name] ?? 0) + b.costUsd
            agg.beat[b.name] = (agg.beat[b.name] ?? 0) + (r.planCostUsd <= b.costUsd + 1e-9 ? 1 : 0)
          }
          agg.inside95 += (r.coverage95 ?? 0) * r.testHours
          agg.hours += r.testHours
        }
        regrets.sort((a, b) => a - b)
        const q = (p: number) => r4(regrets[Math.floor(p * (regrets.length - 1))] as number)
        emit({
          bench: 'backtest-m4',
          options: options.join(','),
          series: regrets.length,
          regretTotal: r4(agg.plan / agg.hind - 1),
          regretMedian: q(0.5),
          regretP90: q(0.9),
          shareRegretAtMost10pct: r4(regrets.filter((x) => x <= 0.1).length / regrets.length),
          baselinesVsHindsight: Object.fromEntries(Object.entries(agg.base).map(([k, v]) => [k, r4(v / agg.hind - 1)])),
          shareSeriesPlanNotDearer: Object.fromEntries(Object.entries(agg.beat).map(([k, v]) => [k, r4(v / regrets.length)])),
          coverage95: r4(agg.inside95 / agg.hours),
          seconds: Math.round((performance.now() - t0) / 100) / 10,
        })
      }
    }
  } finally {
    await backend.close()
  }

  // Speed: 6 types × 4,400 hours, through the CLI (wall clock, process start included) and in process (CPU time of
  // every thread: what a quiet 2-core machine needs is about CPU ÷ 2).
  const big = resampleDays(openb, 4400, 20260101)
  const bigCsv = join(work, 'backtest-6x4400.csv')
  writeDemandCsv(bigCsv, big)
  for (const speed of (process.env.BENCH_BACKTEST_SPEEDS ?? 'balanced,fast').split(',') as ('fast' | 'balanced' | 'best')[]) {
    const { result, wallMs } = runCli(root, cliArgs(bigCsv, OPENB_MAP, ['--speed', speed]))
    emit({ bench: 'backtest-speed-cli', types: result.types.length, hours: result.trainHours + result.testHours, speed, wallSeconds: Math.round(wallMs / 100) / 10, target: 30, loadAvg1m: +loadavg()[0]!.toFixed(2) })
    const speedWs = join(work, 'backtest-speed.sqlite')
    for (const f of [speedWs, `${speedWs}-wal`, `${speedWs}-shm`]) rmSync(f, { force: true })
    const b = await startBackend({ workspacePath: speedWs, create: true, dataDir: work })
    try {
      const { prices, notes } = resolvePrices(getCatalog(b.ctx.ws.db), { types: big.columns, map: OPENB_MAP, ...PRICE_BOOK, options: DEFAULTS, file: 'backtest-6x4400.csv' })
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      const r = await runBacktest(b.ctx.pool, { source: 'backtest-6x4400.csv', types: big.columns, values: big.values.map((v) => Array.from(v)), start: null, split: 0.67, prices, options: DEFAULTS, speed, notes })
      const wall = (performance.now() - t0) / 1000
      const cpu = process.cpuUsage(cpu0)
      const cpuSeconds = (cpu.user + cpu.system) / 1e6
      emit({
        bench: 'backtest-speed',
        types: r.types.length,
        hours: r.trainHours + r.testHours,
        speed,
        wallSeconds: +wall.toFixed(1),
        cpuSeconds: +cpuSeconds.toFixed(1),
        coresObtained: +(cpuSeconds / wall).toFixed(2),
        quiet2CoreEstimateSeconds: +(cpuSeconds / 2).toFixed(1),
        loadAvg1m: +loadavg()[0]!.toFixed(2),
        target: 30,
      })
    } finally {
      await b.close()
    }
  }
}
