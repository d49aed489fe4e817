/**
 * `npm run bench -- --demo`: the demo workspace's first launch, on its own. Times the real thing (startBackend
 * on an empty data folder: every bundled file through the import jobs, anomaly scans, Explore aggregates), then
 * each step alone on a second fresh workspace, so a slow launch can be pinned on one step. One JSON line each.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { DEMO_FILES, DEMO_TELEMETRY_FILES, findResourcesDir, startBackend } from '../backend'

const emit = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`)
}

export async function benchDemo(work: string): Promise<void> {
  const resources = findResourcesDir()
  const runs = Number(process.env.BENCH_DEMO_RUNS ?? 3)
  const launches: number[] = []
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(work, 'demo-'))
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const backend = await startBackend({ dataDir })
    const ms = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    const info = backend.ctx.ws.db.prepare(`SELECT (SELECT count(*) FROM billing_line) AS lines, (SELECT count(*) FROM sample) AS samples`).get() as { lines: number; samples: number }
    await backend.close()
    rmSync(dataDir, { recursive: true, force: true })
    launches.push(ms)
    emit({ bench: 'demo-first-launch', run: i + 1, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), ...info, note: 'startBackend on an empty data folder: the demo workspace built and ready' })
  }
  const sorted = [...launches].sort((a, b) => a - b)
  emit({ bench: 'demo-first-launch-median', runs, ms: Math.round(sorted[Math.floor(runs / 2)] ?? 0) })

  // The same work, one step at a time, on a workspace of its own.
  const dir = mkdtempSync(join(work, 'demo-steps-'))
  const wsPath = join(dir, 'steps.sqlite')
  const backend = await startBackend({ workspacePath: wsPath, create: true, dataDir: dir })
  const pool = backend.ctx.pool
  const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    const v = await f()
    emit({ bench: 'demo-first-launch-step', step: name, ms: Math.round(performance.now() - t0) })
    return v
  }
  for (const f of DEMO_FILES) {
    const o = await step(`billing import ${f}`, () => pool.run('focus-csv-import', { workspacePath: wsPath, path: join(resources, 'demo', f), fileName: f }))
    await step(`anomaly scan ${f}`, () => pool.run('anomaly-scan', { workspacePath: wsPath, snapshotId: o.snapshot.id, nowMs: Date.now() }))
  }
  await step('Explore aggregates (billing only)', () => pool.run('explore-refresh', { workspacePath: wsPath }))
  for (const f of DEMO_TELEMETRY_FILES) {
    await step(`telemetry import ${f}`, () => pool.run('telemetry-import', { workspacePath: wsPath, path: join(resources, 'demo', f), fileName: f, nowMs: Date.now() }))
  }
  await step('Explore aggregates (with telemetry)', () => pool.run('explore-refresh', { workspacePath: wsPath }))
  // Not part of the launch: the workloads are derived in the background once it is done (or on first use).
  await step('workload derivation (background, after the launch)', () => pool.run('workload-derive', { workspacePath: wsPath }))
  await backend.close()
  rmSync(dir, { recursive: true, force: true })
}
