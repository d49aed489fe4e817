/** `fleetplan export focus`: the workspace's billing lines as a FOCUS 1.2 CSV or Parquet file. */
import { resolve } from 'node:path'
import type { FocusExportResult } from '../../shared/billing-types'

export const EXPORT_USAGE = `  fleetplan export focus --out FILE.csv|FILE.parquet [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--force] --workspace W [--json]`

export const EXPORT_OPTIONS = {
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  force: { type: 'boolean', default: false },
} as const

export class ExportUsageError extends Error {}

type Values = Record<string, string | boolean | undefined>

export async function exportCommand(
  sub: string | undefined,
  values: Values,
  call: (name: 'billing-export-focus', input: unknown) => Promise<unknown>,
  out: (value: unknown, text: () => string) => void,
): Promise<number> {
  if (sub !== 'focus') throw new ExportUsageError('export supports: focus')
  const file = typeof values.out === 'string' ? values.out : undefined
  if (!file) throw new ExportUsageError('export focus needs --out FILE.csv or FILE.parquet')
  const day = (k: 'from' | 'to'): string | undefined => {
    const v = values[k]
    if (v === undefined) return undefined
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new ExportUsageError(`--${k} takes a day, YYYY-MM-DD`)
    return v
  }
  const from = day('from')
  const to = day('to')
  const r = (await call('billing-export-focus', {
    out: resolve(file),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(values.force === true ? { overwrite: true } : {}),
  })) as FocusExportResult
  out(r, () => `wrote ${r.path} (FOCUS 1.2 ${r.format}): ${r.rows} rows, ${r.columns.length} columns (${r.columns.filter((c) => c.startsWith('x_')).length} x_), total BilledCost ${r.totalBilledCost.toFixed(2)}`)
  return 0
}
