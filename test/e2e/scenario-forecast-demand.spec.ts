import { expect, test } from './fixtures'
import { FleetScenarios } from './pages/fleet-scenarios'
import { ForecastRuns } from './pages/forecast-runs'

const SPEC = 'scenario-forecast-demand'

test('a scenario takes its demand from a GPU-hours-per-team forecast, then simulates it', async ({ app, page }) => {
  test.setTimeout(120_000)
  await app.scenarios()
  const fs = new FleetScenarios(page)
  await fs.section('scenarios')
  await fs.deriveBaseline.click()
  await expect(fs.editor).toBeVisible()
  await expect(page.getByTestId('demand-source')).toContainText('History × growth')

  // No forecast yet: the app says where to make one, and the scenario keeps its demand.
  await page.getByTestId('demand-use-forecast').click()
  await expect(page.getByTestId('scenario-error')).toContainText('Forecast page')
  await expect(page.getByTestId('demand-source')).toContainText('History × growth')

  await app.forecast()
  const runs = new ForecastRuns(page)
  for (const t of ['cost-total', 'cost-provider', 'cost-service']) await runs.target(t).uncheck()
  await runs.target('gpu-hours-team').check()
  await runs.horizon.selectOption('30')
  await runs.start.click()
  await expect(runs.result).toBeVisible({ timeout: 60_000 })

  await app.scenarios()
  await expect(fs.editor).toBeVisible()
  await page.getByTestId('demand-use-forecast').click()
  await expect(page.getByTestId('demand-source')).toContainText(/Sample paths from forecast run #\d+ \(GPU-hours per team/)
  await fs.runSimulation(24)
  await app.screenshot(SPEC, 'scenarios-forecast-demand')
  await fs.section('compare')
  await expect(page.getByTestId('kpi-costUsd').first()).toHaveText(/^\$[\d,]+/)
  await fs.section('scenarios')

  // And back: history × growth again.
  await page.getByTestId('demand-use-history').click()
  await expect(page.getByTestId('demand-source')).toContainText('History × growth')
})
