/**
 * The Scenarios page as a planner walks it: one section at a time (the address names it), and the optimizer's
 * answer read as a decision against the current fleet — its monthly figures checked against a computation made
 * here from the API's baseline scenario and the optimizer's own answer.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { OptimizeProblem, OptimizeResult, Scenario, ScenarioSummary, SimulationResult } from '../../shared/scenario-types'
import type { FrozenPool } from '../../shared/plan-types'
import type { Plan } from '../../shared/types'
import { pythonBilledAccelerators } from '../helpers/billed-accelerators'
import { expect, repoRoot, test } from './fixtures'
import { Api } from './pages/api'
import { FleetScenarios } from './pages/fleet-scenarios'

const SPEC = 'scenarios-sections'
const HOURS_PER_MONTH = 730
const key = (p: { accelerator: string; provider: string; region: string; option: string }): string => `${p.accelerator}|${p.provider}|${p.region}|${p.option}`
/** "$1,234,567" / "−$1,234,567 a month" → signed number. */
const dollars = (text: string): number => {
  const m = /([−-])?\$([\d,]+(?:\.\d+)?)/.exec(text)
  if (!m) throw new Error(`no dollar figure in "${text}"`)
  return (m[1] ? -1 : 1) * Number(m[2]!.replaceAll(',', ''))
}

/** The open section as the README shows it (docs/scenarios/<name>.png), besides the full-page capture. */
async function docShot(page: Page, section: string, name: string): Promise<void> {
  mkdirSync(join(repoRoot, 'docs', 'scenarios'), { recursive: true })
  // From the top of the full page, so the sticky header does not cover the section.
  await page.evaluate('window.scrollTo(0, 0)')
  const box = await page.getByTestId(`section-body-${section}`).boundingBox()
  if (!box) throw new Error(`section ${section} is not on screen`)
  await page.screenshot({ path: join(repoRoot, 'docs', 'scenarios', `${name}.png`), fullPage: true, clip: box })
}

