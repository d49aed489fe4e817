/**
 * `fleetplan forecast`: forecasts every series of a CSV file with the same engine the app uses, on the worker
 * pool (both cores), without a workspace. Output: one row per series and step, `id,step,mean,lo80,hi80,...`.
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ApiError, describeError } from '../../shared/errors'
import { CANDIDATES, type CandidateName } from '../forecast/engine'
import { readSeriesCsv } from '../forecast/csv-input'
import { parseFlags, stringFlags } from './args'
import { runForecasts } from '../forecast/orchestrate'
import { createWorkerPool } from '../worker/pool'
import { DEFAULT_SPEED } from '../forecast/presets'
import { FORECAST_SPEEDS, type ForecastSpeed } from '../../shared/forecast-types'

export const FORECAST_USAGE = `  fleetplan forecast --csv FILE --horizon H --season M[,M2] [--levels 80,95] --out OUT.csv [--origins K] [--speed fast|balanced|best] [--models a,b] [--json]`

class ForecastUsage extends Error {}

const fmt = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '')

function ints(text: string | undefined, what: string, min: number, max: number): number[] {
  if (!text) return []
  return text.split(',').map((t) => {
    const v = Number(t.trim())
    if (!Number.isInteger(v) || v < min || v > max) throw new ForecastUsage(`${what}: "${t}" must be an integer from ${min} to ${max}`)
    return v
  })
}

export async function forecastCommand(argv: string[]): Promise<number> {
  let json = false
  try {
    const values = parseFlags(
      argv,
      {
        ...stringFlags('csv', 'horizon', 'season', 'levels', 'out', 'origins', 'models', 'speed'),
        json: { type: 'boolean', default: false },
      },
      ForecastUsage,
    )
    json = values.json
    if (!values.csv || !values.horizon || !values.out) throw new ForecastUsage('--csv, --horizon and --out are required')
    const [h] = ints(values.horizon, '--horizon', 1, 10_000)
    const seasons = values.season ? ints(values.season, '--season', 1, 100_000) : [1]
    const levels = values.levels ? ints(values.levels, '--levels', 1, 99) : [80, 95]
    const origins = values.origins ? (ints(values.origins, '--origins', 0, 10)[0] as number) : 4
    const models = values.models ? values.models.split(',').map((m) => m.trim()) : undefined
    for (const m of models ?? []) if (!(CANDIDATES as readonly string[]).includes(m)) throw new ForecastUsage(`--models: unknown model "${m}" (known: ${CANDIDATES.join(', ')})`)
    const speed = (values.speed ?? DEFAULT_SPEED) as ForecastSpeed
    if (!(FORECAST_SPEEDS as readonly string[]).includes(speed)) throw new ForecastUsage(`--speed: unknown preset "${values.speed}" (known: ${FORECAST_SPEEDS.join(', ')})`)
    const { layout, series } = readSeriesCsv(resolve(values.csv))
    process.stderr.write(`Read ${series.length} series (${layout} layout) from ${values.csv}\n`)
    const pool = createWorkerPool(2)
    const t0 = Date.now()
    let lastPct = -1
    try {
      const { results, global } = await runForecasts(
        pool,
        series.map((s) => ({ id: s.id, y: s.values, seasons })),
        {
          h: h as number,
          levels,
          origins,
          speed,
          ...(models ? { models: models as CandidateName[] } : {}),
          onProgress: (step, current, total) => {
            const pct = total ? Math.floor((100 * current) / total) : 0
            if (pct !== lastPct || step.startsWith('Training')) {
              lastPct = pct
              process.stderr.write(`${step.startsWith('Training') ? step : 'Forecasting'} ${current}/${total} (${pct}%)\n`)
            }
          },
        },
      )
      const head = ['id', 'step', 'mean', ...levels.flatMap((l) => [`lo${l}`, `hi${l}`])]
      const rows: string[] = [head.join(',')]
      for (const r of results) {
        const csvId = /[",\n]/.test(r.id) ? `"${r.id.replace(/"/g, '""')}"` : r.id
        for (let k = 0; k < (h as number); k++) {
          const cells = [csvId, String(k + 1), fmt(r.mean[k] as number)]
          for (const l of levels) {
            const iv = r.intervals.find((x) => x.level === l)
            cells.push(fmt(iv?.lo[k] as number), fmt(iv?.hi[k] as number))
          }
          rows.push(cells.join(','))
        }
      }
      writeFileSync(resolve(values.out), `${rows.join('\n')}\n`)
      const chosen: Record<string, number> = {}
      for (const r of results) chosen[r.model] = (chosen[r.model] ?? 0) + 1
      const summary = {
        series: results.length,
        layout,
        horizon: h,
        seasons,
        levels,
        speed,
        out: resolve(values.out),
        seconds: (Date.now() - t0) / 1000,
        globalModel: global ? { windows: global.windows, trainLoss: global.finalLoss } : null,
        chosenModels: chosen,
      }
      if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
      else process.stdout.write(`Wrote ${results.length * (h as number)} rows for ${results.length} series to ${values.out} in ${summary.seconds.toFixed(1)} s (speed ${speed}); models: ${Object.entries(chosen).map(([k, v]) => `${k} ${v}`).join(', ')}\n`)
      return 0
    } finally {
      await pool.close()
    }
  } catch (err) {
    if (err instanceof ForecastUsage) {
      process.stderr.write(`fleetplan forecast: ${err.message}\n\nUsage:\n${FORECAST_USAGE}\n`)
      return 2
    }
    const shape = err instanceof ApiError ? err.toShape() : null
    if (shape && json) process.stdout.write(`${JSON.stringify({ error: shape }, null, 2)}\n`)
    process.stderr.write(`fleetplan: ${shape ? describeError(shape) : (err as Error).message}\n`)
    return 1
  }
}
