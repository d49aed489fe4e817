import type { Locator, Page } from '@playwright/test'

/** Money as the app prints it ("$794,402.10", "−$1,200.00") back to a number. */
export function moneyValue(text: string): number {
  const neg = /^[−-]/.test(text.trim())
  const n = Number(text.replace(/[^\d.]/g, ''))
  return neg ? -n : n
}

export class ReconcilePage {
  readonly running: Locator
  readonly summary: Locator
  readonly billed: Locator
  readonly billedAcc: Locator
  readonly simulated: Locator
  readonly nextMonth: Locator
  readonly verdict: Locator
  readonly error: Locator
  readonly empty: Locator

  constructor(readonly page: Page) {
    this.running = page.getByTestId('reconcile-running')
    this.summary = page.getByTestId('reconcile-summary')
    this.billed = page.getByTestId('reconcile-billed')
    this.billedAcc = page.getByTestId('reconcile-billed-acc')
    this.simulated = page.getByTestId('reconcile-simulated')
    this.nextMonth = page.getByTestId('reconcile-next-month')
    this.verdict = page.getByTestId('reconcile-verdict')
    this.error = page.getByTestId('reconcile-error')
    this.empty = page.getByTestId('reconcile-empty')
  }

  /** The steps from the billed accelerator spend to one figure, as shown. */
  steps(towards: 'simulated' | 'forecast' | 'next-month'): Locator {
    return this.page.getByTestId(`reconcile-steps-${towards}`).getByTestId('reconcile-step')
  }

  stepsTotal(towards: 'simulated' | 'forecast' | 'next-month'): Locator {
    return this.page.getByTestId(`reconcile-steps-${towards}-total`)
  }

  async figure(l: Locator): Promise<number> {
    return moneyValue(await l.innerText())
  }

  /** The shown steps' amounts (the cells as printed, not an attribute). */
  async stepAmounts(towards: 'simulated' | 'forecast' | 'next-month'): Promise<{ usd: number; reason: string; key: string }[]> {
    const rows = await this.steps(towards).all()
    return Promise.all(
      rows.map(async (r) => ({
        usd: moneyValue(await r.locator('td').nth(0).innerText()),
        reason: await r.locator('td').nth(1).innerText(),
        key: (await r.getAttribute('data-key')) ?? '',
      })),
    )
  }
}
