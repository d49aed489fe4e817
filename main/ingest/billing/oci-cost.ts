/**
 * Oracle Cloud (OCI) cost reports (`reports/cost-csv/*.csv`) → FOCUS.
 *
 * Rules follow the FinOps Foundation focus_converters `oci` rules
 * (../shared/data/focus/focus-converter-mappings/oci.csv), with one deliberate deviation: BilledCost is
 * `cost/myCost` (the rules name `cost/myCostOverage`, which is empty on ordinary usage lines and would make
 * every bill zero); EffectiveCost is `cost/myCost` as in the rules. Billing period = the calendar month of
 * the usage interval (the rules' MONTH_START / MONTH_END). Tags are the `tags/<namespace>.<key>` columns.
 */
import { ApiError } from '../../../shared/errors'
import { focusColumns, unreadColumns, type Cell } from './billing-sink'
import { columnIndex, str, type FormatModule, type RowMapper } from './billing-formats'

function monthBounds(iso: string): [string, string] | null {
  const m = /^(\d{4})-(\d{2})/.exec(iso)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
  return [`${m[1]}-${m[2]}-01T00:00:00Z`, `${next}-01T00:00:00Z`]
}

export const ociCostFormat: FormatModule = {
  family: 'oci-cost',
  detect: (header) => header.includes('cost/myCost') && header.includes('lineItem/intervalUsageStart'),
  mapper(header, fileName): RowMapper {
    const col = (...n: string[]): number => columnIndex(header, ...n)
    const c = {
      start: col('lineItem/intervalUsageStart'),
      end: col('lineItem/intervalUsageEnd'),
      tenant: col('lineItem/tenantId'),
      correction: col('lineItem/isCorrection'),
      service: col('product/service'),
      compartmentName: col('product/compartmentName'),
      region: col('product/region'),
      ad: col('product/availabilityDomain'),
      resource: col('product/resourceId'),
      quantity: col('usage/billedQuantity'),
      subscription: col('cost/subscriptionId'),
      sku: col('cost/productSku'),
      description: col('product/Description'),
      unitPrice: col('cost/unitPrice'),
      myCost: col('cost/myCost'),
      currency: col('cost/currencyCode'),
      unit: col('cost/skuUnitDescription'),
    }
    if (c.start < 0 || c.end < 0 || c.myCost < 0) {
      throw new ApiError({
        code: 'bad-file',
        message: `${fileName}: line 1: not an OCI cost report: needs lineItem/intervalUsageStart, lineItem/intervalUsageEnd and cost/myCost. Nothing was imported.`,
        problems: [{ file: fileName, line: 1, message: 'missing OCI cost report columns' }],
      })
    }
    const tagCols = header.map((h, i) => (h.startsWith('tags/') ? i : -1)).filter((i) => i >= 0)
    const extraCols = unreadColumns(header, [...Object.values(c), ...tagCols])
    const { f, present } = focusColumns([
        'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory',
        'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost',
        'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName',
        'RegionId', 'RegionName', 'ResourceId', 'ServiceCategory', 'ServiceName', 'SkuId', 'SubAccountId', 'SubAccountName', 'Tags',
    ])
    const get = (row: readonly Cell[], i: number): string | null => (i >= 0 ? str(row[i]) : null)
    return {
      family: 'oci-cost',
      label: 'oci-cost',
      version: '1.2',
      present,
      map(row, sink) {
        const x = sink.cells
        const start = get(row, c.start)
        x[f('ChargePeriodStart')] = start
        x[f('ChargePeriodEnd')] = get(row, c.end)
        const month = start === null ? null : monthBounds(start)
        x[f('BillingPeriodStart')] = month?.[0] ?? null
        x[f('BillingPeriodEnd')] = month?.[1] ?? null
        const cost = get(row, c.myCost)
        x[f('BilledCost')] = cost
        x[f('EffectiveCost')] = cost
        x[f('ContractedCost')] = cost
        x[f('ListCost')] = cost
        x[f('ContractedUnitPrice')] = get(row, c.unitPrice)
        x[f('AvailabilityZone')] = get(row, c.ad)
        x[f('BillingAccountId')] = get(row, c.subscription)
        x[f('BillingCurrency')] = get(row, c.currency)
        x[f('ChargeCategory')] = get(row, c.correction) === 'true' ? 'Adjustment' : 'Usage'
        x[f('ChargeFrequency')] = 'Usage-Based'
        x[f('ChargeDescription')] = get(row, c.description)
        x[f('ConsumedQuantity')] = get(row, c.quantity)
        x[f('PricingQuantity')] = get(row, c.quantity)
        x[f('ConsumedUnit')] = get(row, c.unit)
        x[f('PricingUnit')] = get(row, c.unit)
        x[f('InvoiceIssuerName')] = 'Oracle'
        x[f('ProviderName')] = 'Oracle'
        x[f('PublisherName')] = 'Oracle'
        x[f('RegionId')] = get(row, c.region)
        x[f('RegionName')] = get(row, c.region)
        x[f('ResourceId')] = get(row, c.resource)
        const service = get(row, c.service)
        x[f('ServiceName')] = service
        x[f('ServiceCategory')] = service === 'COMPUTE' ? 'Compute' : service === 'DATABASE' ? 'Databases' : service === 'BLOCK_STORAGE' || service === 'OBJECT_STORAGE' ? 'Storage' : service === 'NETWORK' ? 'Networking' : 'Other'
        x[f('SkuId')] = get(row, c.sku)
        x[f('SubAccountId')] = get(row, c.tenant)
        x[f('SubAccountName')] = get(row, c.compartmentName)
        let tags: Record<string, unknown> | null = null
        for (const i of tagCols) {
          const v = row[i]
          if (v !== null && v !== undefined && v !== '') (tags ??= {})[header[i]?.slice(5) ?? ''] = v
        }
        x[f('Tags')] = tags
        // GPU shapes appear in the description ("… BM.GPU.H100.8 …") or the resource id.
        sink.instanceHint = get(row, c.description)
        let extra: Record<string, unknown> | null = null
        for (const i of extraCols) {
          const v = row[i]
          if (v !== null && v !== undefined && v !== '') (extra ??= {})[header[i] as string] = v
        }
        sink.extra = extra
      },
    }
  },
}
