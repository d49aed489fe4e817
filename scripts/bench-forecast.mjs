#!/usr/bin/env node
// Forecast accuracy and speed on M4 Hourly (`npm run bench -- --forecast`, or `node scripts/bench-forecast.mjs`
// after `npm run build:fast`). Only the train file is used: each series' last 48 points are held out, the
// rest goes through the real CLI (`fleetplan forecast`, worker pool, both cores), and the held-out points are
// scored with sMAPE, MASE (m = 24, in-sample seasonal-naive scale) and OWA relative to Naive2 computed in the
// same run, plus 95 % interval coverage. Reference: Debian python3-statsmodels Holt-Winters per series.
// BENCH_M4_SERIES=N limits the run to the first N series (quick look); figures in docs use all 414.
// Each speed preset (`--speed fast|balanced|best`) is timed and scored, with its speedup over statsmodels;
// BENCH_FORECAST_SPEEDS=fast,balanced limits the presets run (default: all three).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const work = join(root, '.bench')
mkdirSync(work, { recursive: true })
const H = 48
const M = 24
const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`)
const dataDir = process.env.FLEETPLAN_DATA ?? join(root, '..', 'shared', 'data')
const src = join(dataDir, 'm4-hourly', 'Hourly-train.csv')
if (!existsSync(src)) {
  emit({ bench: 'm4-hourly', skipped: `${src} not found (set FLEETPLAN_DATA)` })
  process.exit(0)
}
const limit = Number(process.env.BENCH_M4_SERIES ?? Infinity)

// Split: train = all but the last 48 points, truth = the last 48.
const lines = readFileSync(src, 'utf8').trim().split(/\r?\n/)
const unq = (s) => s.replace(/^"|"$/g, '')
const train = new Map()
const truth = new Map()
const out = [lines[0]]
for (const line of lines.slice(1, 1 + Math.min(limit, lines.length - 1))) {
  const cells = line.split(',')
  const id = unq(cells[0])
  const y = cells.slice(1).filter((c) => c !== '').map((c) => Number(unq(c)))
  train.set(id, y.slice(0, -H))
  truth.set(id, y.slice(-H))
  out.push([id, ...y.slice(0, -H)].join(','))
}
const trainCsv = join(work, 'm4-hourly-train-minus48.csv')
writeFileSync(trainCsv, `${out.join('\n')}\n`)

function readForecasts(file) {
  const rows = readFileSync(file, 'utf8').trim().split(/\r?\n/)
  const head = rows[0].split(',')
  const col = (n) => head.indexOf(n)
  const f = new Map()
  for (const r of rows.slice(1)) {
    const c = r.split(',')
    const id = c[0]
    const e = f.get(id) ?? { mean: [], lo95: [], hi95: [] }
    e.mean.push(Number(c[col('mean')]))
    if (col('lo95') >= 0) {
      e.lo95.push(Number(c[col('lo95')]))
      e.hi95.push(Number(c[col('hi95')]))
    }
    f.set(id, e)
  }
  return f
}

function score(f) {
  let smape = 0
  let mase = 0
  let inside = 0
  let count = 0
  let n = 0
  for (const [id, y] of truth) {
    const e = f.get(id)
    if (!e) throw new Error(`no forecast for ${id}`)
    const tr = train.get(id)
    let scale = 0
    for (let t = M; t < tr.length; t++) scale += Math.abs(tr[t] - tr[t - M])
    scale /= tr.length - M
    let s = 0
    let a = 0
    for (let k = 0; k < H; k++) {
      s += (2 * Math.abs(y[k] - e.mean[k])) / (Math.abs(y[k]) + Math.abs(e.mean[k]))
      a += Math.abs(y[k] - e.mean[k])
      if (e.lo95.length) {
        count++
        if (y[k] >= e.lo95[k] && y[k] <= e.hi95[k]) inside++
      }
    }
    smape += (100 * s) / H
    mase += a / H / scale
    n++
  }
  return { smape: smape / n, mase: mase / n, coverage95: count ? inside / count : null }
}

function runCli(name, extra) {
  const file = join(work, `m4-${name}.csv`)
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [join(root, 'bin', 'fleetplan.js'), 'forecast', '--csv', trainCsv, '--horizon', String(H), '--season', '24,168', '--levels', '80,95', '--out', file, '--json', ...extra], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 26,
  })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`fleetplan forecast (${name}) failed: ${r.stdout}`)
  return { seconds, file, summary: JSON.parse(r.stdout) }
}

const results = {}
const naive2 = runCli('naive2', ['--models', 'naive2', '--origins', '0'])
results.naive2 = { ...score(readForecasts(naive2.file)), seconds: naive2.seconds }
const owa = (s) => 0.5 * (s.smape / results.naive2.smape + s.mase / results.naive2.mase)
const report = (name, r, extra = {}) => {
  results[name] = r
  emit({ bench: 'm4-hourly-holdout48', impl: name, series: truth.size, sMAPE: +r.smape.toFixed(3), MASE: +r.mase.toFixed(3), OWA: +owa(r).toFixed(3), coverage95: r.coverage95 === null ? null : +r.coverage95.toFixed(3), seconds: +r.seconds.toFixed(1), ...extra })
}
report('naive2', results.naive2)
const snaive = runCli('snaive', ['--models', 'snaive', '--origins', '0'])
report('snaive', { ...score(readForecasts(snaive.file)), seconds: snaive.seconds })
const mstlOnly = runCli('mstl', ['--models', 'mstl', '--origins', '0'])
report('fleetplan-mstl-only', { ...score(readForecasts(mstlOnly.file)), seconds: mstlOnly.seconds })
const SPEEDS = (process.env.BENCH_FORECAST_SPEEDS ?? 'fast,balanced,best').split(',').map((s) => s.trim()).filter(Boolean)
for (const speed of SPEEDS) {
  const r = runCli(`speed-${speed}`, ['--speed', speed])
  report(`fleetplan-${speed}`, { ...score(readForecasts(r.file)), seconds: r.seconds }, { speed, default: speed === 'balanced', chosen: r.summary.chosenModels })
}

// Reference: statsmodels Holt-Winters under Debian's python (apt-get install -y python3-statsmodels).
const py = '/usr/bin/python3'
const probe = spawnSync(py, ['-c', 'import statsmodels'], { encoding: 'utf8' })
if (probe.status === 0) {
  for (const config of ['seasonal', 'damped']) {
    const name = `statsmodels-hw-${config}`
    const file = join(work, `m4-${name}.csv`)
    const t0 = performance.now()
    const r = spawnSync(py, [join(root, 'scripts', 'bench-statsmodels-ets.py'), trainCsv, file, String(H), String(M), config], { encoding: 'utf8' })
    const seconds = (performance.now() - t0) / 1000
    if (r.status !== 0) {
      emit({ bench: 'm4-hourly-holdout48', impl: name, failed: r.stderr.slice(-500) })
      continue
    }
    const info = JSON.parse(r.stdout.trim().split('\n').at(-1))
    report(name, { ...score(readForecasts(file)), seconds }, { fitSeconds: info.seconds, failed: info.failed, version: info.version })
    const sm = results[name]
    for (const k of ['fleetplan-mstl-only', ...SPEEDS.map((s) => `fleetplan-${s}`)]) {
      const r = results[k]
      emit({ bench: 'm4-hourly-speed-vs-statsmodels', reference: name, impl: k, seconds: +r.seconds.toFixed(1), referenceSeconds: +sm.seconds.toFixed(1), speedup: +(sm.seconds / r.seconds).toFixed(2), MASE: +r.mase.toFixed(3), referenceMASE: +sm.mase.toFixed(3), maseRatio: +(r.mase / sm.mase).toFixed(3), meetsTarget: sm.seconds / r.seconds >= 10 && r.mase <= sm.mase })
    }
  }
} else emit({ bench: 'm4-hourly-holdout48', impl: 'statsmodels-holt-winters', skipped: 'apt-get install -y python3-statsmodels' })

// Anomaly detection: precision / recall on events injected into real series (FOCUS sample, Alibaba GPU trace).
const an = spawnSync(process.execPath, [join(root, 'out', 'main', 'bench.js'), '--anomaly-data', dataDir], { encoding: 'utf8' })
process.stdout.write(an.stdout ?? '')
if (an.status !== 0) emit({ bench: 'anomaly-injected', failed: (an.stderr ?? '').slice(-500) })
