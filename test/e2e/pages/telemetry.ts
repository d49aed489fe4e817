import type { Locator, Page } from '@playwright/test'

/** Telemetry parts of the Data page (import summary, Prometheus pull form) and of Explore (GPU utilisation). */
export class TelemetryParts {
  readonly summary: Locator
  readonly outcomes: Locator
  readonly progress: Locator
  readonly error: Locator
  readonly pullUrl: Locator
  readonly pullPreset: Locator
  readonly pullQuery: Locator
  readonly pullStart: Locator
  readonly pullEnd: Locator
  readonly pullStep: Locator
  readonly pullSubmit: Locator
  readonly utilisation: Locator
  readonly utilisationEmpty: Locator
  readonly utilisationChart: Locator
  readonly utilisationMean: Locator
  readonly utilisationGroup: Locator

  constructor(readonly page: Page) {
    this.summary = page.getByTestId('telemetry-summary')
    this.outcomes = page.getByTestId('telemetry-outcome')
    this.progress = page.getByTestId('telemetry-progress')
    this.error = page.getByTestId('telemetry-error')
    this.pullUrl = page.getByTestId('pull-url')
    this.pullPreset = page.getByTestId('pull-preset')
    this.pullQuery = page.getByTestId('pull-query')
    this.pullStart = page.getByTestId('pull-start')
    this.pullEnd = page.getByTestId('pull-end')
    this.pullStep = page.getByTestId('pull-step')
    this.pullSubmit = page.getByTestId('pull-submit')
    this.utilisation = page.getByTestId('utilisation-section')
    this.utilisationEmpty = page.getByTestId('utilisation-empty')
    this.utilisationChart = page.getByTestId('chart-utilisation')
    this.utilisationMean = page.getByTestId('utilisation-mean')
    this.utilisationGroup = page.getByTestId('utilisation-group')
  }

  outcomeFor(name: string): Locator {
    return this.outcomes.filter({ hasText: name })
  }

  /** Fills and submits the "Pull from Prometheus" form; times are UTC `YYYY-MM-DDTHH:MM`. */
  async pull(url: string, presetId: string, start: string, end: string, stepSeconds: number): Promise<void> {
    await this.pullUrl.fill(url)
    await this.pullPreset.selectOption(presetId)
    await this.pullStart.fill(start)
    await this.pullEnd.fill(end)
    await this.pullStep.selectOption(String(stepSeconds))
    await this.pullSubmit.click()
  }
}
