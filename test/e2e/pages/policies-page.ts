import { expect, type Locator, type Page } from '@playwright/test'

export class PoliciesPage {
  readonly editor: Locator
  readonly preview: Locator
  readonly valid: Locator
  readonly replayRun: Locator
  readonly replayCancel: Locator
  readonly results: Locator
  readonly workloads: Locator
  readonly denied: Locator
  readonly deniedCost: Locator
  readonly examples: Locator
  readonly list: Locator

  constructor(readonly page: Page) {
    this.editor = page.getByTestId('policy-editor')
    this.preview = page.getByTestId('policy-preview')
    this.valid = page.getByTestId('preview-valid')
    this.replayRun = page.getByTestId('replay-run')
    this.replayCancel = page.getByTestId('replay-cancel')
    this.results = page.getByTestId('replay-results')
    this.workloads = page.getByTestId('replay-workloads')
    this.denied = page.getByTestId('replay-denied')
    this.deniedCost = page.getByTestId('replay-denied-cost')
    this.examples = page.getByTestId('replay-examples')
    this.list = page.getByTestId('policy-list')
  }

  async fromExample(name: string): Promise<void> {
    await this.page.getByTestId('policy-new').selectOption({ label: name })
    await expect(this.page.getByTestId('policy-name')).toHaveValue(name)
  }

  rule(id: string): Locator {
    return this.page.getByTestId(`rule-${id}`)
  }

  async replay(range: { from?: string; to?: string } = {}): Promise<void> {
    if (range.from) await this.page.getByTestId('replay-from').fill(range.from)
    if (range.to) await this.page.getByTestId('replay-to').fill(range.to)
    await this.replayRun.click()
    await expect(this.results).toBeVisible({ timeout: 120_000 })
  }
}
