/**
 * Google Cloud billing export → FOCUS, from the BigQuery "standard usage cost" export schema
 * (https://cloud.google.com/billing/docs/how-to/export-data-bigquery-tables/standard-usage), written as
 * CSV (nested fields flattened to `service.description` or `service_description`) or as JSON
 * (newline-delimited objects as `bq extract --destination_format NEWLINE_DELIMITED_JSON` writes them, or
 * one JSON array).
 *
 * Rules follow the FinOps Foundation focus_converters `gcp` rules
 * (../shared/data/focus/focus-converter-mappings/gcp.csv): BilledCost = cost; EffectiveCost = cost + Σ
 * credits.amount (never below 0); ListCost = cost_at_list; ChargeCategory from cost_type; billing period =
 * invoice.month at midnight America/Los_Angeles, in UTC. Labels become Tags; the machine type in
 * system_labels (`compute.googleapis.com/machine_spec`) feeds accelerator detection.
 * No real GCP export is available to this project: the tests use a small fixture written from the schema.
 */
import { ApiError } from '../../../shared/errors'
import { focusColumns, unreadColumns, jsonSafe, type Cell } from './billing-sink'
import { MapperNotes, columnIndex, str, tagsObject, type FormatModule, type RowMapper } from './billing-formats'
import { parseNested } from './nested-values'

/** Column paths of the standard export that the mapping reads (JSON rows are flattened to these). */
export const GCP_COLUMNS = [
  'billing_account_id',
  'service.id',
  'service.description',
  'sku.id',
  'sku.description',
  'usage_start_time',
  'usage_end_time',
  'project.id',
  'project.name',
  'labels',
  'system_labels',
  'location.location',
  'location.region',
  'location.zone',
  'resource.name',
  'resource.global_name',
  'cost',
  'currency',
  'usage.amount',
  'usage.unit',
  'usage.amount_in_pricing_units',
  'usage.pricing_unit',
  'credits',
  'invoice.month',
  'cost_type',
  'cost_at_list',
  'seller_name',
] as const

const norm = (h: string): string => h.trim().toLowerCase().replace(/[. ]/g, '_')

const COST_TYPE: Record<string, string> = { regular: 'Usage', tax: 'Tax', adjustment: 'Adjustment', credit: 'Credit', rounding_error: 'Adjustment' }

const SERVICE_CATEGORY: Record<string, string> = {
  'Compute Engine': 'Compute',
  'Kubernetes Engine': 'Compute',
  'Cloud Run': 'Compute',
  'Cloud TPU': 'AI and Machine Learning',
  'Vertex AI': 'AI and Machine Learning',
  'Cloud Storage': 'Storage',
  BigQuery: 'Analytics',
  'Cloud SQL': 'Databases',
  Networking: 'Networking',
  'Cloud Logging': 'Management and Governance',
  'Cloud Monitoring': 'Management and Governance',
}

/** UTC instant of midnight on the first of the month in America/Los_Angeles (GCP's invoice month). */
export function laMonthStart(year: number, month: number): string {
  const guess = Date.UTC(year, month - 1, 1, 8) // midnight PST
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: 'numeric', hourCycle: 'h23' }).format(new Date(guess)))
  return `${new Date(guess - hour * 3_600_000).toISOString().slice(0, 19)}Z`
}

/** BigQuery writes timestamps as `2024-09-01 07:00:00 UTC`. */
const stripUtc = (s: string | null): string | null => (s === null ? null : s.replace(/ UTC$/, 'Z'))

