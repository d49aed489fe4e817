/**
 * Azure cost details (EA and MCA "actual cost" / "amortized cost" exports) → FOCUS. Which dataset a file is
 * comes from its rows (AzureCostKind); covered usage and unused commitment are billed 0 and cost their
 * amortized share, purchases are billed (README: "Semantics"); an actual + amortized pair of one account
 * and period is combined at import (billing-overlap.ts).
 *
 * Rules follow the FinOps Foundation focus_converters `azure` rules
 * (../shared/data/focus/focus-converter-mappings/azure.csv) with the Microsoft FinOps toolkit's reference
 * tables (resources/catalog/azure/azure-open-data.json): units ("10K", "100 Hours") → block size and FOCUS unit, locations →
 * RegionId / RegionName, ConsumedService + resource type → ServiceName / ServiceCategory.
 * Deviations, on purpose: ChargePeriodStart/End are the usage day (Date) and the next day (the converters
 * use the billing period start, which loses the day); BillingPeriodEnd is the day after Azure's inclusive
 * BillingPeriodEndDate (FOCUS ends are exclusive). Dates may be US `M/D/YYYY` (EA) or ISO (MCA).
 * Column names match case-insensitively (EA writes `CostInBillingCurrency`, MCA `costInBillingCurrency`).
 */
import openData from '../../../resources/catalog/azure/azure-open-data.json'
import { ApiError } from '../../../shared/errors'
import { focusColumns, unreadColumns, type Cell } from './billing-sink'
import { MapperNotes, columnIndex, str, tagsObject, type FormatModule, type RowMapper } from './billing-formats'

type Table = { header: string[]; rows: string[][] }
const blank = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v)
const table = (t: Table): (string | null)[][] => t.rows.map((r) => r.map(blank))
const data = openData as unknown as { PricingUnits: Table; Regions: Table; Services: Table }

let lookups: {
  units: Map<string, { block: number; unit: string }>
  regions: Map<string, { id: string; name: string }>
  services: Map<string, { name: string; category: string; subcategory: string | null }>
} | null = null

function tables(): NonNullable<typeof lookups> {
  if (lookups) return lookups
  const units = new Map<string, { block: number; unit: string }>()
  for (const [u, , block, distinct] of table(data.PricingUnits)) if (u != null) units.set(u.trim(), { block: Number(block ?? 1) || 1, unit: distinct ?? 'Units' })
  const regions = new Map<string, { id: string; name: string }>()
  for (const [orig, id, name] of table(data.Regions)) if (orig && id) regions.set(orig.toLowerCase(), { id, name: name ?? id })
  const services = new Map<string, { name: string; category: string; subcategory: string | null }>()
  for (const [consumed, type, name, category, sub] of table(data.Services)) {
    const v = { name: name ?? '', category: category ?? 'Other', subcategory: sub ?? null }
    const cs = (consumed ?? '').toLowerCase()
    services.set(`${cs}|${(type ?? '').toLowerCase()}`, v)
    if (type) services.set(`|${type.toLowerCase()}`, v)
    if (cs && !services.has(`${cs}|`)) services.set(`${cs}|`, v)
  }
  lookups = { units, regions, services }
  return lookups
}

/** `9/2/2023` or `09/02/2023` → `2023-09-02`; ISO dates pass through; anything else is returned as is. */
export function usDate(v: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(.*)$/.exec(v.trim())
  if (!m) return v
  const [, mo = '', d = '', y = '', rest = ''] = m
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}${rest}`
}

/** The day after a YYYY-MM-DD… date, as YYYY-MM-DD (null when it is not a date). */
function nextDay(iso: string): string | null {
  const t = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`)
  return Number.isNaN(t) ? null : new Date(t + 86_400_000).toISOString().slice(0, 10)
}

const CHARGE_CATEGORY: Record<string, string> = {
  Usage: 'Usage',
  Purchase: 'Purchase',
  Tax: 'Tax',
  UnusedReservation: 'Usage',
  UnusedSavingsPlan: 'Usage',
  Refund: 'Credit',
  RoundingAdjustment: 'Adjustment',
}
/** Pricing models whose usage a commitment (reservation, savings plan) covers. */
const COMMITTED = new Set(['Reservation', 'SavingsPlan', 'Savings Plans', 'Savings Plan'])

/**
 * Which of Azure's two cost datasets a file is, told from its rows (Microsoft's "Actual Cost" vs "Amortized
 * Cost" data sets): the actual one prices commitment purchases and leaves covered usage at zero; the
 * amortized one prices covered usage, zeroes or omits purchases, and has UnusedReservation /
 * UnusedSavingsPlan rows. A file without commitment rows reads the same either way ('neutral').
 */
