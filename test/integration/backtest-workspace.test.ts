/**
 * The backtest on a workspace's own history, through the contract as the app calls it: the hourly accelerator
 * demand read from imported billing equals the demand computed here with Python's csv module from the same file.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/tmp'
import { emptyBackend, type TestBackend } from '../helpers/backend'

const DEMO = join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')
let tb: TestBackend | undefined
afterEach(async () => {
  await tb?.close()
  tb = undefined
})

/**
 * Busy accelerators per type and hour from the FOCUS file, by Python: usage rows in hours, instances × 8 GPUs
 * (every demo SKU is an 8-accelerator instance), the type named in the SKU (GCP's a3-highgpu-8g is 8 × H100),
 * spread over the charge period.
 */
function pythonHourly(file: string): Record<string, Record<string, number>> {
  const script = `
import csv, json, re, sys
from datetime import datetime, timedelta
out = {}
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        if row['ConsumedUnit'] != 'Hours' or row['ConsumedQuantity'] in ('', 'NULL'):
            continue
        sku = row['SkuId'].replace('a3-highgpu-8g', 'H100')  # GCP's A3 machine type: 8 x H100
        m = re.search(r'(H100|H200|MI300X)', sku, re.I)
        if not m:
            continue
        t = m.group(1).upper()
        s = datetime.fromisoformat(row['ChargePeriodStart'])
        e = datetime.fromisoformat(row['ChargePeriodEnd'])
        n = max(1, round((e - s).total_seconds() / 3600))
        for k in range(n):
            h = (s + timedelta(hours=k)).strftime('%Y-%m-%dT%H')
            out.setdefault(t, {})
            out[t][h] = out[t].get(h, 0) + float(row['ConsumedQuantity']) * 8 / n
print(json.dumps(out))
`
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Record<string, Record<string, number>>
}

describe('backtest on the workspace history', () => {
  it("reads each type's hourly accelerator demand from billing and backtests it through the contract", { timeout: 240_000 }, async () => {
    tb = await emptyBackend()
    await tb.call('billing-import', { files: [{ ref: DEMO }] })
    const info = await tb.call('backtest-history', {})
    const expected = pythonHourly(DEMO)
    expect(info.source).toBe('billing')
    expect(info.hours).toBe(720)
    expect(info.start).toBe(Date.parse('2024-09-01T00:00:00Z'))
    expect(info.types.map((t) => t.type).sort()).toEqual(Object.keys(expected).sort())
    for (const t of info.types) {
      const total = Object.values(expected[t.type]!).reduce((a, b) => a + b, 0)
      expect(t.demandHours).toBeCloseTo(total, 6)
      expect(t.accelerator).toBe(t.type)
    }
    // Where each type ran: the provider and region with the most accelerator-hours (H100 mostly on Azure East US).
    expect(info.types.find((t) => t.type === 'H100')?.seenAt).toEqual({ provider: 'azure', region: 'eastus' })

    const r = await tb.call('backtest-run', { split: 0.67, speed: 'fast' })
    expect(r.trainHours).toBe(482)
    expect(r.testHours).toBe(238)
    expect(r.testStart).toBe(Date.parse('2024-09-01T00:00:00Z') + 482 * 3_600_000)
    // The test period's demand per type, hour by hour, is the file's.
    for (const t of r.types) {
      const hourly = t.chart.demand.map((_, k) => expected[t.type]![new Date((r.testStart as number) + k * 3_600_000).toISOString().slice(0, 13)] ?? 0)
      t.chart.demand.forEach((v, k) => expect(v).toBeCloseTo(hourly[k]!, 6))
    }
    expect(r.regret).toBeCloseTo(r.planCostUsd / r.hindsightCostUsd - 1, 12)
    expect(r.baselines.map((b) => b.name)).toEqual(['all-on-demand', 'commit-train-mean', 'commit-train-peak', 'cloud-recommendation'])
  })

  it('counts busy GPUs from telemetry: each GPU once across its metrics, held by a pod or working, idle ones not', { timeout: 240_000 }, async () => {
    tb = await emptyBackend()
    // Six days of hourly dcgm-exporter samples. H100: GPU-0 always working; GPU-1 working 00:00–11:59 only;
    // GPU-2 never working (it still reports 0); GPU-3 held by a pod at 0 % all along. A100: GPU-A working from
    // day 3. The first three report both DCGM_FI_DEV_GPU_UTIL (%) and DCGM_FI_PROF_GR_ENGINE_ACTIVE (0–1), as
    // the exporter's default counters do.
    const T0 = Date.UTC(2026, 0, 5)
    const HOURS = 144
    const rows = ['ts,gpu,model,pod,util,engine']
    for (let h = 0; h < HOURS; h++) {
      const ts = (T0 + h * 3_600_000) / 1000
      const day = h % 24 < 12
      rows.push(`${ts},GPU-0,H100,,80,0.8`, `${ts},GPU-1,H100,,${day ? 60 : 0},${day ? 0.6 : 0}`, `${ts},GPU-2,H100,,0,0`, `${ts},GPU-3,H100,train-0,0,`)
      rows.push(`${ts},GPU-A,A100,,${h >= 48 ? 50 : 0},`)
    }
    const file = join(tb.dir, 'dcgm.csv')
    writeFileSync(file, `${rows.join('\n')}\n`)
    await tb.call('telemetry-import', {
      files: [{ ref: file }],
      format: 'csv',
      mapping: {
        timestamp: 'ts',
        timestampUnit: 's',
        values: [
          { column: 'util', metric: 'DCGM_FI_DEV_GPU_UTIL' },
          { column: 'engine', metric: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' },
        ],
        labels: [{ column: 'gpu', as: 'UUID' }, { column: 'model', as: 'modelName' }, { column: 'pod', as: 'pod' }],
      },
    })
    const info = await tb.call('backtest-history', {})
    expect(info.source).toBe('telemetry')
    expect(info.hours).toBe(HOURS)
    expect(info.start).toBe(T0)
    const by = Object.fromEntries(info.types.map((t) => [t.type, t.demandHours]))
    // H100: GPU-0 and GPU-3 every hour, GPU-1 12 hours a day → 2·144 + 12·6; A100: 96 hours from day 3.
    expect(by).toEqual({ H100: 2 * HOURS + 12 * 6, A100: HOURS - 48 })

    const r = await tb.call('backtest-run', { split: 0.67, speed: 'fast', provider: 'aws', region: 'us-east-1' })
    const h100 = r.types.find((t) => t.type === 'H100')!
    const start = Math.round(HOURS * 0.67)
    expect(h100.chart.demand).toEqual(Array.from({ length: HOURS - start }, (_, k) => 2 + ((start + k) % 24 < 12 ? 1 : 0)))
  })

  it('says what to do when the workspace has no accelerator-hours', async () => {
    tb = await emptyBackend()
    const info = await tb.call('backtest-history', {})
    expect(info).toMatchObject({ source: null, hours: 0, types: [] })
    await expect(tb.call('backtest-run', {})).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/import GPU telemetry or billing/) as unknown })
  })
})
