import type { Locator, Page } from '@playwright/test'

export class DataPage {
  readonly fileInput: Locator
  readonly summary: Locator
  readonly outcomes: Locator
  readonly error: Locator
  readonly progress: Locator
  readonly snapshotsEmpty: Locator
  readonly snapshotRows: Locator

  constructor(readonly page: Page) {
    this.fileInput = page.getByTestId('import-input')
    this.summary = page.getByTestId('import-summary')
    this.outcomes = page.getByTestId('import-outcome')
    this.error = page.getByTestId('import-error')
    this.progress = page.getByTestId('import-progress')
    this.snapshotsEmpty = page.getByTestId('snapshots-empty')
    this.snapshotRows = page.getByTestId('snapshot-row')
  }

  /** Picks files through the real file input, as "Choose files…" does. */
  async importFiles(...paths: string[]): Promise<void> {
    await this.fileInput.setInputFiles(paths)
  }

  outcomeFor(fileName: string): Locator {
    return this.outcomes.filter({ hasText: fileName })
  }
}
