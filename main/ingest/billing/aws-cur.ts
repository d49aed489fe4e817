/**
 * AWS Cost and Usage Report → FOCUS: legacy CUR (`lineItem/UnblendedCost`, CSV) and CUR 2.0
 * (`line_item_unblended_cost`, CSV or Parquet). Legacy names are converted to CUR 2.0's snake case
 * (`lineItem/UsageStartDate` → `line_item_usage_start_date`), so one mapping serves both.
 *
 * Rules follow the FinOps Foundation focus_converters `aws-cur` conversion rules
 * (../shared/data/focus/focus-converter-mappings/aws-cur.csv): BilledCost = NetUnblendedCost when present
 * else UnblendedCost; EffectiveCost = AWS's amortized cost per line item type (the converters' EffectiveCost
 * rule); ChargeCategory from LineItemType; ChargeFrequency from BillType; ListCost = publicOnDemandCost else
 * publicOnDemandRate × UsageAmount (never below BilledCost for want of a price); commitment columns from the
 * savings-plan / RI ARN.
 * Tags come from `resourceTags/*` (legacy) or the `resource_tags` map (CUR 2.0); every other non-empty
 * provider column is kept in x_extra.
 */
import { ApiError } from '../../../shared/errors'
import type { Cell } from './billing-sink'
import { fi, unreadColumns } from './billing-sink'
import { MapperNotes, columnIndex, str, tagsObject, type FormatModule, type RowMapper } from './billing-formats'

/** `lineItem/UsageStartDate` → `line_item_usage_start_date`; CUR 2.0 names pass unchanged. */
export function curSnake(name: string): string {
  if (!name.includes('/')) return name
  const [group = '', col = ''] = name.split('/', 2)
  const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^_/, '')
  return `${snake(group)}_${snake(col)}`
}

const CHARGE_CATEGORY: Record<string, string> = {
  Tax: 'Tax',
  Fee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
  RIFee: 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  Usage: 'Usage',
  SavingsPlanCoveredUsage: 'Usage',
  SavingsPlanNegation: 'Usage',
  DiscountedUsage: 'Usage',
  BundledDiscount: 'Usage',
  Discount: 'Usage',
  PrivateRateDiscount: 'Usage',
  EdpDiscount: 'Usage',
  Credit: 'Credit',
  Refund: 'Adjustment',
}

const CHARGE_FREQUENCY: Record<string, string> = { Refund: 'One-Time', Purchase: 'One-Time', Anniversary: 'Recurring' }

/** FOCUS ServiceCategory for common product codes (the converters' aws_category_mapping.csv is not shipped). */
const SERVICE_CATEGORY: Record<string, string> = {
  AmazonEC2: 'Compute',
  AWSLambda: 'Compute',
  AmazonECS: 'Compute',
  AmazonEKS: 'Compute',
  AmazonSageMaker: 'AI and Machine Learning',
  AmazonBedrock: 'AI and Machine Learning',
  AmazonS3: 'Storage',
  AmazonEFS: 'Storage',
  AmazonFSx: 'Storage',
  AmazonGlacier: 'Storage',
  AmazonRDS: 'Databases',
  AmazonDynamoDB: 'Databases',
  AmazonRedshift: 'Databases',
  AWSGlue: 'Analytics',
  AmazonAthena: 'Analytics',
  AmazonKinesis: 'Analytics',
  AWSQueueService: 'Integration',
  AmazonSNS: 'Integration',
  AmazonCloudWatch: 'Management and Governance',
  AWSCloudTrail: 'Management and Governance',
  AWSConfig: 'Management and Governance',
  awskms: 'Security',
  AWSSecretsManager: 'Security',
  AmazonVPC: 'Networking',
  AmazonCloudFront: 'Networking',
  AmazonRoute53: 'Networking',
  AWSDataTransfer: 'Networking',
}

const PRICING_CATEGORY: Record<string, string> = {
  'On-Demand': 'Standard',
  OnDemand: 'Standard',
  'Reserved Instances': 'Committed',
  'Savings Plans': 'Committed',
  'Spot Instances': 'Dynamic',
  Spot: 'Dynamic',
}

