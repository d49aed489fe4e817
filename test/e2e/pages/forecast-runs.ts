import type { Locator, Page } from '@playwright/test'

/** The Forecast page's model-selected run section and anomaly list. */
export class ForecastRuns {
  readonly start: Locator
  readonly cancel: Locator
  readonly progress: Locator
  readonly cancelled: Locator
  readonly result: Locator
  readonly empty: Locator
  readonly model: Locator
  readonly mase: Locator
  readonly maseSnaive: Locator
  readonly backtestRows: Locator
  readonly seriesSelect: Locator
  readonly horizon: Locator
  readonly speed: Locator
  readonly speedUsed: Locator
  readonly anomalies: Locator
  readonly lineItems: Locator

  constructor(readonly page: Page) {
    this.start = page.getByTestId('run-start')
    this.cancel = page.getByTestId('run-cancel')
    this.progress = page.getByTestId('run-progress')
    this.cancelled = page.getByTestId('run-cancelled')
    this.result = page.getByTestId('run-result')
    this.empty = page.getByTestId('run-empty')
    this.model = page.getByTestId('run-model')
    this.mase = page.getByTestId('run-mase')
    this.maseSnaive = page.getByTestId('run-mase-snaive')
    this.backtestRows = page.getByTestId('run-backtest-table').locator('tbody tr')
    this.seriesSelect = page.getByTestId('run-series')
    this.horizon = page.getByTestId('run-horizon')
    this.speed = page.getByTestId('run-speed')
    this.speedUsed = page.getByTestId('run-speed-used')
    this.anomalies = page.getByTestId('anomaly-item')
    this.lineItems = page.getByTestId('anomaly-line-items')
  }

  target(name: string): Locator {
    return this.page.getByTestId(`run-target-${name}`)
  }

  coverage(level: number): Locator {
    return this.page.getByTestId(`run-coverage-${level}`)
  }

  drawnFan(): Locator {
    return this.page.getByTestId('chart-fan').and(this.page.locator('[data-rendered="true"]')).locator('canvas').first()
  }
}
