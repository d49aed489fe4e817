/**
 * Every table of the workspace schema, by name: `tables-changed` events name what a write touched with these
 * (never a plain string). test/unit/migrations.test.ts checks this list against the migrated schema both
 * ways — a migration that adds a table adds its name here.
 */
export const TABLE_NAMES = [
  'schema_migration',
  'snapshot',
  'billing_line',
  'billing_setting',
  'plan',
  'plan_event',
  'plan_audit',
  'series',
  'sample',
  'snapshot_series',
  'rollup_5m',
  'rollup_1h',
  'rollup_1d',
  'forecast_run',
  'forecast_result',
  'forecast_backtest',
  'anomaly',
  'catalog_override',
  'scenario',
  'simulation_run',
  'optimization_run',
  'billing_scope',
  'subject',
  'classification_correction',
  'classification_setting',
  'cost_cube',
  'cost_day',
  'accel_pool',
  'accel_hour',
  'accel_day',
  'accel_owner',
  'accel_attribution',
  'accel_requests',
  'subject_cost',
  'explore_state',
] as const

export type TableName = (typeof TABLE_NAMES)[number]