function isCur(header: readonly string[]): boolean {
  const snake = new Set(header.map(curSnake))
  return snake.has('line_item_unblended_cost') && (snake.has('line_item_usage_start_date') || snake.has('line_item_line_item_type'))
}

export const awsCurFormat: FormatModule = {
  family: 'aws-cur',
  detect: isCur,
  mapper(header, fileName): RowMapper {
    const snake = header.map(curSnake)
    const legacy = header.some((h) => h.includes('/'))
    const col = (...names: string[]): number => columnIndex(snake, ...names)
    const need = ['line_item_unblended_cost', 'line_item_usage_start_date', 'line_item_usage_end_date']
    const missing = need.filter((n) => col(n) < 0)
    if (missing.length) {
      throw new ApiError({
        code: 'bad-file',
        message: `${fileName}: line 1: not an AWS CUR file: missing ${missing.join(', ')}. Nothing was imported.`,
        problems: [{ file: fileName, line: 1, message: `missing ${missing.join(', ')}` }],
      })
    }
    const c = {
      payer: col('bill_payer_account_id'),
      payerName: col('bill_payer_account_name'),
      invoice: col('bill_invoice_id'),
      invoicing: col('bill_invoicing_entity'),
      billType: col('bill_bill_type'),
      bpStart: col('bill_billing_period_start_date'),
      bpEnd: col('bill_billing_period_end_date'),
      account: col('line_item_usage_account_id'),
      accountName: col('line_item_usage_account_name'),
      type: col('line_item_line_item_type'),
      start: col('line_item_usage_start_date'),
      end: col('line_item_usage_end_date'),
      product: col('line_item_product_code'),
      usageType: col('line_item_usage_type'),
      az: col('line_item_availability_zone'),
      resource: col('line_item_resource_id'),
      amount: col('line_item_usage_amount'),
      currency: col('line_item_currency_code'),
      unblended: col('line_item_unblended_cost'),
      netUnblended: col('line_item_net_unblended_cost'),
      description: col('line_item_line_item_description'),
      legal: col('line_item_legal_entity'),
      region: col('product_region_code', 'product_region'),
      regionName: col('product_location'),
      serviceName: col('product_product_name', 'product_servicename'),
      sku: col('product_sku'),
      instanceType: col('product_instance_type'),
      purchase: col('product_purchase_option', 'pricing_purchase_option'),
      productMap: col('product'),
      rateCode: col('pricing_rate_code'),
      rateId: col('pricing_rate_id'),
      odCost: col('pricing_public_on_demand_cost'),
      odRate: col('pricing_public_on_demand_rate'),
      unit: col('pricing_unit'),
      term: col('pricing_term'),
      spArn: col('savings_plan_savings_plan_a_r_n'),
      spEffective: col('savings_plan_savings_plan_effective_cost'),
      riArn: col('reservation_reservation_a_r_n'),
      riEffective: col('reservation_effective_cost'),
      riUnits: col('reservation_total_reserved_units'),
      riNetEffective: col('reservation_net_effective_cost'),
      riUnusedUpfront: col('reservation_unused_amortized_upfront_fee_for_billing_period'),
      riNetUnusedUpfront: col('reservation_net_unused_amortized_upfront_fee_for_billing_period'),
      riUnusedRecurring: col('reservation_unused_recurring_fee'),
      riNetUnusedRecurring: col('reservation_net_unused_recurring_fee'),
      spNetEffective: col('savings_plan_net_savings_plan_effective_cost'),
      spCommitment: col('savings_plan_total_commitment_to_date'),
      spUsed: col('savings_plan_used_commitment'),
      billingEntity: col('bill_billing_entity'),
      tagsMap: col('resource_tags'),
    }
    // Tags: `resourceTags/user:team` (legacy CSV) or `resource_tags_user_team` (legacy Athena Parquet).
    const tagPrefix = (h: string): number => (h.startsWith('resourceTags/') ? 'resourceTags/'.length : h.startsWith('resource_tags_') ? 'resource_tags_'.length : 0)
    const tagCols = header.map((h, i) => (tagPrefix(h) > 0 ? i : -1)).filter((i) => i >= 0)
    const extraCols = unreadColumns(header, [...Object.values(c), ...tagCols])

    const F = {
      AvailabilityZone: fi('AvailabilityZone'),
      BilledCost: fi('BilledCost'),
      BillingAccountId: fi('BillingAccountId'),
      BillingAccountName: fi('BillingAccountName'),
      BillingCurrency: fi('BillingCurrency'),
      BillingPeriodEnd: fi('BillingPeriodEnd'),
      BillingPeriodStart: fi('BillingPeriodStart'),
      ChargeCategory: fi('ChargeCategory'),
      ChargeDescription: fi('ChargeDescription'),
      ChargeFrequency: fi('ChargeFrequency'),
      ChargePeriodEnd: fi('ChargePeriodEnd'),
      ChargePeriodStart: fi('ChargePeriodStart'),
      CommitmentDiscountCategory: fi('CommitmentDiscountCategory'),
      CommitmentDiscountId: fi('CommitmentDiscountId'),
      CommitmentDiscountType: fi('CommitmentDiscountType'),
      ConsumedQuantity: fi('ConsumedQuantity'),
      ConsumedUnit: fi('ConsumedUnit'),
      ContractedCost: fi('ContractedCost'),
      EffectiveCost: fi('EffectiveCost'),
      InvoiceId: fi('InvoiceId'),
      InvoiceIssuerName: fi('InvoiceIssuerName'),
      ListCost: fi('ListCost'),
      ListUnitPrice: fi('ListUnitPrice'),
      PricingCategory: fi('PricingCategory'),
      PricingQuantity: fi('PricingQuantity'),
      PricingUnit: fi('PricingUnit'),
      ProviderName: fi('ProviderName'),
      PublisherName: fi('PublisherName'),
      RegionId: fi('RegionId'),
      RegionName: fi('RegionName'),
      ResourceId: fi('ResourceId'),
      ResourceName: fi('ResourceName'),
      ResourceType: fi('ResourceType'),
      ServiceCategory: fi('ServiceCategory'),
      ServiceName: fi('ServiceName'),
      SkuId: fi('SkuId'),
      SkuPriceId: fi('SkuPriceId'),
      SubAccountId: fi('SubAccountId'),
      SubAccountName: fi('SubAccountName'),
      Tags: fi('Tags'),
    }
    const get = (row: readonly Cell[], i: number): Cell => (i >= 0 ? row[i] : null)
    const num = (v: Cell): number | null => {
      const s = str(v)
      if (s === null) return null
      const n = Number(s)
      return Number.isFinite(n) ? n : null
    }
    // With NetUnblendedCost (discounts applied) BilledCost is net: EffectiveCost follows with AWS's net_ columns.
    const net = c.netUnblended >= 0
    const pick = (netCol: number, grossCol: number): number => (net && netCol >= 0 ? netCol : grossCol)
    const riEffective = pick(c.riNetEffective, c.riEffective)
    const riUnusedUpfront = pick(c.riNetUnusedUpfront, c.riUnusedUpfront)
    const riUnusedRecurring = pick(c.riNetUnusedRecurring, c.riUnusedRecurring)
    const spEffective = pick(c.spNetEffective, c.spEffective)
    const notes = new MapperNotes()
    /** Amortized cost per line item type (AWS's amortized-cost definition; the converters' EffectiveCost rule). */
    const effective = (row: readonly Cell[], type: string | null, billed: number): number => {
      switch (type) {
        case 'DiscountedUsage':
          return notes.need(num(get(row, riEffective)), 'reservation/EffectiveCost', billed)
        case 'RIFee': {
          const upfront = num(get(row, riUnusedUpfront))
          const recurring = num(get(row, riUnusedRecurring))
          if (upfront === null && recurring === null) return notes.need(null, 'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod and reservation/UnusedRecurringFee', billed)
          return (upfront ?? 0) + (recurring ?? 0)
        }
        case 'SavingsPlanCoveredUsage':
          return notes.need(num(get(row, spEffective)), 'savingsPlan/SavingsPlanEffectiveCost', billed)
        case 'SavingsPlanRecurringFee': {
          const total = num(get(row, c.spCommitment))
          const used = num(get(row, c.spUsed))
          return total === null || used === null ? notes.need(null, 'savingsPlan/TotalCommitmentToDate and savingsPlan/UsedCommitment', billed) : total - used
        }
        case 'SavingsPlanNegation':
        case 'SavingsPlanUpfrontFee':
          return 0
        case 'Fee':
          // An RI's upfront purchase: amortized into the DiscountedUsage and RIFee lines of the term.
          return str(get(row, c.riArn)) !== null ? 0 : billed
        default:
          return billed
      }
    }

    /**
     * ListCost: the published on-demand cost where the CUR has it, else rate × amount. A fee or purchase
     * whose on-demand price is zero or absent has no list price in the CUR: its ListCost is its BilledCost
     * (counted in a warning), never 0 below what was billed. Negation lines cancel covered usage, whose
     * own line carries the list cost.
     */
    const listCost = (row: readonly Cell[], type: string | null, billed: number): number => {
      if (type === 'SavingsPlanNegation') return 0
      const od = num(get(row, c.odCost))
      const rate = num(get(row, c.odRate))
      const amount = num(get(row, c.amount))
      const list = od ?? (rate !== null && amount !== null ? rate * amount : null)
      if (list === null || (list === 0 && billed > 0)) {
        notes.listUnknown()
        return billed
      }
      return list
    }
    // CUR 2.0 has map columns (product, resource_tags) and names the accounts; a legacy CUR read through
    // Athena (Parquet) has snake-case names too, but flattened product_* and resource_tags_* columns.
    const cur2 = !legacy && (snake.includes('resource_tags') || snake.includes('product') || snake.includes('bill_payer_account_name') || snake.includes('line_item_usage_account_name'))

    return {
      family: 'aws-cur',
      label: cur2 ? 'aws-cur2' : 'aws-cur',
      warnings: () => notes.warnings(),
      version: '1.2',
      present: Object.values(F),
      map(row, sink, at) {
        const x = sink.cells
        const type = str(get(row, c.type))
        const unblended = get(row, c.unblended)
        const netCost = get(row, c.netUnblended)
        const billedCell = str(netCost) !== null ? netCost : unblended
        x[F.BilledCost] = billedCell
        const billed = num(billedCell)
        // A cell that is not a number stays as it is: the sink reports it with its line.
        x[F.EffectiveCost] = billed === null ? billedCell : effective(row, type, billed)
        x[F.ContractedCost] = billedCell
        x[F.ListCost] = billed === null ? billedCell : listCost(row, type, billed)
        x[F.ListUnitPrice] = get(row, c.odRate)
        x[F.AvailabilityZone] = get(row, c.az)
        x[F.BillingAccountId] = get(row, c.payer)
        x[F.BillingAccountName] = get(row, c.payerName)
        x[F.BillingCurrency] = get(row, c.currency)
        x[F.BillingPeriodStart] = get(row, c.bpStart)
        x[F.BillingPeriodEnd] = get(row, c.bpEnd)
        x[F.ChargeCategory] = type === null ? null : (CHARGE_CATEGORY[type] ?? 'Adjustment')
        x[F.ChargeDescription] = get(row, c.description)
        const billType = str(get(row, c.billType))
        x[F.ChargeFrequency] = type === 'Usage' || type === 'DiscountedUsage' || type === 'SavingsPlanCoveredUsage' ? 'Usage-Based' : billType ? (CHARGE_FREQUENCY[billType] ?? null) : null
        x[F.ChargePeriodStart] = get(row, c.start)
        x[F.ChargePeriodEnd] = get(row, c.end)
        const sp = str(get(row, c.spArn))
        const ri = str(get(row, c.riArn))
        x[F.CommitmentDiscountCategory] = sp ? 'Spend' : ri ? 'Usage' : null
        x[F.CommitmentDiscountId] = sp ?? ri
        x[F.CommitmentDiscountType] = sp ? 'Savings Plan' : ri ? 'Reserved Instances (RI)' : null
        x[F.ConsumedQuantity] = get(row, c.amount)
        x[F.ConsumedUnit] = get(row, c.unit)
        x[F.PricingQuantity] = str(get(row, c.riUnits)) !== null ? get(row, c.riUnits) : get(row, c.amount)
        x[F.PricingUnit] = get(row, c.unit)
        const purchase = str(get(row, c.purchase))
        x[F.PricingCategory] = purchase ? (PRICING_CATEGORY[purchase] ?? null) : sp || ri ? 'Committed' : str(get(row, c.term)) === 'OnDemand' ? 'Standard' : null
        x[F.InvoiceId] = get(row, c.invoice)
        // Older CURs have no InvoicingEntity: the billing entity ("AWS", "AWS Marketplace") issues the invoice.
        x[F.InvoiceIssuerName] = get(row, c.invoicing) ?? get(row, c.billingEntity)
        x[F.ProviderName] = 'AWS'
        x[F.PublisherName] = get(row, c.legal) ?? get(row, c.invoicing) ?? get(row, c.billingEntity)
        x[F.RegionId] = get(row, c.region)
        x[F.RegionName] = get(row, c.regionName)
        const resource = str(get(row, c.resource))
        x[F.ResourceId] = resource
        // arn:aws:<service>:<region>:<account>:<type>/<name> or …:<type>:<name> (converters' split on ':')
        const parts = resource?.startsWith('arn:') ? resource.split(':') : null
        const tail = parts?.slice(5).join(':') ?? null
        x[F.ResourceType] = tail ? (tail.split(/[/:]/)[0] ?? null) : null
        x[F.ResourceName] = tail ? (tail.split(/[/:]/).slice(1).join('/') || tail) : resource
        const product = str(get(row, c.product))
        x[F.ServiceName] = get(row, c.serviceName) ?? product
        x[F.ServiceCategory] = product ? (SERVICE_CATEGORY[product] ?? 'Other') : 'Other'
        x[F.SkuId] = get(row, c.sku)
        x[F.SkuPriceId] = get(row, c.rateCode) ?? get(row, c.rateId)
        x[F.SubAccountId] = get(row, c.account)
        x[F.SubAccountName] = get(row, c.accountName)

        let kept: Record<string, unknown> | null = null
        const keep = (column: string) => (raw: string): void => {
          ;(kept ??= {})[column] = raw
          notes.unparsed(column, at)
        }
        let tags: Record<string, unknown> | null = c.tagsMap >= 0 ? tagsObject(get(row, c.tagsMap), keep(header[c.tagsMap] ?? 'resource_tags')) : null
        for (const i of tagCols) {
          const v = row[i]
          if (v !== null && v !== undefined && v !== '') (tags ??= {})[header[i]?.slice(tagPrefix(header[i] ?? '')) ?? ''] = v
        }
        x[F.Tags] = tags
        let hint = str(get(row, c.instanceType))
        if (!hint && c.productMap >= 0) {
          const pm = tagsObject(get(row, c.productMap), keep(header[c.productMap] ?? 'product'))
          const it = pm?.instance_type ?? pm?.instanceType
          hint = typeof it === 'string' ? it : null
        }
        sink.instanceHint = hint ?? str(get(row, c.usageType))
        let extra: Record<string, unknown> | null = null
        for (const i of extraCols) {
          const v = row[i]
          if (v !== null && v !== undefined && v !== '') (extra ??= {})[header[i] as string] = v
        }
        sink.extra = kept ? { ...extra, ...(kept as Record<string, unknown>) } : extra
      },
    }
  },
}
