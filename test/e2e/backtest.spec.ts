import { expect, test } from './fixtures'
import { BacktestPanel } from './pages/backtest-panel'

const SPEC = 'backtest'

test('the Backtest panel replays the demo workspace: plan vs hindsight vs baselines, regret, chart', async ({ app, page }) => {
  test.setTimeout(180_000)
  const bt = new BacktestPanel(page)
  await bt.open(() => app.scenarios())
  // The demo workspace's accelerator demand comes from its telemetry (GPUs busy per hour: DCGM for H100 and H200,
  // the AMD exporter's gpu_gfx_activity for MI300X) over September 2024; billing is the fallback without it.
  await expect(page.getByTestId('backtest-history-summary')).toContainText('720 hours of hourly demand from telemetry')
  await expect(bt.history.locator('tbody tr')).toHaveCount(3)
  for (const t of ['H100', 'H200', 'MI300X']) await expect(bt.history).toContainText(t)

  // A split that leaves too little to replay is refused before anything runs.
  await bt.split.fill('0.99')
  await expect(bt.run).toBeDisabled()
  await bt.split.fill('0.67')
  await expect(bt.run).toBeEnabled()

  await bt.run.click()
  await expect(bt.result).toBeVisible({ timeout: 150_000 })
  await expect(bt.progress).toHaveCount(0)

  // The regret the panel shows is the plan's cost over the hindsight cost, as the strategy table lists them.
  const regret = BacktestPanel.percent(await bt.regret.innerText())
  const rows = bt.baselines.locator('tbody tr')
  await expect(rows).toHaveCount(6)
  const cost = async (i: number) => BacktestPanel.money(await rows.nth(i).locator('td').nth(2).innerText())
  const plan = await cost(0)
  const hindsight = await cost(1)
  expect(hindsight).toBeGreaterThan(0)
  expect(plan).toBeGreaterThanOrEqual(hindsight)
  expect(Math.abs(regret - (plan / hindsight - 1))).toBeLessThan(0.0015)
  for (let i = 2; i < 6; i++) expect(await cost(i)).toBeGreaterThanOrEqual(hindsight)
  await expect(rows.nth(0)).toContainText('Plan (forecast → optimizer)')
  // Utilisation of the committed capacity: a share for the plan, none for all on-demand (nothing committed).
  expect(BacktestPanel.percent(await rows.nth(0).locator('td').nth(5).innerText())).toBeGreaterThan(0)
  await expect(rows.nth(2).locator('td').nth(5)).toHaveText('—')
  await expect(bt.types.locator('tbody tr')).toHaveCount(3)

  await bt.waitForChart()
  await app.screenshot(SPEC, 'scenarios-backtest')
  // One type on its own, with its forecast band.
  await bt.chartType.selectOption('H100')
  await bt.waitForChart()
  await bt.chart.screenshot({ path: `test-results/screenshots/${SPEC}/backtest-chart-h100.png` })
})

test('a running backtest can be cancelled, and says so', async ({ app, page }) => {
  test.setTimeout(120_000)
  const bt = new BacktestPanel(page)
  await bt.open(() => app.scenarios())
  await expect(bt.history.locator('tbody tr')).toHaveCount(3)
  // The slowest forecast preset, so that there is time to cancel.
  await bt.panel.getByRole('combobox', { name: 'Forecast speed' }).selectOption('best')
  await bt.run.click()
  await expect(bt.progress).toBeVisible()
  await expect(bt.cancel).toBeEnabled()
  await bt.cancel.click()
  await expect(bt.error).toContainText('Backtest cancelled')
  await expect(bt.error).toHaveAttribute('data-code', 'cancelled')
  await expect(bt.result).toHaveCount(0)
})
