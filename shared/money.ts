/**
 * Money formatting, one place for every process.
 *  - On screen (renderer): Intl currency style, "$794,402.13", "€1,200.00".
 *  - In text that leaves the app (plan files committed to Git, commit messages, anomaly explanations stored
 *    in the workspace, the CLI's output): plain ASCII, "$1,234.56" / "EUR 1,234.56". Intl's currency style
 *    puts ICU-version-dependent spaces (U+00A0, U+202F) around codes, and an exported plan must be
 *    byte-for-byte the same whichever Node wrote it.
 */

const moneyFormats = new Map<string, Intl.NumberFormat>()

function moneyFormat(currency: string, digits: number): Intl.NumberFormat {
  const key = `${currency}:${digits}`
  let f = moneyFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    moneyFormats.set(key, f)
  }
  return f
}

/** Money to the cent: "$794,402.13". */
export function money(x: number, currency: string | null = 'USD'): string {
  return moneyFormat(currency ?? 'USD', 2).format(x)
}

/** Money without cents, for large figures in charts: "$794,402". */
export function moneyWhole(x: number, currency: string | null = 'USD'): string {
  return moneyFormat(currency ?? 'USD', 0).format(x)
}

/** A unit price (per accelerator-hour) on screen: three decimals, "$2.000", so pools a tenth of a cent apart differ. */
export function moneyRate(x: number, currency: string | null = 'USD'): string {
  return moneyFormat(currency ?? 'USD', 3).format(x)
}

/** Money for tooltips: cents, but small amounts (< $1) keep up to four digits so they do not read as $0.00. */
export function moneyPrecise(x: number, currency: string | null = 'USD'): string {
  if (x !== 0 && Math.abs(x) < 1) {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency ?? 'USD', maximumSignificantDigits: 3 }).format(x)
  }
  return money(x, currency)
}

/** The amount alone, grouped, fixed decimals: "1,234.56". */
export function amountText(x: number, digits = 2): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** Plain-text money: "$1,234.56" for USD, "EUR 1,234.56" for other currencies; `digits` 0 gives "$1,235". */
export function moneyText(x: number, currency: string | null = 'USD', digits = 2): string {
  const cur = currency ?? 'USD'
  return `${cur === 'USD' ? '$' : `${cur} `}${amountText(x, digits)}`
}

/** A difference in plain text: "+$1,234.56", "−$10.20" (the minus sign reads as one; use it on screens and in the CLI). */
export function signedMoneyText(x: number, currency: string | null = 'USD', digits = 2): string {
  return `${x >= 0 ? '+' : '−'}${moneyText(Math.abs(x), currency, digits)}`
}