export const gcpBillingFormat: FormatModule = {
  family: 'gcp-billing',
  detect: (header) => {
    const h = new Set(header.map(norm))
    return h.has('cost') && h.has('usage_start_time') && (h.has('billing_account_id') || h.has('service_description'))
  },
  mapper(header, fileName): RowMapper {
    const normalized = header.map(norm)
    const col = (p: string): number => columnIndex(normalized, norm(p))
    const c = Object.fromEntries(GCP_COLUMNS.map((p) => [p, col(p)])) as Record<(typeof GCP_COLUMNS)[number], number>
    const missing = (['cost', 'usage_start_time', 'usage_end_time'] as const).filter((p) => c[p] < 0)
    if (missing.length) {
      throw new ApiError({
        code: 'bad-file',
        message: `${fileName}: line 1: not a GCP billing export: missing ${missing.join(', ')}. Nothing was imported.`,
        problems: [{ file: fileName, line: 1, message: `missing ${missing.join(', ')}` }],
      })
    }
    const extraCols = unreadColumns(header, Object.values(c))
    const { f, present } = focusColumns([
        'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory',
        'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost',
        'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId',
        'RegionName', 'ResourceId', 'ResourceName', 'ServiceCategory', 'ServiceName', 'SkuId', 'SubAccountId', 'SubAccountName', 'Tags',
    ])
    const raw = (row: readonly Cell[], p: (typeof GCP_COLUMNS)[number]): Cell => (c[p] >= 0 ? row[c[p]] : null)
    const get = (row: readonly Cell[], p: (typeof GCP_COLUMNS)[number]): string | null => str(raw(row, p))
    const notes = new MapperNotes()
    return {
      warnings: () => notes.warnings(),
      family: 'gcp-billing',
      label: 'gcp-billing',
      version: '1.2',
      present,
      map(row, sink, at) {
        const x = sink.cells
        x[f('ChargePeriodStart')] = stripUtc(get(row, 'usage_start_time'))
        x[f('ChargePeriodEnd')] = stripUtc(get(row, 'usage_end_time'))
        const month = get(row, 'invoice.month')
        const m = month ? /^(\d{4})(\d{2})$/.exec(month) : null
        if (m) {
          const y = Number(m[1])
          const mo = Number(m[2])
          x[f('BillingPeriodStart')] = laMonthStart(y, mo)
          x[f('BillingPeriodEnd')] = mo === 12 ? laMonthStart(y + 1, 1) : laMonthStart(y, mo + 1)
        } else if (month !== null) {
          sink.problem(at, 'invoice.month', `"${month.slice(0, 20)}" is not a YYYYMM month`)
        }
        const cost = get(row, 'cost')
        x[f('BilledCost')] = cost
        x[f('ContractedCost')] = cost
        // credits change EffectiveCost: one that cannot be read stops the import at its line, never guessed.
        let credits = 0
        let creditsOk = true
        const cr = raw(row, 'credits')
        const list = typeof cr === 'string' ? parseNested(cr) : cr
        if (Array.isArray(list)) {
          for (const e of list) {
            const amount = e && typeof e === 'object' ? (e as { amount?: unknown }).amount : undefined
            const n = typeof amount === 'number' ? amount : typeof amount === 'string' ? Number(amount) : amount === undefined || amount === null ? 0 : NaN
            if (!Number.isFinite(n)) {
              sink.problem(at, 'credits', `a credit amount ${JSON.stringify(amount)?.slice(0, 30) ?? ''} is not a number`)
              creditsOk = false
            } else credits += n
          }
        } else if (list !== null) {
          const text = typeof cr === 'string' ? cr : (JSON.stringify(cr, jsonSafe) ?? '')
          sink.problem(at, 'credits', `"${text.slice(0, 40)}" is not a list of credits (neither JSON nor a Python literal)`)
          creditsOk = false
        }
        const costN = cost === null ? NaN : Number(cost)
        x[f('EffectiveCost')] = Number.isFinite(costN) && creditsOk ? Math.max(0, costN + credits) : cost
        x[f('ListCost')] = get(row, 'cost_at_list') ?? cost
        x[f('BillingAccountId')] = get(row, 'billing_account_id')
        x[f('BillingCurrency')] = get(row, 'currency')
        const ct = get(row, 'cost_type')
        x[f('ChargeCategory')] = ct === null ? 'Usage' : (COST_TYPE[ct] ?? 'Adjustment')
        x[f('ChargeFrequency')] = 'Usage-Based'
        x[f('ChargeDescription')] = get(row, 'sku.description')
        x[f('ConsumedQuantity')] = get(row, 'usage.amount')
        x[f('ConsumedUnit')] = get(row, 'usage.unit')
        x[f('PricingQuantity')] = get(row, 'usage.amount_in_pricing_units')
        x[f('PricingUnit')] = get(row, 'usage.pricing_unit')
        x[f('InvoiceIssuerName')] = 'Google'
        x[f('ProviderName')] = 'Google Cloud'
        x[f('PublisherName')] = get(row, 'seller_name') ?? 'Google Cloud'
        const region = get(row, 'location.region') ?? get(row, 'location.location')
        x[f('RegionId')] = region
        x[f('RegionName')] = region
        x[f('AvailabilityZone')] = get(row, 'location.zone')
        x[f('ResourceId')] = get(row, 'resource.global_name')
        x[f('ResourceName')] = get(row, 'resource.name')
        const service = get(row, 'service.description')
        x[f('ServiceName')] = service
        x[f('ServiceCategory')] = service ? (SERVICE_CATEGORY[service] ?? 'Other') : 'Other'
        x[f('SkuId')] = get(row, 'sku.id')
        x[f('SubAccountId')] = get(row, 'project.id')
        x[f('SubAccountName')] = get(row, 'project.name')
        let kept: Record<string, unknown> | null = null
        const keep = (column: string) => (text: string): void => {
          ;(kept ??= {})[column] = text
          notes.unparsed(column, at)
        }
        x[f('Tags')] = tagsObject(raw(row, 'labels'), keep('labels'))
        const sys = tagsObject(raw(row, 'system_labels'), keep('system_labels'))
        const spec = sys?.['compute.googleapis.com/machine_spec']
        sink.instanceHint = typeof spec === 'string' ? spec : null
        let extra: Record<string, unknown> | null = null
        for (const i of extraCols) {
          const v = row[i]
          if (v !== null && v !== undefined && v !== '') (extra ??= {})[header[i] as string] = v
        }
        if (sys) (extra ??= {}).system_labels = sys
        sink.extra = kept ? { ...extra, ...(kept as Record<string, unknown>) } : extra
      },
    }
  },
}

