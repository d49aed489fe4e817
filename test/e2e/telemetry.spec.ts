import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { freePort, startPrometheus } from '../helpers/prometheus'
import { expect, repoRoot, test } from './fixtures'
import { TelemetryParts } from './pages/telemetry'

const SPEC = 'telemetry'
const DUTY_CYCLE = join(repoRoot, '..', 'shared', 'data', 'alibaba-gpu-traces', 'v2026-genai', 'pod_gpu_duty_cycle_anon.csv')

/** test/helpers/telemetry_ref.py: files and expected figures from Python's csv/json, not from the app. */
function ref<T>(...args: (string | number)[]): T {
  return JSON.parse(execFileSync('python3', [join(repoRoot, 'test', 'helpers', 'telemetry_ref.py'), ...args.map(String)], { encoding: 'utf8' })) as T
}

test.use({ emptyWorkspace: true })

test('telemetry files import through the drop zone; Explore charts utilisation by GPU model', async ({ app, scratch, page }) => {
  const t = new TelemetryParts(page)
  const explore = await app.explore()
  await expect(t.utilisationEmpty).toBeVisible()
  await app.screenshot(SPEC, 'explore-no-telemetry')
  void explore

  const h100 = join(scratch, 'h100-range.json')
  const a100 = join(scratch, 'a100-range.json')
  const wantH = ref<{ samples: number; series: number; sum: number }>('query-range', DUTY_CYCLE, h100, 6, 'NVIDIA H100 80GB HBM3')
  const wantA = ref<{ samples: number; series: number; sum: number }>('query-range', DUTY_CYCLE, a100, 4, 'NVIDIA A100-SXM4-80GB')
  const data = await app.data()
  await data.importFiles(h100, a100)
  await expect(t.summary).toBeVisible({ timeout: 30_000 })
  await expect(t.outcomeFor('h100-range.json').getByTestId('telemetry-samples')).toHaveText(wantH.samples.toLocaleString('en-US'))
  await expect(t.outcomeFor('a100-range.json').getByTestId('telemetry-samples')).toHaveText(wantA.samples.toLocaleString('en-US'))
  await expect(data.snapshotRows).toHaveCount(2)
  await app.screenshot(SPEC, 'data-telemetry-imported')

  await app.explore()
  await expect(t.utilisationChart.locator('canvas').first()).toBeVisible()
  await expect(t.utilisationChart).toHaveAttribute('data-rendered', 'true')
  // the mean over both models is the samples' mean (Python), to the displayed 0.1 %
  const mean = (wantH.sum + wantA.sum) / (wantH.samples + wantA.samples)
  await expect(t.utilisationMean).toContainText(`${mean.toFixed(1)} %`)
  await app.screenshot(SPEC, 'explore-utilisation-by-model')
  await t.utilisationGroup.selectOption('host')
  await expect(t.utilisationChart).toHaveAttribute('data-rendered', 'true')
  await app.screenshot(SPEC, 'explore-utilisation-by-host')
})

test('pulls DCGM GPU utilisation from a real Prometheus through the form', async ({ app, scratch, page }) => {
  const t = new TelemetryParts(page)
  const nowS = Math.floor(Date.now() / 1000 / 3600) * 3600
  const t0 = nowS - 26 * 3600
  const file = join(scratch, 'history.om')
  const want = ref<Record<string, { count: number }>>('openmetrics', DUTY_CYCLE, file, t0, 2, 60)
  const prom = await startPrometheus(scratch, file)
  try {
    await app.data()
    const iso = (s: number): string => new Date(s * 1000).toISOString().slice(0, 16)
    const longest = Math.max(...Object.values(want).map((w) => w.count))
    await t.pull(prom.url, 'gpu-util', iso(t0), iso(t0 + (longest - 1) * 60), 60)
    await expect(t.summary).toBeVisible({ timeout: 30_000 })
    const total = Object.values(want).reduce((s, w) => s + w.count, 0)
    await expect(t.outcomes.getByTestId('telemetry-samples')).toHaveText(total.toLocaleString('en-US'))
    await expect(t.outcomes.getByTestId('telemetry-series')).toHaveText('2')
    await app.screenshot(SPEC, 'data-pulled-from-prometheus')
  } finally {
    await prom.stop()
  }
})

test('a pull from an unreachable Prometheus shows the error and writes nothing', async ({ app, page }) => {
  const t = new TelemetryParts(page)
  const data = await app.data()
  const port = await freePort() // nothing listens there
  await t.pull(`http://127.0.0.1:${port}`, 'power', '2026-01-01T00:00', '2026-01-01T01:00', 60)
  await expect(t.error).toBeVisible()
  await expect(t.error).toContainText('Cannot reach Prometheus')
  await expect(t.error).toContainText('connection refused')
  await expect(data.snapshotsEmpty).toBeVisible()
  await app.screenshot(SPEC, 'data-pull-error')
})

test('a long telemetry import shows progress and can be cancelled, leaving nothing behind', async ({ app, scratch, page }) => {
  const t = new TelemetryParts(page)
  const { generateTelemetryBench } = (await import(join(repoRoot, 'scripts', 'gen-telemetry-bench.mjs'))) as {
    generateTelemetryBench: (src: string, json: string, csv: string, n: number) => Promise<unknown>
  }
  const big = join(scratch, 'big-range.json')
  await generateTelemetryBench(DUTY_CYCLE, big, join(scratch, 'big.csv'), 3_000_000)
  const data = await app.data()
  await data.importFiles(big)
  await expect(t.progress).toContainText('%', { timeout: 30_000 })
  await expect(t.progress.getByTestId('telemetry-cancel')).toBeEnabled()
  await app.screenshot(SPEC, 'data-telemetry-importing')
  await t.progress.getByTestId('telemetry-cancel').click()
  await expect(t.error).toBeVisible()
  await expect(t.error).toHaveAttribute('data-code', 'cancelled')
  await expect(data.snapshotsEmpty).toBeVisible()
})
