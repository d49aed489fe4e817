import type { Locator, Page } from '@playwright/test'

export class ScenariosPage {
  readonly empty: Locator
  readonly growth: Locator
  readonly horizon: Locator
  readonly runRate: Locator
  readonly planName: Locator
  readonly planDescription: Locator
  readonly createError: Locator

  constructor(readonly page: Page) {
    this.empty = page.getByTestId('scenarios-empty')
    this.growth = page.getByTestId('scenario-growth')
    this.horizon = page.getByTestId('scenario-horizon')
    this.runRate = page.getByTestId('scenario-run-rate')
    this.planName = page.getByTestId('plan-name')
    this.planDescription = page.getByTestId('plan-description')
    this.createError = page.getByTestId('plan-create-error')
  }

  /** Fills the baseline form and creates the draft plan; the app then shows it on the Plans page. */
  async createPlan(opts: { name: string; description?: string; growthPct?: number; horizonDays?: number }): Promise<void> {
    if (opts.growthPct !== undefined) await this.growth.fill(String(opts.growthPct))
    if (opts.horizonDays !== undefined) await this.horizon.fill(String(opts.horizonDays))
    await this.planName.fill(opts.name)
    if (opts.description !== undefined) await this.planDescription.fill(opts.description)
    await this.page.getByTestId('plan-create-submit').click()
  }
}