test('walk the sections; the optimizer’s answer against the current fleet, checked independently', async ({ app, page, host, request }) => {
  test.setTimeout(240_000)
  const api = new Api(request, host)
  await app.scenarios()
  const fs = new FleetScenarios(page)

  // Baseline: the first section, named in the address.
  await expect(page).toHaveURL(/#\/scenarios\/baseline$/)
  await expect(page.getByTestId('scenario-projected')).toHaveText(/^\$[\d,]+\.\d\d$/)
  await app.screenshot(SPEC, '1-baseline')
  await docShot(page, 'baseline', '1-baseline')

  // Scenarios: derive the current fleet from billing and simulate it.
  await fs.section('scenarios')
  await fs.deriveBaseline.click()
  await expect(fs.editor).toBeVisible()
  // Prices in the editor come from the one price function (observed prices for the baseline's pools).
  await expect(fs.mixRows.first().getByTestId('mix-price')).toHaveText(/^\$\d+\.\d{3}/)
  await fs.runSimulation(32)
  await expect(page.getByTestId('last-run')).toContainText('p95 queue wait')
  await app.screenshot(SPEC, '2-scenarios')
  await docShot(page, 'scenarios', '2-scenarios')

  // Compare: the run just made, with titled charts.
  await page.getByTestId('go-compare').click()
  await expect(page).toHaveURL(/#\/scenarios\/compare$/)
  await expect(fs.compareColumns()).toHaveCount(2)
  for (const chart of ['compare-cost-chart', 'compare-wait-chart', 'compare-carbon-chart', 'compare-weekly-chart']) {
    await expect(page.getByTestId(chart)).toHaveAttribute('data-rendered', 'true')
  }
  await expect(page.locator('.chart-card figcaption')).toHaveCount(4)
  await app.screenshot(SPEC, '3-compare')
  await docShot(page, 'compare', '3-compare')

  // Optimize: the answer as a decision against the current fleet.
  await fs.section('optimize')
  await fs.optimize.click()
  await expect(fs.optResult).toBeVisible({ timeout: 90_000 })
  await expect(page.getByTestId('opt-summary')).toContainText('Compared with the current fleet')
  await expect(page.getByTestId('opt-binding').locator('li').first()).not.toContainText(/shadow|gap ≤/)
  await app.screenshot(SPEC, '4-optimize')
  await docShot(page, 'optimize', '4-optimize')

  // The same answer from the API, and the current fleet's cost from the baseline scenario: computed here.
  const list = await api.call<ScenarioSummary[]>('scenario-list', {})
  const baseline = await api.call<Scenario>('scenario-get', { id: list.find((s) => s.basis === 'baseline')!.id })
  const problem = await api.call<OptimizeProblem>('optimize-problem', { id: baseline.id, settings: { demandPercentile: 90, targetUtilisation: 0.8, fairnessFloor: 0.9 } })
  const answer = await api.job<OptimizeResult>('optimize', { problem, greedy: true })
  // The baseline's pools are on-demand and spot, paid per use as billed: the current fleet costs what simulating the
  // baseline itself charges (the evaluation's paths and seed), per hour of the horizon — not count × price.
  expect(baseline.fleet.every((f) => f.perUse)).toBe(true)
  const sim = await api.job<SimulationResult>('scenario-simulate', { id: baseline.id, paths: problem.evaluation!.paths, seed: problem.evaluation!.seed })
  const currentMonthly = (sim.kpis.costUsd.mean / baseline.horizonHours) * HOURS_PER_MONTH
  expect(currentMonthly).toBeLessThan(baseline.fleet.reduce((s, f) => s + f.count * baseline.priceOverrides![key(f)]!, 0) * HOURS_PER_MONTH)
  const proposedMonthly = answer.fleet.reduce((s, f) => s + f.count * f.usdPerAccelHour, 0) * HOURS_PER_MONTH
  const proposedHorizon = answer.fleet.reduce((s, f) => s + f.count * f.usdPerAccelHour, 0) * baseline.horizonHours

  expect(dollars(await page.getByTestId('opt-monthly').innerText())).toBeCloseTo(proposedMonthly, -1)
  expect(dollars(await page.getByTestId('opt-horizon').innerText())).toBeCloseTo(proposedHorizon, -1)
  expect(dollars(await page.getByTestId('opt-delta').innerText())).toBeCloseTo(proposedMonthly - currentMonthly, -1)
  const monthlyRow = page.getByTestId('opt-row-monthly').locator('td')
  expect(dollars(await monthlyRow.nth(1).innerText())).toBeCloseTo(currentMonthly, -1)
  expect(dollars(await monthlyRow.nth(2).innerText())).toBeCloseTo(proposedMonthly, -1)
  const pct = Math.round(Math.abs((proposedMonthly - currentMonthly) / currentMonthly) * 100)
  await expect(page.getByTestId('opt-delta-monthly')).toContainText(`(${proposedMonthly < currentMonthly ? '−' : '+'}${pct} %)`)
  const sentence = `${'$' + Math.round(Math.abs(proposedMonthly - currentMonthly)).toLocaleString('en-US')} a month ${proposedMonthly < currentMonthly ? 'less' : 'more'} than the current fleet`
  await expect(page.getByTestId('opt-summary')).toContainText(sentence)
  // The fleet on screen is the API's answer, pool by pool, at the prices the editor quotes.
  const fleetRows = page.getByTestId('opt-fleet').locator('tbody tr')
  await expect(fleetRows).toHaveCount(answer.fleet.length)
  for (const f of answer.fleet) {
    const row = fleetRows.filter({ hasText: `${f.accelerator} ${f.option} · ${f.provider}/${f.region}` })
    await expect(row.locator('td').nth(1)).toHaveText(f.count.toLocaleString('en-US'))
    await expect(row.locator('td').nth(2)).toHaveText(`$${f.usdPerAccelHour.toFixed(3)}`)
  }

  // Primary actions: save the answer as a scenario, then a plan from it.
  await page.getByTestId('opt-to-scenario').click()
  await expect(page.getByTestId('opt-to-scenario')).toHaveText(/Saved as a scenario/)
  await page.getByTestId('opt-plan-name').fill('Plan from the optimizer')
  await page.getByTestId('opt-create-plan').click()
  await expect(app.current('plans')).toBeVisible()
  await expect(app.plansPage.title).toContainText('Plan from the optimizer')
  // The plan against the bill: the current accelerator spend is the run rate every screen shows — the demo's
  // accelerator lines of its last 30 days (September 2024), per 30 days, counted by Python from the demo files.
  const demo = ['demo-accelerator-spend.focus.csv', 'focus-1.0-sample-1000.csv'].map((f) => join(repoRoot, 'resources', 'demo', f))
  const billedMonth = pythonBilledAccelerators(demo, '2024-09-01', '2024-10-01').accelerators
  const plan = (await api.call<Plan[]>('plan-list', {})).find((p) => p.name === 'Plan from the optimizer')!
  const vsCurrent = page.getByTestId('plan-vs-current')
  // The run rate (last 30 days, per 30 days) priced over the fleet's 730-hour month.
  const current = (billedMonth / (30 * 24)) * HOURS_PER_MONTH
  await expect(vsCurrent.locator('xpath=..')).toContainText(
    `$${Math.round(current).toLocaleString('en-US')} per 730 h from billing: $${Math.round(billedMonth).toLocaleString('en-US')} per 30 days (run rate)`,
  )
  const energy = (p: FrozenPool): number =>
    p.option === 'on-prem' ? (p.tdpW / 1000) * p.pue * p.electricityUsdPerKwh : 0
  const fleetMonthly = plan.snapshot!.pools.reduce((s, p) => s + p.count * (p.usdPerAccelHour + energy(p)), 0) * HOURS_PER_MONTH
  expect(dollars(await vsCurrent.innerText())).toBeCloseTo(fleetMonthly - current, -1)
  // Each pool's month in the fleet table: count × (price + on-prem energy at full power) × 730 h.
  const poolRows = page.getByTestId('plan-fleet').locator('tbody tr')
  for (const p of plan.snapshot!.pools) {
    const row = poolRows.filter({ hasText: `${p.accelerator} · ${p.provider}/${p.region} · ${p.option}` })
    expect(dollars(await row.locator('td').nth(3).innerText())).toBeCloseTo(p.count * (p.usdPerAccelHour + energy(p)) * HOURS_PER_MONTH, -1)
  }

  // Back on Scenarios, the section is remembered; the saved answer is in the list.
  await app.scenarios()
  await expect(page).toHaveURL(/#\/scenarios\/optimize$/)
  await fs.section('scenarios')
  await expect(fs.rows.filter({ has: page.getByText('optimizer', { exact: true }) })).toHaveCount(1)

  // Catalog: the all-in price of on-prem B200 is the figure the optimizer buys it at.
  await fs.section('catalog')
  const b200 = page.locator('[data-testid="price-row"][data-key="B200|onprem|onprem-us-east|on-prem"]')
  const quoted = (await b200.getByTestId('price-all-in').innerText()).trim()
  expect(quoted).toMatch(/^\$2\.000/)
  const onPrem = answer.fleet.find((f) => key(f) === 'B200|onprem|onprem-us-east|on-prem')
  if (onPrem) expect(quoted).toContain(`$${onPrem.usdPerAccelHour.toFixed(3)}`)
  await app.screenshot(SPEC, '5-catalog')
  await docShot(page, 'catalog', '5-catalog')

  // The address opens a section: after a reload, and from the keyboard.
  await page.evaluate("window.location.hash = '#/scenarios/compare'")
  await expect(page.getByTestId('section-compare')).toHaveAttribute('aria-selected', 'true')
  await page.reload()
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible()
  await expect(page.getByTestId('section-body-compare')).toBeVisible()
  await page.getByTestId('section-compare').focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('section-optimize')).toBeFocused()
  await expect(page).toHaveURL(/#\/scenarios\/optimize$/)
  // A fresh window has no open scenario: the Optimize section asks which one to size for.
  await expect(page.getByTestId('optimizer-empty')).toContainText('Choose the scenario to size for')
  await page.getByTestId('opt-scenario').selectOption({ label: baseline.name })
  await expect(fs.optimize).toBeEnabled()
  // End / Home jump to the last / first tab; ← wraps from the first to the last.
  await page.getByTestId('section-optimize').focus()
  await page.keyboard.press('End')
  await expect(page.getByTestId('section-catalog')).toBeFocused()
  await expect(page).toHaveURL(/#\/scenarios\/catalog$/)
  await page.keyboard.press('Home')
  await expect(page.getByTestId('section-baseline')).toBeFocused()
  await expect(page.getByTestId('section-body-baseline')).toBeVisible()
  await page.keyboard.press('ArrowLeft')
  await expect(page.getByTestId('section-catalog')).toBeFocused()
  await expect(page.getByTestId('section-body-catalog')).toBeVisible()
})
