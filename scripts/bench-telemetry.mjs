#!/usr/bin/env node
// Telemetry import benchmark (part of `npm run bench`; runs alone too after `npm run build:fast`):
// 10M samples as query_range JSON, generated reproducibly from the real Alibaba GPU duty-cycle series into
// .bench/ (never committed), imported through the real job path (streaming parse, samples, 5 m/1 h/1 d
// rollups, one transaction), against Debian's sqlite3 CLI `.import` of the same samples as plain CSV into an
// untyped table, in the same run. JSON lines out.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { generateTelemetryBench } from './gen-telemetry-bench.mjs'

export async function benchTelemetry({ root, work, emit, samples = Number(process.env.BENCH_TELEMETRY_SAMPLES ?? 10_000_000) }) {
  const source = resolve(root, '..', 'shared', 'data', 'alibaba-gpu-traces', 'v2026-genai', 'pod_gpu_duty_cycle_anon.csv')
  if (!existsSync(source)) {
    emit({ bench: 'telemetry-import', skipped: `real series not found at ${source}` })
    return 0
  }
  mkdirSync(work, { recursive: true })
  const json = join(work, `telemetry-${samples}.json`)
  const csv = join(work, `telemetry-${samples}.csv`)
  if (!existsSync(json) || !existsSync(csv)) {
    const t0 = performance.now()
    const g = await generateTelemetryBench(source, json, csv, samples)
    emit({ bench: 'telemetry-generate', samples: g.samples, series: g.series, jsonMb: +(statSync(json).size / 1e6).toFixed(1), csvMb: +(statSync(csv).size / 1e6).toFixed(1), ms: Math.round(performance.now() - t0) })
  }

  // The floor: sqlite3 CLI .import of the same samples (series,ts,value) into an untyped table.
  let cli = null
  if (spawnSync('sqlite3', ['-version']).status === 0) {
    const db = join(work, 'telemetry-cli.sqlite')
    rmSync(db, { force: true })
    const timed = existsSync('/usr/bin/time')
    const args = [db, '-cmd', '.mode csv', `.import ${csv} samples`]
    const t0 = performance.now()
    const r = timed ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'sqlite3', ...args], { encoding: 'utf8' }) : spawnSync('sqlite3', args, { encoding: 'utf8' })
    const ms = performance.now() - t0
    if (r.status === 0) {
      const [u, s, maxKb] = timed ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : []
      cli = { ms, cpuMs: timed ? Math.round((u + s) * 1000) : null }
      emit({ bench: 'telemetry-import', impl: 'sqlite3-cli', samples, mb: +(statSync(csv).size / 1e6).toFixed(1), ms: Math.round(ms), cpuMs: cli.cpuMs, samplesPerSec: Math.round(samples / (ms / 1000)), peakRssMb: maxKb ? Math.round(maxKb / 1024) : null })
    } else emit({ bench: 'telemetry-import', impl: 'sqlite3-cli', failed: r.stderr.slice(0, 300) })
    rmSync(db, { force: true })
  } else emit({ bench: 'telemetry-import', impl: 'sqlite3-cli', skipped: 'sqlite3 CLI not installed (apt-get install sqlite3)' })

  const fp = spawnSync(process.execPath, [join(root, 'out', 'main', 'bench.js'), '--telemetry-json', json, '--work', work, '--samples', String(samples)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  for (const line of fp.stdout.split('\n').filter(Boolean)) {
    process.stdout.write(`${line}\n`)
    const o = JSON.parse(line)
    if (o.bench === 'telemetry-import' && o.impl === 'fleetplan' && cli) {
      emit({
        bench: 'telemetry-import',
        impl: 'ratio-fleetplan-to-sqlite3-cli',
        wall: +(o.ms / cli.ms).toFixed(2),
        cpu: cli.cpuMs ? +(o.cpuMs / cli.cpuMs).toFixed(2) : null,
        target: 1.5,
      })
    }
  }
  for (const f of ['bench-telemetry.sqlite', 'bench-telemetry.sqlite-wal', 'bench-telemetry.sqlite-shm']) rmSync(join(work, f), { force: true })
  return fp.status ?? 1
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  const status = await benchTelemetry({ root, work: join(root, '.bench'), emit: (o) => process.stdout.write(`${JSON.stringify(o)}\n`) })
  process.exit(status)
}
