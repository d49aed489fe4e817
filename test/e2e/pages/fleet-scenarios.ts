import { expect, type Locator, type Page } from '@playwright/test'

export type ScenarioSectionId = 'baseline' | 'scenarios' | 'compare' | 'optimize' | 'catalog'

/** The fleet-scenario sections of the Scenarios page: list and mix editor, simulation, comparison, optimizer, catalog. */
export class FleetScenarios {
  readonly list: Locator
  readonly rows: Locator
  readonly deriveBaseline: Locator
  readonly editor: Locator
  readonly mixRows: Locator
  readonly paths: Locator
  readonly simulate: Locator
  readonly simProgress: Locator
  readonly simCancel: Locator
  readonly simError: Locator
  readonly compareTable: Locator
  readonly optimize: Locator
  readonly optResult: Locator
  readonly pareto: Locator
  readonly paretoChart: Locator
  readonly catalog: Locator

  constructor(readonly page: Page) {
    this.list = page.getByTestId('scenario-list')
    this.rows = page.getByTestId('scenario-row')
    this.deriveBaseline = page.getByTestId('derive-baseline')
    this.editor = page.getByTestId('scenario-editor')
    this.mixRows = page.getByTestId('mix-row')
    this.paths = page.getByTestId('sim-paths')
    this.simulate = page.getByTestId('simulate')
    this.simProgress = page.getByTestId('sim-progress')
    this.simCancel = page.getByTestId('sim-cancel')
    this.simError = page.getByTestId('sim-error')
    this.compareTable = page.getByTestId('compare-table')
    this.optimize = page.getByTestId('optimize')
    this.optResult = page.getByTestId('opt-result')
    this.pareto = page.getByTestId('pareto')
    this.paretoChart = page.getByTestId('pareto-chart')
    this.catalog = page.getByTestId('catalog-panel')
  }

  /** Opens a section by its tab; the address then names it. */
  async section(id: ScenarioSectionId): Promise<void> {
    await this.page.getByTestId(`section-${id}`).click()
    await expect(this.page.getByTestId(`section-${id}`)).toHaveAttribute('aria-selected', 'true')
    await expect(this.page.getByTestId(`section-body-${id}`)).toBeVisible()
    await expect(this.page).toHaveURL(new RegExp(`#/scenarios/${id}$`))
  }

  async runSimulation(paths: number): Promise<void> {
    await this.paths.fill(String(paths))
    await this.simulate.click()
    await expect(this.simProgress).toHaveCount(0, { timeout: 60_000 })
  }

  compareColumns(): Locator {
    return this.compareTable.locator('thead th')
  }
}
