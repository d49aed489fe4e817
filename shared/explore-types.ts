/** Explore and classification domain types shared by every process. Plain data only. */
import { FOCUS_DIMENSIONS } from './focus-dimensions'

/** What Explore measures. */
export const EXPLORE_METRICS = ['cost', 'gpu-hours', 'idle', 'attribution'] as const
export type ExploreMetric = (typeof EXPLORE_METRICS)[number]

/**
 * Dimensions a question may group or filter by. Billing dimensions work for every metric; Pool, Namespace,
 * Pod and Rule exist for the accelerator metrics (idle, attribution); ChargeDay / ChargeMonth / ChargeWeek are time.
 */
export const EXPLORE_DIMENSIONS = [
  ...FOCUS_DIMENSIONS,
  'Team',
  'Project',
  'ModelType',
  'Phase',
  'AcceleratorType',
  'Pool',
  'Namespace',
  'Pod',
  'Rule',
  'ChargeDay',
  'ChargeWeek',
  'ChargeMonth',
] as const
export type ExploreDimension = (typeof EXPLORE_DIMENSIONS)[number]
export const TIME_DIMENSIONS: readonly ExploreDimension[] = ['ChargeDay', 'ChargeWeek', 'ChargeMonth']
/** Dimensions only the accelerator tables have. */
export const ACCEL_ONLY_DIMENSIONS: readonly ExploreDimension[] = ['Pool', 'Namespace', 'Pod', 'Rule']
/** Dimensions only the billing cube has. */
export const BILLING_ONLY_DIMENSIONS: readonly ExploreDimension[] = ['ServiceCategory', 'ChargeCategory']

export const COST_MEASURES = ['BilledCost', 'EffectiveCost', 'ListCost'] as const
export type CostMeasure = (typeof COST_MEASURES)[number]

/** Exact values per dimension; a row passes when, for every dimension given, its value is one of the list ('(none)' = null). */
export type ExploreFilters = Partial<Record<ExploreDimension, string[]>>

export interface ExploreQuery {
  metric: ExploreMetric
  by: ExploreDimension[]
  /** Inclusive first day and last day (YYYY-MM-DD); default: all. */
  from?: string | undefined
  to?: string | undefined
  filters?: ExploreFilters | undefined
  costMetric?: CostMeasure | undefined
  /** Keep the N largest values of the first non-time dimension; the rest fold into "Other". */
  top?: number | undefined
}

export interface ExploreRow {
  keys: Partial<Record<ExploreDimension, string | null>>
  /** The metric: cost (currency), accelerator-hours, idle cost, or attributed cost. */
  value: number
  /** cost: same as value (kept for `query cost` compatibility); idle / attribution: the billed cost behind it. */
  cost?: number
  /** cost: billing lines behind the row. */
  rows?: number
  /** idle: billed, monitored, busy and idle accelerator-hours; unmonitored cost (no telemetry). */
  billedCost?: number
  billedHours?: number
  monitoredHours?: number
  busyHours?: number
  idleHours?: number
  unmonitoredCost?: number
  /** Busy ÷ monitored hours. */
  utilisation?: number | null
  /** attribution / gpu-hours: accelerator-hours. */
  gpuHours?: number
}

export interface ExploreResult {
  by: ExploreDimension[]
  /** `cost`: the cost measure's name (BilledCost…), else the metric. */
  metric: string
  unit: 'currency' | 'accelerator-hours'
  currency: string | null
  rows: ExploreRow[]
  total: number
  /** attribution: the keys of the remainder rows, so a reader can tell them apart. */
  remainderKeys?: string[]
  /** What the figures rest on, for a person. */
  notes: string[]
  /** The data's own first and last day. */
  period: { start: string; end: string } | null
}