function flatten(o: Record<string, unknown>, prefix: string, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(o)) {
    const p = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, p, out)
    else out.set(p, v)
  }
}

const JSON_HEADER: string[] = [...GCP_COLUMNS]
const JSON_ARRAY_LIMIT = 256 << 20

/**
 * Rows of a JSON billing export: newline-delimited objects (streamed, one line at a time) or a single JSON
 * array (read whole; refused above 256 MB — export NDJSON for larger files). Each object is flattened to
 * the GCP column paths; other fields go to x_extra through an `_other` column.
 */
export async function gcpJsonRows(
  text: AsyncIterable<{ text: string; fileBytesRead: number }>,
  fileName: string,
  h: { header: (h: string[]) => void; row: (r: Cell[], at: number) => void; progress: (bytes: number) => void | Promise<void> },
): Promise<void> {
  const header = [...JSON_HEADER, '_other']
  h.header(header)
  const known = new Set<string>(JSON_HEADER)
  const emit = (obj: unknown, at: number): void => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      throw new ApiError({
        code: 'bad-file',
        message: `${fileName}: line ${at}: expected a JSON object per row. Nothing was imported.`,
        problems: [{ file: fileName, line: at, message: 'not a JSON object' }],
      })
    }
    const flat = new Map<string, unknown>()
    flatten(obj as Record<string, unknown>, '', flat)
    const row: Cell[] = JSON_HEADER.map((p) => (flat.get(p) ?? null) as Cell)
    let other: Record<string, unknown> | null = null
    for (const [k, v] of flat) if (!known.has(k) && v !== null && v !== undefined) (other ??= {})[k] = v
    row.push(other)
    h.row(row, at)
  }
  const parse = (s: string, at: number): unknown => {
    try {
      return JSON.parse(s)
    } catch (err) {
      throw new ApiError({
        code: 'bad-file',
        message: `${fileName}: line ${at}: invalid JSON (${(err as Error).message}) — truncated or mis-quoted? Nothing was imported.`,
        problems: [{ file: fileName, line: at, message: `invalid JSON: ${(err as Error).message}` }],
      })
    }
  }
  let buf = ''
  let line = 1
  let array: string[] | null = null
  let arrayBytes = 0
  for await (const chunk of text) {
    await h.progress(chunk.fileBytesRead)
    if (array === null && buf === '' && /^\s*\[/.test(chunk.text)) array = []
    if (array !== null) {
      arrayBytes += chunk.text.length
      if (arrayBytes > JSON_ARRAY_LIMIT) {
        throw new ApiError({
          code: 'bad-file',
          message: `${fileName}: a single JSON array over 256 MB; export newline-delimited JSON instead. Nothing was imported.`,
          problems: [{ file: fileName, line: 1, message: 'JSON array too large' }],
        })
      }
      array.push(chunk.text)
      continue
    }
    buf += chunk.text
    let nl = buf.indexOf('\n')
    let from = 0
    while (nl !== -1) {
      const s = buf.slice(from, nl).trim()
      if (s) emit(parse(s, line), line)
      line++
      from = nl + 1
      nl = buf.indexOf('\n', from)
    }
    buf = buf.slice(from)
  }
  if (array !== null) {
    const all = parse(array.join(''), 1)
    if (!Array.isArray(all)) throw new ApiError({ code: 'bad-file', message: `${fileName}: expected a JSON array of rows.`, problems: [{ file: fileName, line: 1, message: 'not an array' }] })
    all.forEach((o, i) => emit(o, i + 1))
    return
  }
  if (buf.trim()) emit(parse(buf.trim(), line), line)
}
