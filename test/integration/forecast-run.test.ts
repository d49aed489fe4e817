import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobFailedEvent } from '../../shared/contract'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { pythonColumnSum } from '../helpers/python-csv'
import { REPO_ROOT } from '../helpers/tmp'

const DEMO = join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')
const SPIKE_DAY = '2024-09-25'
const SPIKE_SKU = 'a3-highgpu-8g'
const COPIES = 8

/** The demo month with one SKU's lines on one day repeated: a known spike with a known driver. */
function spikedDemo(dir: string): string {
  const lines = readFileSync(DEMO, 'utf8').split('\n').filter(Boolean)
  const extra = lines.filter((l) => l.includes(`"${SPIKE_DAY} `) && l.includes(`"${SPIKE_SKU}"`))
  if (extra.length === 0) throw new Error('spike rows not found in the demo file')
  const file = join(dir, 'spiked.focus.csv')
  const copies = Array.from({ length: COPIES }, () => extra).flat()
  writeFileSync(file, `${[...lines, ...copies].join('\n')}\n`)
  return file
}

let t: TestBackend
let file: string
beforeEach(async () => {
  t = await emptyBackend()
  file = spikedDemo(t.dir)
})
afterEach(async () => t.close())

describe('anomalies at import time', () => {
  it('flags the spiked day during the import, explains it by the SKU that was repeated, and lists its line items', async () => {
    await t.call('billing-import', { files: [{ ref: file }] })
    const anomalies = await t.call('anomaly-list', {})
    const total = anomalies.find((a) => a.kind === 'cost' && a.seriesKey === 'cost-total' && a.at === SPIKE_DAY)
    expect(total, JSON.stringify(anomalies.map((a) => [a.seriesKey, a.at]))).toBeDefined()
    expect(total!.excess).toBeGreaterThan(100)
    const sku = total!.drivers.filter((d) => d.dimension === 'SkuId').sort((a, b) => b.excess - a.excess)[0]
    expect(sku?.value).toBe(SPIKE_SKU)
    expect(total!.explanation).toContain('expected')
    // Only that day, in the whole month, is a total-cost anomaly.
    expect(anomalies.filter((a) => a.seriesKey === 'cost-total').map((a) => a.at)).toEqual([SPIKE_DAY])
    const items = await t.call('anomaly-line-items', { id: total!.id, limit: 1000 })
    expect(items.rows.every((r) => r.chargePeriodStart.startsWith(SPIKE_DAY))).toBe(true)
    expect(items.rows.filter((r) => r.sku === SPIKE_SKU).length).toBeGreaterThan(COPIES)
  })
})

describe('forecast runs', () => {
  it('forecasts total and per-provider cost, stores the run with backtests, and reads it back', async () => {
    await t.call('billing-import', { files: [{ ref: file }] })
    const run = await t.call('forecast-run', {
      targets: ['cost-total', 'cost-provider'],
      horizon: 14,
      origins: 2,
      models: ['snaive', 'naive2', 'ets', 'theta'],
    })
    expect(run.status).toBe('done')
    const total = run.series.find((s) => s.key === 'cost-total')
    expect(total).toBeDefined()
    // The history is the file's daily BilledCost: its sum matches Python's csv module on the same file.
    expect(total!.history.reduce((a, b) => a + b, 0)).toBeCloseTo(pythonColumnSum(file, 'BilledCost'), 2)
    expect(total!.history).toHaveLength(30)
    expect(total!.mean).toHaveLength(14)
    expect(total!.intervals.map((i) => i.level)).toEqual([50, 80, 95])
    expect(total!.backtest.some((b) => b.model === 'snaive')).toBe(true)
    expect(run.series.filter((s) => s.target === 'cost-provider').map((s) => s.key.split(':')[1]).sort()).toEqual(['Google Cloud', 'Lambda', 'Microsoft'])
    const again = await t.call('forecast-run-get', { id: run.id })
    expect(again.series).toEqual(run.series)
    const list = await t.call('forecast-run-list', {})
    expect(list[0]).toMatchObject({ id: run.id, status: 'done', seriesCount: 4 })
    expect(list[0]?.meanMaseSnaive).not.toBeNull()
    // No preset asked: the default (balanced) is stored with the run.
    expect(list[0]?.speed).toBe('balanced')
  })

  it('stores the speed preset with the run; fast scores only its own candidates', async () => {
    await t.call('billing-import', { files: [{ ref: file }] })
    const run = await t.call('forecast-run', { targets: ['cost-total', 'cost-provider'], horizon: 14, origins: 2, speed: 'fast' })
    expect(run.status).toBe('done')
    expect(run.speed).toBe('fast')
    const fastSet = ['snaive', 'naive2', 'swa', 'snaive-long', 'sprofile', 'ensemble']
    for (const s of run.series) {
      expect(fastSet).toContain(s.model)
      expect(s.backtest.length).toBeGreaterThan(0)
      for (const b of s.backtest) expect(fastSet).toContain(b.model)
    }
    expect((await t.call('forecast-run-get', { id: run.id })).speed).toBe('fast')
    expect((await t.call('forecast-run-list', {}))[0]).toMatchObject({ id: run.id, speed: 'fast' })
    await expect(t.call('forecast-run', { targets: ['cost-total'], speed: 'turbo' as 'fast' })).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('cancels a running forecast: the job fails as cancelled and the run is marked so', async () => {
    await t.call('billing-import', { files: [{ ref: file }] })
    const failed = new Promise<JobFailedEvent>((resolve) => {
      t.backend.events.subscribe((e) => {
        if (e.type === 'job-failed' && e.method === 'forecast-run') resolve(e)
      })
    })
    const started = await t.backend.dispatcher.dispatch('forecast-run', { targets: ['cost-total', 'cost-provider', 'cost-service'], horizon: 60 })
    if (!started.ok) throw new Error(started.error.message)
    const { jobId } = started.value as { jobId: string }
    await t.call('job-cancel', { jobId })
    const e = await failed
    expect(e.error.code).toBe('cancelled')
    const list = await t.call('forecast-run-list', {})
    expect(list[0]?.status).toBe('cancelled')
  })

  it('refuses a run with nothing to forecast, naming the target', async () => {
    await expect(t.call('forecast-run', { targets: ['cost-total'] })).rejects.toMatchObject({ code: 'not-found' })
    await expect(t.call('forecast-run', { targets: [] })).rejects.toMatchObject({ code: 'invalid-input' })
  })
})
