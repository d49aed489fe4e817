import { expect, test } from './fixtures'
import { FleetScenarios } from './pages/fleet-scenarios'

const SPEC = 'fleet-scenarios'

test('baseline from billing, a variant, Monte Carlo comparison, optimizer, Pareto, catalog overrides', async ({ app, page }) => {
  test.setTimeout(180_000)
  await app.scenarios()
  const fs = new FleetScenarios(page)
  // The baseline plan flow is still there (the first section).
  await expect(page.getByTestId('create-plan-form')).toBeVisible()
  await fs.section('scenarios')
  await expect(page.getByTestId('fleet-scenarios-empty')).toBeVisible()

  await fs.deriveBaseline.click()
  await expect(fs.rows).toHaveCount(1)
  await expect(fs.editor).toBeVisible()
  await expect(fs.mixRows).not.toHaveCount(0)
  await fs.runSimulation(24)
  await fs.section('compare')
  await expect(fs.compareColumns()).toHaveCount(2)
  await expect(page.getByTestId('kpi-costUsd').first()).toHaveText(/^\$[\d,]+/)

  // A variant: double the first pool, simulate, compare side by side.
  await fs.section('scenarios')
  await page.getByTestId('new-variant').click()
  const count = fs.mixRows.first().getByTestId('mix-count')
  await count.fill(String(Number(await count.inputValue()) * 2))
  await page.getByTestId('scenario-name').fill('Baseline, first pool doubled')
  await fs.runSimulation(24)
  await expect(fs.rows).toHaveCount(2)
  await fs.section('compare')
  await expect(fs.compareColumns()).toHaveCount(3)
  await expect(page.getByTestId('compare-cost-chart')).toHaveAttribute('data-rendered', 'true')
  await app.screenshot(SPEC, 'compare')

  // Cancel a long run: the job stops and says so.
  await fs.section('scenarios')
  await page.getByTestId('scenario-horizon-days').fill('365')
  await fs.paths.fill('20000')
  await fs.simulate.click()
  await expect(fs.simCancel).toBeEnabled()
  await fs.simCancel.click()
  await expect(fs.simError).toContainText('cancelled', { ignoreCase: true })

  // Optimizer and Pareto front; a Pareto point becomes a scenario.
  await fs.section('optimize')
  await page.getByTestId('opt-budget').fill('0')
  await fs.optimize.click()
  await expect(fs.optResult).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('opt-binding')).toBeVisible()
  await fs.pareto.click()
  await expect(fs.paretoChart).toHaveAttribute('data-rendered', 'true', { timeout: 90_000 })
  await app.screenshot(SPEC, 'optimizer')
  await page.getByTestId('pareto-use').first().click()
  await fs.section('scenarios')
  await expect(fs.rows).toHaveCount(3)
  await expect(fs.rows.filter({ hasText: 'Pareto point 1' })).toHaveCount(1)

  // Catalog: a user price is marked as the user's, and reset brings the default back.
  await fs.section('catalog')
  await page.getByTestId('catalog-tab-prices').click()
  const row = page.getByTestId('price-row').first()
  const before = (await row.getByTestId('override-edit').innerText()).trim()
  await row.getByTestId('override-edit').click()
  await row.getByTestId('override-input').fill('9.99')
  await row.getByTestId('override-save').click()
  await expect(row.getByTestId('override-badge')).toHaveText('yours')
  await expect(row.getByTestId('override-edit')).toHaveText('9.990')
  await fs.catalog.scrollIntoViewIfNeeded()
  await app.screenshot(SPEC, 'catalog-override')
  await row.getByTestId('override-reset').click()
  await expect(row.getByTestId('override-badge')).toHaveCount(0)
  await expect(row.getByTestId('override-edit')).toHaveText(before)
})
