/** The FOCUS columns every cost question can group or filter by, in the order pickers list them. */
export const FOCUS_DIMENSIONS = ['ProviderName', 'ServiceName', 'ServiceCategory', 'RegionId', 'SubAccountName', 'ChargeCategory', 'PricingCategory', 'SkuId'] as const
