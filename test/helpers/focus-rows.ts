import { readFileSync, writeFileSync } from 'node:fs'
import { FOCUS_SAMPLE } from './tmp'

/**
 * A FOCUS 1.0 file with the real sample's header (44 columns) and made-up rows: each row gives the cells it
 * sets, the rest are NULL (as the sample writes them). For tests that need specific days, costs or tags.
 */
export function writeFocusRows(file: string, rows: Record<string, string>[]): void {
  const header = readFileSync(FOCUS_SAMPLE, 'utf8').split('\n')[0] as string
  const cols = header.split(',').map((x) => x.replace(/"/g, ''))
  const base: Record<string, string> = { BillingCurrency: 'USD', ChargeCategory: 'Usage', ServiceCategory: 'Compute', ProviderName: 'Acme' }
  const line = (values: Record<string, string>): string => cols.map((c) => (c in values ? `"${(values[c] as string).replace(/"/g, '""')}"` : 'NULL')).join(',')
  writeFileSync(file, `${header}\n${rows.map((r) => line({ ...base, BilledCost: r.BilledCost ?? '0', EffectiveCost: r.BilledCost ?? '0', ListCost: r.BilledCost ?? '0', ...r })).join('\n')}\n`)
}

/** One line per day: `values[i]` billed on day `offset + i` after 2024-01-01 (UTC). */
export function dailyFocusRows(values: number[], offset = 0, start = Date.UTC(2024, 0, 1)): Record<string, string>[] {
  const day = (i: number): string => new Date(start + i * 86_400_000).toISOString().slice(0, 10)
  return values.map((v, i) => ({
    BilledCost: v.toFixed(4),
    BillingPeriodStart: `${day(0)} 00:00:00`,
    BillingPeriodEnd: `${day(offset + values.length + 1)} 00:00:00`,
    ChargePeriodStart: `${day(offset + i)} 00:00:00`,
    ChargePeriodEnd: `${day(offset + i + 1)} 00:00:00`,
  }))
}
