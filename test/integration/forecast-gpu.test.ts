import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { emptyBackend, type TestBackend } from '../helpers/backend'

let t: TestBackend
beforeEach(async () => {
  t = await emptyBackend()
})
afterEach(async () => t.close())

const DAYS = 10
const T0 = Date.UTC(2026, 0, 5) / 1000
/** Hourly DCGM utilisation for two pools: 3 H100 (all days), 2 A100 (from day 2); H100 collapses on day 8, 10:00–15:00. */
function writeTelemetry(dir: string): string {
  const rows = ['ts,gpu,model,util']
  for (let h = 0; h < DAYS * 24; h++) {
    const ts = T0 + h * 3600
    for (let g = 0; g < 3; g++) {
      const collapsed = h >= 8 * 24 + 10 && h < 8 * 24 + 16
      rows.push(`${ts},H100-${g},H100,${collapsed ? 2 : 80 + ((h * 7 + g * 3) % 9)}`)
    }
    if (h >= 2 * 24) for (let g = 0; g < 2; g++) rows.push(`${ts},A100-${g},A100,${55 + ((h * 5 + g) % 7)}`)
  }
  const file = join(dir, 'dcgm.csv')
  writeFileSync(file, `${rows.join('\n')}\n`)
  return file
}

describe('GPU-hours forecasts and utilisation anomalies from telemetry', () => {
  it('counts GPU-hours per pool from the 1 h rollups, forecasts them, and flags the pool whose utilisation collapsed', async () => {
    const file = writeTelemetry(t.dir)
    await t.call('telemetry-import', {
      files: [{ ref: file }],
      format: 'csv',
      mapping: {
        timestamp: 'ts',
        timestampUnit: 's',
        values: [{ column: 'util', metric: 'DCGM_FI_DEV_GPU_UTIL' }],
        labels: [{ column: 'gpu', as: 'UUID' }, { column: 'model', as: 'modelName' }],
      },
    })
    const run = await t.call('forecast-run', { targets: ['gpu-hours-pool'], horizon: 7, models: ['snaive', 'theta'], origins: 2 })
    const h100 = run.series.find((s) => s.key === 'gpu-hours-pool:H100')
    const a100 = run.series.find((s) => s.key === 'gpu-hours-pool:A100')
    // By construction: 3 GPUs × 24 h every day; the A100 pool starts on day 2 with 2 GPUs.
    expect(h100?.history).toEqual(new Array<number>(DAYS).fill(72))
    expect(a100?.history).toEqual([0, 0, ...new Array<number>(DAYS - 2).fill(48)])
    expect(h100?.unit).toBe('GPU-hours')
    expect(h100?.mean).toEqual(new Array<number>(7).fill(72))

    await t.call('anomaly-scan', {})
    const gpu = await t.call('anomaly-list', { kind: 'gpu-utilisation' })
    expect(gpu.length).toBeGreaterThan(0)
    expect(gpu.every((a) => a.seriesKey === 'gpu-util:H100')).toBe(true)
    expect(gpu.map((a) => a.at)).toContain('2026-01-13T10:00Z')
    expect(gpu[0]?.explanation).toContain('GPUs stayed allocated')
  })
})
