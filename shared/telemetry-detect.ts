/**
 * Telemetry format detection from a file's name and its first and last bytes (as text). Pure, so the main
 * process (CLI routing, import) and the renderer (which importer a dropped file goes to) decide alike.
 * Billing CSVs have cost columns; telemetry CSVs have a timestamp column and values.
 */
import type { TelemetryFormat } from './telemetry-types'

const BILLING_HINT = /(^|,|")\s*"?(BilledCost|EffectiveCost|lineItem\/|line_item_|CostInBillingCurrency|costInBillingCurrency|cost|Cost|PreTaxCost|cost\/|ChargePeriodStart)/
const TS_COLUMNS = ['timestamp', 'timestamp_anon', 'time', 'ts', 'datetime']

/** The telemetry format of a file, or null when it does not look like telemetry. */
export function detectTelemetryText(fileName: string, head: string, tail: string): TelemetryFormat | null {
  const text = head.replace(/^\uFEFF/, '')
  const lower = fileName.toLowerCase()
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (text.includes('"resourceMetrics"')) return 'otlp-json'
    if (/"resultType"|"status"\s*:\s*"(success|error)"/.test(text)) return 'prometheus-json'
    return lower.endsWith('.otlp.json') || lower.endsWith('.jsonl') ? 'otlp-json' : null
  }
  if (/(^|\n)# EOF\s*$/.test(tail) || lower.endsWith('.om') || lower.endsWith('.openmetrics')) return 'openmetrics'
  const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? ''
  if (/^# (HELP|TYPE|UNIT) /.test(firstLine) || /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?\s+[-+0-9.eEInfNa]+(\s+\d+(\.\d+)?)?\s*$/.test(firstLine)) {
    return 'prometheus-text'
  }
  if (lower.endsWith('.prom')) return 'prometheus-text'
  if (firstLine.includes(',') && !BILLING_HINT.test(firstLine)) {
    const cols = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase())
    if (cols.some((c) => TS_COLUMNS.includes(c) || c.endsWith('_timestamp'))) return 'csv'
  }
  return null
}
