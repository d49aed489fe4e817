/**
 * FOCUS 1.0–1.2 columns, extracted from the FOCUS_Spec column files (tags v1.0, v1.1, v1.2; CC BY 4.0).
 * `since` is the first released version that has the column; `nullable` follows the 1.2 wording.
 */
export type FocusDataType = 'String' | 'Decimal' | 'DateTime' | 'JSON'
export type FocusVersion = '1.0' | '1.1' | '1.2'

export interface FocusColumn {
  readonly id: string
  readonly kind: 'Dimension' | 'Metric'
  readonly type: FocusDataType
  readonly level: 'Mandatory' | 'Conditional' | 'Recommended'
  readonly nullable: boolean
  readonly since: FocusVersion
}

export const FOCUS_COLUMNS: readonly FocusColumn[] = [
  { id: 'AvailabilityZone', kind: 'Dimension', type: 'String', level: 'Recommended', nullable: true, since: '1.0' },
  { id: 'BilledCost', kind: 'Metric', type: 'Decimal', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'BillingAccountId', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'BillingAccountName', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: true, since: '1.0' },
  { id: 'BillingAccountType', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: false, since: '1.2' },
  { id: 'BillingCurrency', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'BillingPeriodEnd', kind: 'Dimension', type: 'DateTime', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'BillingPeriodStart', kind: 'Dimension', type: 'DateTime', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'CapacityReservationId', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.1' },
  { id: 'CapacityReservationStatus', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.1' },
  { id: 'ChargeCategory', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'ChargeClass', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: true, since: '1.0' },
  { id: 'ChargeDescription', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: true, since: '1.0' },
  { id: 'ChargeFrequency', kind: 'Dimension', type: 'String', level: 'Recommended', nullable: false, since: '1.0' },
  { id: 'ChargePeriodEnd', kind: 'Dimension', type: 'DateTime', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'ChargePeriodStart', kind: 'Dimension', type: 'DateTime', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'CommitmentDiscountCategory', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'CommitmentDiscountId', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'CommitmentDiscountName', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'CommitmentDiscountQuantity', kind: 'Metric', type: 'Decimal', level: 'Conditional', nullable: true, since: '1.1' },
  { id: 'CommitmentDiscountStatus', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'CommitmentDiscountType', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'CommitmentDiscountUnit', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.1' },
  { id: 'ConsumedQuantity', kind: 'Metric', type: 'Decimal', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'ConsumedUnit', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'ContractedCost', kind: 'Metric', type: 'Decimal', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'ContractedUnitPrice', kind: 'Metric', type: 'Decimal', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'EffectiveCost', kind: 'Metric', type: 'Decimal', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'InvoiceId', kind: 'Dimension', type: 'String', level: 'Recommended', nullable: true, since: '1.2' },
  { id: 'InvoiceIssuerName', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'ListCost', kind: 'Metric', type: 'Decimal', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'ListUnitPrice', kind: 'Metric', type: 'Decimal', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'PricingCategory', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'PricingCurrency', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.2' },
  { id: 'PricingCurrencyContractedUnitPrice', kind: 'Metric', type: 'Decimal', level: 'Conditional', nullable: true, since: '1.2' },
  { id: 'PricingCurrencyEffectiveCost', kind: 'Metric', type: 'Decimal', level: 'Conditional', nullable: true, since: '1.2' },
  { id: 'PricingCurrencyListUnitPrice', kind: 'Metric', type: 'Decimal', level: 'Conditional', nullable: true, since: '1.2' },
  { id: 'PricingQuantity', kind: 'Metric', type: 'Decimal', level: 'Mandatory', nullable: true, since: '1.0' },
  { id: 'PricingUnit', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: true, since: '1.0' },
  { id: 'ProviderName', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'PublisherName', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'RegionId', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'RegionName', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'ResourceId', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'ResourceName', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'ResourceType', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'ServiceCategory', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'ServiceName', kind: 'Dimension', type: 'String', level: 'Mandatory', nullable: false, since: '1.0' },
  { id: 'ServiceSubcategory', kind: 'Dimension', type: 'String', level: 'Recommended', nullable: false, since: '1.1' },
  { id: 'SkuId', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'SkuMeter', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.1' },
  { id: 'SkuPriceDetails', kind: 'Dimension', type: 'JSON', level: 'Conditional', nullable: true, since: '1.1' },
  { id: 'SkuPriceId', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'SubAccountId', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'SubAccountName', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.0' },
  { id: 'SubAccountType', kind: 'Dimension', type: 'String', level: 'Conditional', nullable: true, since: '1.2' },
  { id: 'Tags', kind: 'Dimension', type: 'JSON', level: 'Conditional', nullable: true, since: '1.0' },
]

export const FOCUS_COLUMN_IDS: readonly string[] = FOCUS_COLUMNS.map((c) => c.id)
