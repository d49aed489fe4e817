import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, repoRoot, test } from './fixtures'
import { ForecastRuns } from './pages/forecast-runs'

const SPEC = 'forecast-runs'
const SPIKE_DAY = '2024-09-25'
const SPIKE_SKU = 'a3-highgpu-8g'

/** The demo GPU month with one SKU's lines repeated on one day: an anomaly with a known driver. */
function spikedDemo(dir: string): string {
  const lines = readFileSync(join(repoRoot, 'resources', 'demo', 'demo-accelerator-spend.focus.csv'), 'utf8').split('\n').filter(Boolean)
  const extra = lines.filter((l) => l.includes(`"${SPIKE_DAY} `) && l.includes(`"${SPIKE_SKU}"`))
  const file = join(dir, 'gpu-spend-spiked.focus.csv')
  writeFileSync(file, `${[...lines, ...Array.from({ length: 8 }, () => extra).flat()].join('\n')}\n`)
  return file
}

test.use({ emptyWorkspace: true })

const FAST_MODEL_LABELS = /^(Seasonal naive|Naive2|Seasonal window median|Seasonal naive \(longest season\)|Seasonal profile \+ level|Ensemble)$/

test('forecast run: pick targets, horizon and speed preset, run, read the fan chart, model, backtest and coverage; anomalies with drivers and line items', async ({ app, page, scratch }) => {
  const data = await app.data()
  await data.importFiles(spikedDemo(scratch))
  await expect(data.summary).toBeVisible()

  await app.forecast()
  const runs = new ForecastRuns(page)
  await expect(runs.empty).toBeVisible()
  // The anomaly found at import time is listed with its drivers; the repeated SKU is among them.
  const spike = runs.anomalies.filter({ hasText: SPIKE_DAY }).filter({ hasText: 'total cost' })
  await expect(spike).toHaveCount(1)
  await expect(spike.getByTestId('anomaly-drivers')).toContainText(SPIKE_SKU)
  await spike.getByTestId('anomaly-show-lines').click()
  await expect(runs.lineItems).toBeVisible()
  await expect(runs.lineItems.locator('tbody tr').first()).toContainText(SPIKE_DAY)
  await app.screenshot(SPEC, 'anomalies')

  await runs.target('cost-service').check()
  await runs.horizon.selectOption('30')
  // The speed preset: balanced by default; fast picks among the seasonal-naive variants and the profile model.
  await expect(runs.speed).toHaveValue('balanced')
  await runs.speed.selectOption('fast')
  await runs.start.click()
  await expect(runs.result).toBeVisible({ timeout: 60_000 })
  await expect(runs.speedUsed).toHaveText('fast')
  await expect(runs.drawnFan()).toBeVisible()
  await expect(runs.model).toHaveText(FAST_MODEL_LABELS)
  await expect(runs.mase).toHaveText(/^\d+\.\d\d$/)
  await expect(runs.maseSnaive).toHaveText(/^\d+\.\d\d$/)
  for (const level of [50, 80, 95]) await expect(runs.coverage(level)).toHaveText(/^(\d+ %|n\/a)$/)
  expect(await runs.backtestRows.count()).toBeGreaterThan(3)
  // Every target's series is selectable: total + 3 providers + services.
  expect(await runs.seriesSelect.locator('option').count()).toBeGreaterThan(4)
  await runs.seriesSelect.selectOption('cost-provider:Microsoft')
  await expect(runs.drawnFan()).toBeVisible()
  await app.screenshot(SPEC, 'run-result')

  // The same targets with every model (best): the run records its preset and the backtest table grows.
  const fastRows = await runs.backtestRows.count()
  await runs.speed.selectOption('best')
  await runs.start.click()
  await expect(runs.speedUsed).toHaveText('best', { timeout: 90_000 })
  await expect(runs.drawnFan()).toBeVisible()
  expect(await runs.backtestRows.count()).toBeGreaterThan(fastRows)
  await app.screenshot(SPEC, 'run-result-best')

  // A long run can be cancelled from the page: nothing is kept and the last result stays on screen.
  for (const t of ['cost-team', 'gpu-hours-pool', 'gpu-hours-team']) await runs.target(t).check()
  await runs.horizon.selectOption('548')
  await expect(runs.speed).toHaveValue('best')
  await runs.start.click()
  await expect(runs.progress).toBeVisible()
  await expect(runs.cancel).toBeEnabled()
  await runs.cancel.click()
  await expect(runs.cancelled).toBeVisible()
  await expect(runs.result).toBeVisible()
  await app.screenshot(SPEC, 'run-cancelled')
})
