/**
 * Benchmarks that need the real services (built as out/main/bench.js; driven by scripts/bench.mjs).
 * Prints one JSON line per figure.
 */
import { stringFlags } from '../cli/args'
import { benchScenarios } from './scenarios'
import { benchExplore } from './explore'
import { benchDemo } from './demo'
import { benchBacktest } from './backtest'
import { benchPolicyReplay } from './policy-replay'
import { anomalyBenchmark } from '../anomaly/evaluate'
import { rmSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { startBackend, type Backend } from '../backend'
import { openConnection } from '../db/open'
import { scanAfterImport } from '../anomaly/import-hook'
import type { FocusCsvImportPayload } from '../ingest/billing/worker-jobs'

const emit = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`)
}

/** The main event loop's delay while an import ran in a worker: what a user would feel as UI lag. */
function emitLoopDelay(bench: string, h: IntervalHistogram): void {
  emit({ bench, p50ms: +(h.percentile(50) / 1e6).toFixed(1), p99ms: +(h.percentile(99) / 1e6).toFixed(1), maxMs: +(h.max / 1e6).toFixed(1) })
}

/**
 * A fresh workspace and backend, and `work` timed on it: wall time, process CPU (all threads: the worker
 * does the import) and the main event loop's delay meanwhile (what a user would feel as UI lag).
 */
async function timedOnFreshWorkspace<T>(
  dir: string,
  file: string,
  work: (backend: Backend, wsPath: string) => Promise<T>,
): Promise<{ backend: Backend; wsPath: string; value: T; ms: number; cpuMs: number; loop: IntervalHistogram }> {
  const wsPath = join(dir, file)
  for (const f of [wsPath, `${wsPath}-wal`, `${wsPath}-shm`]) rmSync(f, { force: true })
  const backend = await startBackend({ workspacePath: wsPath, create: true, dataDir: dir })
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await work(backend, wsPath)
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  loop.disable()
  return { backend, wsPath, value, ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000), loop }
}

async function focusImport(csv: string, work: string, rows: number): Promise<void> {
  // The import itself: the worker job 'focus-csv-import' (parse, validate, insert, commit). The anomaly scan
  // the handler runs after it is timed on its own line below.
  const { backend, wsPath, value: outcome, ms, cpuMs, loop: h } = await timedOnFreshWorkspace(work, 'bench.sqlite', (b, wsPath) => {
    const payload: FocusCsvImportPayload = { workspacePath: wsPath, path: csv, fileName: basename(csv) }
    return b.ctx.pool.run('focus-csv-import', payload)
  })
  if (outcome.snapshot.rows !== rows) throw new Error(`imported ${outcome.snapshot.rows} rows, expected ${rows}`)
  // Large imports leave the WAL to be copied into the database after they commit (billing-writer.ts): how
  // long until that copy is done, from the import's end (not part of focus-import, like the anomaly scan).
  const c0 = performance.now()
  const conn = openConnection(wsPath)
  // The writer thread may be checkpointing right now (busy): wait until the whole WAL is in the database.
  for (;;) {
    const [r] = conn.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[]
    if (r && r.busy === 0 && r.log === r.checkpointed) break
    await new Promise((res) => setTimeout(res, 20))
  }
  conn.close()
  emit({ bench: 'focus-import-wal-checkpoint', rows, ms: Math.round(performance.now() - c0), note: 'copy of the WAL into the database after the import commits (in the background); not part of focus-import' })
  // Explore's aggregates: the billing-import handler refreshes them once the batch of files is in
  // (main/api/explore-refresh.ts), so a user waits for import + refresh. Timed here after the WAL copy, so
  // that its CPU figure is the refresh's own.
  const e0 = performance.now()
  const ecpu0 = process.cpuUsage()
  await backend.ctx.pool.run('explore-refresh', { workspacePath: wsPath })
  const ecpu = process.cpuUsage(ecpu0)
  const exploreMs = performance.now() - e0
  const exploreCpuMs = Math.round((ecpu.user + ecpu.system) / 1000)
  emit({ bench: 'focus-import-explore-aggregates', rows, ms: Math.round(exploreMs), cpuMs: exploreCpuMs, note: "Explore's aggregates refreshed after the import (the billing-import handler does it before answering); not part of focus-import, part of focus-import-with-aggregates" })
  const s0 = performance.now()
  await scanAfterImport(backend.ctx.pool, backend.events, wsPath, outcome.snapshot.id, new Date(), () => undefined)
  emit({ bench: 'focus-import-anomaly-scan', rows, ms: Math.round(performance.now() - s0), note: 'runs after each billing import (main/anomaly/import-hook.ts); not part of focus-import' })
  // Workload derivation (issue 11): a job of its own after the import batch, not in the import's transaction.
  const d0 = performance.now()
  const dc0 = process.cpuUsage()
  const derived = await backend.ctx.pool.run('workload-derive', { workspacePath: wsPath })
  const dc = process.cpuUsage(dc0)
  emit({
    bench: 'focus-import-workload-derive',
    rows,
    ms: Math.round(performance.now() - d0),
    cpuMs: Math.round((dc.user + dc.system) / 1000),
    workloads: derived.workloads,
    note: 'derives the snapshot\'s workloads after the import batch (main/api/workload-refresh.ts), in the background; not part of focus-import',
  })
  emit({
    bench: 'focus-import',
    impl: 'fleetplan',
    rows,
    mb: +(statSync(csv).size / 1e6).toFixed(1),
    ms: Math.round(ms),
    cpuMs,
    rowsPerSec: Math.round(rows / (ms / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })
  // What a user of the billing-import command waits for: the import, then Explore's aggregates.
  emit({
    bench: 'focus-import-with-aggregates',
    impl: 'fleetplan',
    rows,
    ms: Math.round(ms + exploreMs),
    cpuMs: cpuMs + exploreCpuMs,
    note: 'focus-import + focus-import-explore-aggregates (the anomaly scan, which the handler also runs, is on its own line)',
  })
  emitLoopDelay('main-event-loop-delay-during-import', h)
  await backend.close()
}

/** Telemetry: a query_range JSON file through the real job path (streaming parse, samples, 3 rollups). */
async function telemetryImport(file: string, work: string, samples: number): Promise<void> {
  const { backend, value: r, ms, cpuMs, loop: h } = await timedOnFreshWorkspace(work, 'bench-telemetry.sqlite', (b) =>
    b.dispatcher.run('telemetry-import', { files: [{ ref: file }] }),
  )
  if (!r.ok) throw new Error(r.error.message)
  const [o] = r.value as { summary: { samples: number; series: number } }[]
  if (o?.summary.samples !== samples) throw new Error(`imported ${o?.summary.samples} samples, expected ${samples}`)
  emit({
    bench: 'telemetry-import',
    impl: 'fleetplan',
    format: 'prometheus-json',
    samples,
    series: o.summary.series,
    mb: +(statSync(file).size / 1e6).toFixed(1),
    ms: Math.round(ms),
    cpuMs,
    samplesPerSec: Math.round(samples / (ms / 1000)),
    rollups: ['5m', '1h', '1d'],
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })
  emitLoopDelay('main-event-loop-delay-during-telemetry-import', h)
  await backend.close()
}

const { values } = parseArgs({
  options: {
    ...stringFlags('csv', 'work', 'rows', 'telemetry-json', 'samples'),
    scenarios: { type: 'boolean' },
    backtest: { type: 'boolean' },
    'anomaly-data': { type: 'string' },
    explore: { type: 'boolean' },
    demo: { type: 'boolean' },
    root: { type: 'string' },
    replay: { type: 'boolean' },
    workloads: { type: 'string' },
  },
})
if (values['anomaly-data']) {
  // Anomaly precision / recall on injected events (main/anomaly/evaluate.ts), for scripts/bench-forecast.mjs.
  for (const z of [3, 2.5]) {
    const r = anomalyBenchmark(values['anomaly-data'], 400, z)
    for (const [kind, e] of [['cost-spike', r.cost], ['gpu-utilisation-collapse', r.gpu]] as const) {
      process.stdout.write(`${JSON.stringify({ bench: 'anomaly-injected', kind, zMin: z, series: kind === 'cost-spike' ? r.costSeries : r.gpuSeries, ...e })}\n`)
    }
  }
} else if (values.explore) {
  // Explore query speed on 1M billing rows + 10M telemetry samples (main/bench/explore.ts): `npm run bench -- --explore`.
  if (!values.work || !values.root) throw new Error('usage: bench.js --explore --work DIR --root REPO')
  await benchExplore(values.work, values.root)
} else if (values.demo) {
  // The demo workspace's first launch, whole and step by step (main/bench/demo.ts): `npm run bench -- --demo`.
  if (!values.work) throw new Error('usage: bench.js --demo --work DIR')
  await benchDemo(values.work)
} else if (values.replay) {
  // Policy replay: WORKLOADS × five rules through the real job path (main/bench/policy-replay.ts).
  if (!values.work) throw new Error('usage: bench.js --replay --work DIR [--workloads N]')
  process.exitCode = await benchPolicyReplay(values.work, Number(values.workloads ?? 1_000_000))
} else if (values.backtest) {
  // Commitment backtests on real histories (main/bench/backtest.ts): `npm run bench -- --backtest`.
  if (!values.work) throw new Error('usage: bench.js --backtest --work DIR')
  await benchBacktest(process.cwd(), values.work)
} else if (values.scenarios) {
  // Scenario simulation + optimizer benches (main/bench/scenarios.ts): `npm run bench:scenarios`.
  if (!values.work) throw new Error('usage: bench.js --scenarios --work DIR')
  await benchScenarios(values.work)
} else if (values['telemetry-json']) {
  if (!values.work || !values.samples) throw new Error('usage: bench.js --telemetry-json FILE --work DIR --samples N')
  await telemetryImport(values['telemetry-json'], values.work, Number(values.samples))
} else {
  if (!values.csv || !values.work || !values.rows) throw new Error('usage: bench.js --csv FILE --work DIR --rows N')
  await focusImport(values.csv, values.work, Number(values.rows))
}
