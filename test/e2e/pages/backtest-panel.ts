import { expect, type Locator, type Page } from '@playwright/test'

/** The Backtest panel of the Scenarios page. */
export class BacktestPanel {
  readonly panel: Locator
  readonly history: Locator
  readonly split: Locator
  readonly run: Locator
  readonly progress: Locator
  readonly cancel: Locator
  readonly error: Locator
  readonly result: Locator
  readonly regret: Locator
  readonly planCost: Locator
  readonly baselines: Locator
  readonly chart: Locator
  readonly chartType: Locator
  readonly types: Locator

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('backtest-panel')
    this.history = page.getByTestId('backtest-history')
    this.split = page.getByTestId('backtest-split')
    this.run = page.getByTestId('backtest-run')
    this.progress = page.getByTestId('backtest-progress')
    this.cancel = page.getByTestId('backtest-cancel')
    this.error = page.getByTestId('backtest-error')
    this.result = page.getByTestId('backtest-result')
    this.regret = page.getByTestId('backtest-regret')
    this.planCost = page.getByTestId('backtest-plan-cost')
    this.baselines = page.getByTestId('backtest-baselines')
    this.chart = page.getByTestId('backtest-chart')
    this.chartType = page.getByTestId('backtest-chart-type')
    this.types = page.getByTestId('backtest-types')
  }

  /** The Scenarios page's Backtest section (its tab, where the page has section tabs). */
  async open(goToScenarios: () => Promise<unknown>): Promise<void> {
    await goToScenarios()
    const tab = this.page.getByTestId('section-backtest')
    if ((await tab.count()) > 0) await tab.click()
    await expect(this.panel).toBeVisible()
  }

  option(name: string): Locator {
    return this.page.getByTestId('backtest-options').getByLabel(name, { exact: true })
  }

  /** "+6.5 %" → 0.065; "−1.2 %" → −0.012. */
  static percent(text: string): number {
    const m = /^([+−-])?\s*(<\s*)?([\d.]+)\s*%$/.exec(text.trim())
    if (!m) throw new Error(`not a percentage: ${text}`)
    return (m[1] === '−' || m[1] === '-' ? -1 : 1) * (Number(m[3]) / 100)
  }

  static money(text: string): number {
    return Number(text.replace(/[$,\s]/g, ''))
  }

  async waitForChart(): Promise<void> {
    await expect(this.chart).toHaveAttribute('data-rendered', 'true')
  }
}
