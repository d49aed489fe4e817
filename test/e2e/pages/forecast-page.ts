import type { Locator, Page } from '@playwright/test'

export class ForecastPage {
  readonly chart: Locator
  readonly empty: Locator
  readonly model: Locator
  readonly mase: Locator

  constructor(readonly page: Page) {
    this.chart = page.getByTestId('chart-forecast')
    this.empty = page.getByTestId('forecast-empty')
    this.model = page.getByTestId('forecast-model')
    this.mase = page.getByTestId('forecast-mase')
  }

  async chooseHorizon(days: 14 | 30 | 60 | 90): Promise<void> {
    await this.page.getByTestId(`horizon-${days}`).click()
  }

  drawnChart(): Locator {
    return this.chart.and(this.page.locator('[data-rendered="true"]')).locator('canvas').first()
  }
}