export type AzureCostKind = 'actual' | 'amortized' | 'neutral' | 'mixed'

/**
 * Localized cost-details exports write `Name (EnglishName)` headers (e.g. `Kosten (CostInBillingCurrency)`):
 * each such header is read as its English name in brackets.
 */
export function englishHeader(header: readonly string[]): string[] {
  return header.map((h) => /\(([A-Za-z][A-Za-z0-9]*)\)\s*$/.exec(h)?.[1] ?? h)
}

const FREQUENCY: Record<string, string> = { OneTime: 'One-Time', Recurring: 'Recurring', UsageBased: 'Usage-Based' }
const PRICING: Record<string, string> = { OnDemand: 'Standard', Spot: 'Dynamic', Reservation: 'Committed', SavingsPlan: 'Committed', 'Savings Plans': 'Committed' }

export const azureCostFormat: FormatModule = {
  family: 'azure-cost',
  detect: (raw) => {
    const header = englishHeader(raw)
    return columnIndex(header, 'MeterCategory') >= 0 && columnIndex(header, 'CostInBillingCurrency', 'Cost', 'PreTaxCost') >= 0 && columnIndex(header, 'Date', 'UsageDateTime') >= 0
  },
  mapper(raw, fileName): RowMapper {
    const header = englishHeader(raw)
    const localized = header.some((h, i) => h !== raw[i])
    const col = (...n: string[]): number => columnIndex(header, ...n)
    const c = {
      date: col('Date', 'UsageDateTime'),
      cost: col('CostInBillingCurrency', 'Cost', 'PreTaxCost'),
      currency: col('BillingCurrencyCode', 'BillingCurrency', 'Currency'),
      account: col('BillingAccountId'),
      accountName: col('BillingAccountName'),
      bpStart: col('BillingPeriodStartDate'),
      bpEnd: col('BillingPeriodEndDate'),
      chargeType: col('ChargeType'),
      product: col('ProductName', 'Product'),
      frequency: col('Frequency'),
      benefitId: col('benefitId', 'ReservationId'),
      benefitName: col('benefitName', 'ReservationName'),
      quantity: col('Quantity', 'UsageQuantity'),
      unit: col('UnitOfMeasure'),
      pricingModel: col('PricingModel'),
      publisher: col('PublisherName'),
      location: col('ResourceLocation'),
      resourceId: col('ResourceId', 'InstanceId'),
      resourceName: col('ResourceName'),
      consumed: col('ConsumedService'),
      subscription: col('SubscriptionId', 'SubscriptionGuid'),
      subscriptionName: col('SubscriptionName'),
      meterCategory: col('MeterCategory'),
      meterSub: col('MeterSubCategory'),
      meterName: col('MeterName'),
      meterId: col('MeterId'),
      unitPrice: col('UnitPrice'),
      payg: col('PayGPrice'),
      tags: col('Tags'),
      info: col('AdditionalInfo'),
      az: col('AvailabilityZone'),
      invoice: col('InvoiceId'),
      effectivePrice: col('EffectivePrice'),
    }
    if (c.date < 0 || c.cost < 0) {
      throw new ApiError({
        code: 'bad-file',
        message: `${fileName}: line 1: not an Azure cost details file: needs Date and CostInBillingCurrency columns. Nothing was imported.`,
        problems: [{ file: fileName, line: 1, message: 'missing Date or CostInBillingCurrency' }],
      })
    }
    const extraCols = unreadColumns(header, Object.values(c))
    const { f, present } = focusColumns([
        'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart',
        'ChargeCategory', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory',
        'CommitmentDiscountId', 'CommitmentDiscountName', 'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost',
        'ContractedUnitPrice', 'EffectiveCost', 'InvoiceId', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory',
        'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId', 'ResourceName',
        'ResourceType', 'ServiceCategory', 'ServiceName', 'ServiceSubcategory', 'SkuId', 'SkuMeter', 'SubAccountId', 'SubAccountName', 'Tags',
    ])
    const get = (row: readonly Cell[], i: number): string | null => (i >= 0 ? str(row[i]) : null)
    const { units, regions, services } = tables()
    const notes = new MapperNotes()
    if (localized) notes.note('Localized column headers were read by their English names in brackets, e.g. "Date".')
    const signs = { actual: 0, amortized: 0, firstActual: 0, firstAmortized: 0 }
    const sign = (kind: 'actual' | 'amortized', at: number): void => {
      if (kind === 'actual') {
        if (signs.actual++ === 0) signs.firstActual = at
      } else if (signs.amortized++ === 0) signs.firstAmortized = at
    }
    const kindOf = (): AzureCostKind => (signs.actual && signs.amortized ? 'mixed' : signs.actual ? 'actual' : signs.amortized ? 'amortized' : 'neutral')

    return {
      family: 'azure-cost',
      label: 'azure-cost',
      version: '1.2',
      present,
      costKind: kindOf,
      warnings: () => {
        const kind = kindOf()
        if (kind === 'actual') {
          notes.note('Azure actual-cost export: commitment purchases are billed when bought and not amortized (their EffectiveCost is their BilledCost, covered usage has none). Import the amortized-cost export of the same period too: the two are combined, BilledCost from this one, EffectiveCost from the amortized one.')
        } else if (kind === 'amortized') {
          notes.note('Azure amortized-cost export: commitment purchases are not in it, so BilledCost leaves them out (covered usage and unused commitment are amortized into EffectiveCost, with BilledCost 0). Import the actual-cost export of the same period too: the two are combined, BilledCost from the actual one, EffectiveCost from this one.')
        } else if (kind === 'mixed') {
          notes.note(`Rows of both Azure cost datasets: actual-cost rows (first at line ${signs.firstActual}) and amortized-cost rows (first at line ${signs.firstAmortized}). Costs are read row by row; check that the file is one export.`)
        }
        return notes.warnings()
      },
      map(row, sink, at) {
        const x = sink.cells
        const date = get(row, c.date)
        const day = date === null ? null : usDate(date)
        x[f('ChargePeriodStart')] = day
        x[f('ChargePeriodEnd')] = day === null ? null : (nextDay(day) ?? day)
        const bps = get(row, c.bpStart)
        const bpe = get(row, c.bpEnd)
        x[f('BillingPeriodStart')] = bps === null ? null : usDate(bps)
        x[f('BillingPeriodEnd')] = bpe === null ? null : (nextDay(usDate(bpe)) ?? usDate(bpe))
        const cost = get(row, c.cost)
        const costN = cost === null ? NaN : Number(cost)
        const ct = get(row, c.chargeType)
        const pm = get(row, c.pricingModel)
        const benefit = get(row, c.benefitId)
        const unused = ct === 'UnusedReservation' || ct === 'UnusedSavingsPlan'
        const covered = !unused && ct === 'Usage' && pm !== null && COMMITTED.has(pm)
        const commitmentPurchase = ct === 'Purchase' && ((pm !== null && COMMITTED.has(pm)) || benefit !== null)
        // Which dataset the row comes from (see AzureCostKind).
        if (Number.isFinite(costN)) {
          if (unused || (covered && costN !== 0) || (commitmentPurchase && costN === 0)) sign('amortized', at)
          else if ((commitmentPurchase && costN !== 0) || (covered && costN === 0)) sign('actual', at)
        }
        // Covered usage is billed 0 (the purchase is billed) and costs its amortized share; unused commitment
        // is amortized cost without a bill. The rules hold for either dataset (actual: covered usage is 0).
        x[f('BilledCost')] = covered || unused ? (Number.isFinite(costN) ? 0 : cost) : cost
        x[f('EffectiveCost')] = cost
        x[f('CommitmentDiscountStatus')] = covered ? 'Used' : unused ? 'Unused' : null
        const qty = get(row, c.quantity)
        const q = qty === null ? null : Number(qty)
        const unitText = get(row, c.unit)
        const u = unitText === null ? undefined : units.get(unitText.trim())
        x[f('ConsumedQuantity')] = qty
        x[f('ConsumedUnit')] = u?.unit ?? unitText
        x[f('PricingQuantity')] = q !== null && Number.isFinite(q) ? q / (u?.block ?? 1) : qty
        x[f('PricingUnit')] = u?.unit ?? unitText
        const unitPrice = get(row, c.unitPrice)
        const payg = get(row, c.payg)
        const paygN = payg === null ? NaN : Number(payg)
        x[f('ContractedUnitPrice')] = unitPrice
        x[f('ContractedCost')] = unitPrice !== null && q !== null && Number.isFinite(q) ? Number(unitPrice) * q : cost
        x[f('ListUnitPrice')] = payg
        // ListCost from the pay-as-you-go price (PayGPrice); purchases and some commitment rows have none (or
        // 0): their list cost is unknown, set to what the row costs, and counted in a warning.
        if (paygN > 0 && q !== null && Number.isFinite(q)) x[f('ListCost')] = paygN * q
        else if (Number.isFinite(costN)) {
          if (costN !== 0 || commitmentPurchase) notes.listUnknown()
          x[f('ListCost')] = Math.max(costN, 0)
        } else x[f('ListCost')] = cost
        x[f('AvailabilityZone')] = get(row, c.az)
        x[f('BillingAccountId')] = get(row, c.account)
        x[f('BillingAccountName')] = get(row, c.accountName)
        x[f('BillingCurrency')] = get(row, c.currency)
        x[f('ChargeCategory')] = ct === null ? null : (CHARGE_CATEGORY[ct] ?? 'Adjustment')
        x[f('ChargeDescription')] = get(row, c.product)
        const fr = get(row, c.frequency)
        x[f('ChargeFrequency')] = fr === null ? null : (FREQUENCY[fr] ?? 'Usage-Based')
        const lower = benefit?.toLowerCase() ?? ''
        const kind = lower.includes('/microsoft.capacity/') ? 'reservation' : lower.includes('/microsoft.billingbenefits/') ? 'savings' : null
        x[f('CommitmentDiscountCategory')] = kind === 'reservation' ? 'Usage' : kind === 'savings' ? 'Spend' : null
        x[f('CommitmentDiscountType')] = kind === 'reservation' ? 'Reservation' : kind === 'savings' ? 'Savings Plan' : null
        x[f('CommitmentDiscountId')] = benefit
        x[f('CommitmentDiscountName')] = get(row, c.benefitName)
        x[f('PricingCategory')] = pm === null ? null : (PRICING[pm] ?? 'Other')
        x[f('InvoiceId')] = get(row, c.invoice)
        x[f('InvoiceIssuerName')] = 'Microsoft'
        x[f('ProviderName')] = 'Microsoft'
        x[f('PublisherName')] = get(row, c.publisher) ?? 'Microsoft'
        const loc = get(row, c.location)
        const region = loc === null ? undefined : regions.get(loc.toLowerCase())
        x[f('RegionId')] = region?.id ?? loc
        x[f('RegionName')] = region?.name ?? loc
        const rid = get(row, c.resourceId)
        x[f('ResourceId')] = rid
        x[f('ResourceName')] = get(row, c.resourceName)
        // /subscriptions/…/providers/<namespace>/<type>/<name> → "<namespace>/<type>"
        const m = rid ? /\/providers\/([^/]+\/[^/]+)/i.exec(rid) : null
        const rtype = m?.[1]?.toLowerCase() ?? null
        x[f('ResourceType')] = rtype
        const consumed = (get(row, c.consumed) ?? '').toLowerCase()
        const svc = services.get(`${consumed}|${rtype ?? ''}`) ?? (rtype ? services.get(`|${rtype}`) : undefined) ?? services.get(`${consumed}|`)
        // A commitment purchase has no meter or consumed service: it is named after the commitment it buys.
        x[f('ServiceName')] = svc?.name || get(row, c.meterCategory) || get(row, c.consumed) || (kind === 'savings' ? 'Savings plans' : benefit !== null || commitmentPurchase ? 'Reservations' : get(row, c.product))
        x[f('ServiceCategory')] = svc?.category ?? 'Other'
        x[f('ServiceSubcategory')] = svc?.subcategory ?? null
        x[f('SkuId')] = get(row, c.meterId)
        x[f('SkuMeter')] = get(row, c.meterName)
        x[f('SubAccountId')] = get(row, c.subscription)
        x[f('SubAccountName')] = get(row, c.subscriptionName)
        let kept: Record<string, unknown> | null = null
        const keep = (column: string) => (raw: string): void => {
          ;(kept ??= {})[column] = raw
          notes.unparsed(column, at)
        }
        x[f('Tags')] = c.tags >= 0 ? tagsObject(row[c.tags], keep(header[c.tags] ?? 'Tags')) : null
        const info = c.info >= 0 ? tagsObject(row[c.info], keep(header[c.info] ?? 'AdditionalInfo')) : null
        const vmSize = info?.ServiceType ?? info?.VMSize ?? info?.vmSize
        sink.instanceHint = typeof vmSize === 'string' ? vmSize : (get(row, c.meterName) ?? get(row, c.meterSub))
        let extra: Record<string, unknown> | null = null
        for (const i of extraCols) {
          const v = row[i]
          if (v !== null && v !== undefined && v !== '') (extra ??= {})[header[i] as string] = v
        }
        if (u && u.block !== 1) (extra ??= {}).x_PricingBlockSize = u.block
        sink.extra = kept ? { ...extra, ...(kept as Record<string, unknown>) } : extra
      },
    }
  },
}
