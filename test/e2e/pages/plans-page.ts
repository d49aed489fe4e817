import type { Locator, Page } from '@playwright/test'

export class PlansPage {
  readonly empty: Locator
  readonly rows: Locator
  readonly detail: Locator
  readonly title: Locator
  readonly status: Locator
  readonly approvalBy: Locator
  readonly approveError: Locator
  readonly exportRepo: Locator
  readonly exportResult: Locator
  readonly exportCommit: Locator
  readonly exportBranch: Locator
  readonly exportError: Locator
  readonly exportHistory: Locator

  constructor(readonly page: Page) {
    this.empty = page.getByTestId('plans-empty')
    this.rows = page.getByTestId('plan-row')
    this.detail = page.getByTestId('plan-detail')
    this.title = this.detail.getByTestId('plan-title')
    this.status = this.detail.getByTestId('plan-status').first()
    this.approvalBy = page.getByTestId('approval-by')
    this.approveError = page.getByTestId('approve-error')
    this.exportRepo = page.getByTestId('export-repo')
    this.exportResult = page.getByTestId('export-result')
    this.exportCommit = page.getByTestId('export-commit')
    this.exportBranch = page.getByTestId('export-branch')
    this.exportError = page.getByTestId('export-error')
    this.exportHistory = page.getByTestId('export-history')
  }

  /** Draft → in review. */
  async submitForReview(): Promise<void> {
    await this.page.getByTestId('plan-submit').click()
    await this.page.getByTestId('approve-form').waitFor()
  }

  /** Fills the approval form and opens the confirmation, which shows what is signed. */
  async openApproval(by: string, comment: string): Promise<Locator> {
    await this.page.getByTestId('approve-name').fill(by)
    await this.page.getByTestId('approve-comment').fill(comment)
    await this.page.getByTestId('approve-submit').click()
    const dialog = this.page.getByTestId('approve-dialog')
    await dialog.waitFor()
    return dialog
  }

  async approve(by: string, comment: string): Promise<void> {
    const dialog = await this.openApproval(by, comment)
    await dialog.getByTestId('approve-confirm').click()
    await dialog.waitFor({ state: 'detached' })
  }

  /** The review diff against a checkout. */
  async compareWith(repoPath: string): Promise<Locator> {
    await this.page.getByTestId('diff-repo').fill(repoPath)
    await this.page.getByTestId('diff-submit').click()
    const diff = this.page.getByTestId('plan-diff')
    await diff.waitFor()
    return diff
  }

  async exportTo(repoPath: string): Promise<void> {
    await this.exportRepo.fill(repoPath)
    await this.page.getByTestId('export-submit').click()
  }
}
