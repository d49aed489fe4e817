import type { Locator, Page } from '@playwright/test'

export class ExplorePage {
  readonly total: Locator
  readonly lineItems: Locator
  readonly empty: Locator
  readonly providerChart: Locator
  readonly serviceChart: Locator
  readonly providerTable: Locator

  constructor(readonly page: Page) {
    this.total = page.getByTestId('total-billed-cost')
    this.lineItems = page.getByTestId('line-items')
    this.empty = page.getByTestId('explore-empty')
    this.providerChart = page.getByTestId('chart-provider-daily')
    this.serviceChart = page.getByTestId('chart-service-daily')
    this.providerTable = page.getByTestId('provider-table')
  }

  /** A chart has drawn: its canvas exists and ECharts reported the render finished. */
  drawn(chart: Locator): Locator {
    return chart.and(this.page.locator('[data-rendered="true"]')).locator('canvas').first()
  }
}
