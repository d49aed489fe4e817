import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, repoRoot, test } from './fixtures'

const SPEC = 'demo-workspace'

test('a fresh data dir opens on the demo workspace with charts and a forecast', async ({ app, page }) => {
  // Five pages, each drawn from the demo's billing and telemetry.
  test.setTimeout(120_000)
  await expect(app.demoBadge).toBeVisible()
  await expect(app.demoBadge).toHaveText('Demo workspace')

  const explore = await app.explore()
  await expect(explore.total).toHaveText(/^\$[\d,]+\.\d{2}$/)
  await expect(explore.total).not.toHaveText('$0.00')
  await expect(explore.total).toHaveText((await app.headerTotal.innerText()).trim())
  await expect(explore.drawn(explore.providerChart)).toBeVisible()
  await expect(explore.drawn(explore.serviceChart)).toBeVisible()
  await expect(page.getByTestId('accelerator-share')).not.toHaveText('—')
  await expect(explore.providerTable.locator('tbody tr')).not.toHaveCount(0)
  await app.screenshot(SPEC, 'explore')

  // The README's picture: the Explore page at 1440×900, as a user first sees it.
  await page.setViewportSize({ width: 1440, height: 900 })
  await expect(page.locator('.echart[data-rendered="false"]')).toHaveCount(0)
  await page.evaluate('window.scrollTo(0, 0)')
  mkdirSync(join(repoRoot, 'docs'), { recursive: true })
  await page.screenshot({ path: join(repoRoot, 'docs', 'screenshot.png') })

  // Alt+3 is Forecast.
  await page.keyboard.press('Alt+3')
  await expect(app.navButton('forecast')).toHaveAttribute('aria-current', 'page')
  const forecast = app.forecastPage
  await expect(forecast.drawnChart()).toBeVisible()
  await expect(forecast.model).not.toBeEmpty()
  await app.screenshot(SPEC, 'forecast')
  await forecast.chooseHorizon(90)
  await expect(page.getByTestId('chart-forecast')).toHaveAttribute('data-rendered', 'true')
  await app.screenshot(SPEC, 'forecast-90')

  const data = await app.data()
  await expect(data.snapshotRows).toHaveCount(3)
  await app.screenshot(SPEC, 'data')

  const scenarios = await app.scenarios()
  await expect(scenarios.runRate).not.toHaveText('$0.00')
  await app.screenshot(SPEC, 'scenarios')

  const plans = await app.plans()
  await expect(plans.empty).toBeVisible()
  await app.screenshot(SPEC, 'plans-empty')
})

test('deleting a snapshot asks first, then every view refreshes', async ({ app, page }) => {
  const explore = await app.explore()
  const totalBefore = (await explore.total.innerText()).trim()

  const data = await app.data()
  await expect(data.snapshotRows).toHaveCount(3)
  const sample = data.snapshotRows.filter({ hasText: 'focus-1.0-sample-1000.csv' })
  await sample.getByTestId('snapshot-delete').click()
  await expect(sample.getByTestId('snapshot-delete-confirm')).toBeVisible()
  await app.screenshot(SPEC, 'data-delete-confirm')
  await sample.getByTestId('snapshot-delete-confirm').click()
  await expect(data.snapshotRows).toHaveCount(2)
  await expect(app.headerTotal).not.toHaveText(totalBefore)

  // The Explore slice was loaded before: the tables-changed event refreshed it too.
  await app.explore()
  await expect(explore.total).toHaveText((await app.headerTotal.innerText()).trim())
  await expect(page.getByTestId('line-items')).toHaveText('4,029')
  await app.screenshot(SPEC, 'explore-after-delete')
})
