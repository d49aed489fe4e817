/** What one import knows about one workload (a workload_fact row), and how it is stored. */
import type { WorkloadSource } from '../../shared/workload-types'
import type { Db } from '../db/open'
import type { WorkloadCore, WorkloadCoreRow } from './row-shapes'

export interface FactRow extends WorkloadCore {
  source: WorkloadSource
  stepMs: number
  acceleratorHours: number | null
  billedCost: number | null
  effectiveCost: number | null
  listCost: number | null
  billingLines: number
  pricingCategory: string | null
}

/** The billing side of a fact that no billing line backs (telemetry pods, job traces): filled in when workloads merge. */
export const UNBILLED = {
  billedCost: null,
  effectiveCost: null,
  listCost: null,
  billingLines: 0,
  provider: null,
  region: null,
  pricingCategory: null,
} as const satisfies Partial<FactRow>

const COLUMNS = [
  'snapshot_id',
  'uid',
  'source',
  'kind',
  'name',
  'namespace',
  'team',
  'project',
  'model_type',
  'accelerator_type',
  'accelerators',
  'containers_json',
  'labels_json',
  'start_ms',
  'end_ms',
  'step_ms',
  'accelerator_hours',
  'billed_cost',
  'effective_cost',
  'list_cost',
  'billing_lines',
  'provider',
  'region',
  'node',
  'pricing_category',
] as const

export function insertFacts(db: Db, snapshotId: number, facts: readonly FactRow[]): void {
  const stmt = db.prepare(`INSERT OR REPLACE INTO workload_fact (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`)
  for (const f of facts) {
    stmt.run(
      snapshotId,
      f.uid,
      f.source,
      f.kind,
      f.name,
      f.namespace,
      f.team,
      f.project,
      f.modelType,
      f.acceleratorType,
      f.accelerators,
      f.containers ? JSON.stringify(f.containers) : null,
      JSON.stringify(f.labels),
      f.startMs,
      f.endMs,
      f.stepMs,
      f.acceleratorHours,
      f.billedCost,
      f.effectiveCost,
      f.listCost,
      f.billingLines,
      f.provider,
      f.region,
      f.node,
      f.pricingCategory,
    )
  }
}

export interface StoredFact extends WorkloadCoreRow {
  snapshot_id: number
  source: WorkloadSource
  step_ms: number
  accelerator_hours: number | null
  billed_cost: number | null
  effective_cost: number | null
  list_cost: number | null
  billing_lines: number
  pricing_category: string | null
}
