import type { Locator, Page } from '@playwright/test'

/** The billing parts of the Data page: format override and the attribution tag-key form. */
export class BillingSettings {
  readonly format: Locator
  readonly tagKeysForm: Locator
  readonly saved: Locator

  constructor(readonly page: Page) {
    this.format = page.getByTestId('billing-format')
    this.tagKeysForm = page.getByTestId('tag-keys-form')
    this.saved = page.getByTestId('tag-keys-saved')
  }

  tagKeys(field: 'team' | 'project' | 'modelType'): Locator {
    return this.page.getByTestId(`tag-keys-${field}`)
  }

  async saveTagKeys(keys: { team?: string; project?: string; modelType?: string }): Promise<void> {
    for (const [k, v] of Object.entries(keys)) await this.tagKeys(k as 'team').fill(v)
    await this.page.getByTestId('tag-keys-save').click()
  }
}