export const LINE_ITEM_COLUMNS = [
  'ChargePeriodStart',
  'ProviderName',
  'ServiceName',
  'SkuId',
  'RegionId',
  'SubAccountName',
  'ResourceName',
  'PricingCategory',
  'Team',
  'Project',
  'ModelType',
  'AcceleratorType',
  'ConsumedQuantity',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
] as const
export type LineItemColumn = (typeof LINE_ITEM_COLUMNS)[number]
export type LineItem = { id: number } & Record<LineItemColumn, string | number | null>

export interface LineItemsResult {
  total: number
  /** Sum of BilledCost over all matching lines (not only this page). */
  totalCost: number
  offset: number
  rows: LineItem[]
}

export interface HeatmapResult {
  /** [dayOfWeek 0=Mon..6][hourOfDay 0..23] busy ÷ monitored accelerator-hours, null where nothing was monitored. */
  utilisation: (number | null)[][]
  idleCost: number[][]
  monitoredHours: number[][]
  currency: string | null
}

export interface MoverRow {
  key: string | null
  before: number
  after: number
  delta: number
  /** delta ÷ total change. */
  shareOfChange: number | null
  anomalies: { id: number; day: string; severity: string; explanation: string }[]
}

export interface MoversResult {
  dimension: ExploreDimension
  before: { from: string; to: string; total: number }
  after: { from: string; to: string; total: number }
  rows: MoverRow[]
  currency: string | null
}

export interface UnitEconomics {
  currency: string | null
  perAcceleratorHour: { acceleratorType: string | null; cost: number; hours: number; costPerHour: number | null }[]
  perThousandRequests: { owner: string; cost: number; requests: number; costPer1k: number | null }[]
  perJob: { job: string; team: string | null; cost: number; gpuHours: number; /** days it ran */ hours: number }[]
  notes: string[]
}

// ---- classification ----

export const MODEL_TYPES = ['llm-training', 'llm-fine-tune', 'llm-inference', 'vision', 'diffusion', 'speech', 'recommender', 'multimodal', 'other'] as const
export type ModelType = (typeof MODEL_TYPES)[number]
export const PHASES = ['training', 'inference', 'batch'] as const
export type Phase = (typeof PHASES)[number]

/** What the classifier looks at: one workload or billed resource. */
export interface ClassifyInput {
  name: string
  image?: string | null | undefined
  labels?: Record<string, string> | undefined
  sku?: string | null | undefined
}

export const RULE_FIELDS = ['name', 'image', 'labels', 'sku', 'any'] as const
export type RuleField = (typeof RULE_FIELDS)[number]

/** A transparent rule: when `pattern` (a case-insensitive regular expression) matches `field`, it says the type and / or phase. */
export interface ClassifyRule {
  id: string
  field: RuleField
  pattern: string
  modelType?: ModelType | undefined
  phase?: Phase | undefined
  note?: string | undefined
}

export type ClassificationSource = 'correction' | 'tag' | 'rule' | 'embedding' | 'default'

export interface Classification {
  modelType: ModelType
  phase: Phase
  source: ClassificationSource
  confidence: number
  /** The rule that fired for the model type (and for the phase, when another). */
  ruleId: string | null
  phaseRuleId: string | null
  neighbours?: { text: string; modelType: ModelType; phase: Phase; similarity: number }[] | undefined
}

export interface SubjectRow {
  id: number
  kind: 'billing' | 'pod'
  key: string
  name: string
  image: string | null
  sku: string | null
  labels: Record<string, string>
  modelType: ModelType | null
  phase: Phase | null
  source: ClassificationSource | null
  confidence: number | null
  ruleId: string | null
  neighbours: { text: string; modelType: ModelType; phase: Phase; similarity: number }[] | null
  embedding: { modelType: ModelType; phase: Phase; confidence: number } | null
  /** Billed cost behind the subject (all time), to sort by what matters. */
  cost: number
}

export interface ClassifierStatus {
  rules: ClassifyRule[]
  defaultRules: ClassifyRule[]
  modelPath: string | null
  /** Whether the embedding layer is in use; when not, why (no folder set, folder unreadable…). */
  embeddings: { enabled: boolean; reason: string; examples: number }
  counts: Record<ClassificationSource, number>
}
