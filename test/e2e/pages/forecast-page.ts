import type { Locator, Page } from '@playwright/test'

export class ForecastPage {
  readonly chart: Locator
  readonly empty: Locator
  readonly model: Locator
  readonly mase: Locator
  readonly total: Locator
  readonly daily: Locator
  readonly days: Locator

  constructor(readonly page: Page) {
    this.chart = page.getByTestId('chart-forecast')
    this.empty = page.getByTestId('forecast-empty')
    this.model = page.getByTestId('forecast-model')
    this.mase = page.getByTestId('forecast-mase')
    this.total = page.getByTestId('forecast-total')
    this.daily = page.getByTestId('forecast-daily')
    this.days = page.getByTestId('forecast-day')
  }

  async chooseHorizon(days: 14 | 30 | 60 | 90): Promise<void> {
    await this.page.getByTestId(`horizon-${days}`).click()
  }

  coverage(level: 80 | 95): Locator {
    return this.page.getByTestId(`forecast-coverage-${level}`)
  }

  totalRange(level: 80 | 95): Locator {
    return this.page.getByTestId(`forecast-total-${level}`)
  }

  /** The daily table, opened, read cell by cell: [lo95, lo80, mean, hi80, hi95] per day. */
  async dailyBands(): Promise<{ date: string; lo95: number; lo80: number; mean: number; hi80: number; hi95: number }[]> {
    if ((await this.daily.getAttribute('open')) === null) await this.daily.locator('summary').click()
    const rows = await this.days.all()
    const num = (t: string): number => Number(t.replace(/[^\d.-]/g, ''))
    return Promise.all(
      rows.map(async (r) => {
        const c = await r.locator('td').allInnerTexts()
        return { date: c[0] ?? '', lo95: num(c[1] ?? ''), lo80: num(c[2] ?? ''), mean: num(c[3] ?? ''), hi80: num(c[4] ?? ''), hi95: num(c[5] ?? '') }
      }),
    )
  }

  drawnChart(): Locator {
    return this.chart.and(this.page.locator('[data-rendered="true"]')).locator('canvas').first()
  }
}
