CREATE INDEX accel_attribution_day ON accel_attribution(day);

CREATE INDEX accel_hour_hour ON accel_hour(hour);

CREATE INDEX anomaly_at ON anomaly(at);

CREATE INDEX billing_line_accelerator ON billing_line(accelerator_type) WHERE accelerator_type IS NOT NULL;

CREATE INDEX billing_line_billed_cost ON billing_line("BilledCost");

CREATE INDEX billing_line_charge_start ON billing_line("ChargePeriodStart");

CREATE INDEX billing_line_snapshot ON billing_line(snapshot_id);

CREATE INDEX billing_scope_key ON billing_scope(provider, billing_account_id, period_start);

CREATE INDEX billing_scope_snapshot ON billing_scope(snapshot_id);

CREATE INDEX cost_cube_day ON cost_cube(day);

CREATE INDEX cost_cube_snapshot ON cost_cube(snapshot_id);

CREATE INDEX cost_day_day ON cost_day(day);

CREATE INDEX cost_day_snapshot ON cost_day(snapshot_id);

CREATE INDEX plan_audit_plan ON plan_audit(plan_id, id);

CREATE INDEX plan_event_plan ON plan_event(plan_id);

CREATE INDEX policy_replay_policy ON policy_replay(policy_id, id);

CREATE INDEX series_metric_model ON series(metric, gpu_model);

CREATE INDEX simulation_run_scenario ON simulation_run(scenario_id, created_at);

CREATE INDEX snapshot_series_series ON snapshot_series(series_id);

CREATE INDEX workload_fact_node ON workload_fact(node) WHERE node IS NOT NULL;

CREATE INDEX workload_fact_snapshot ON workload_fact(snapshot_id);

CREATE INDEX workload_start ON workload(start_ms);

CREATE INDEX workload_team ON workload(team, start_ms);

CREATE TABLE accel_attribution (
  day TEXT NOT NULL,
  pool_id INTEGER NOT NULL,
  owner_id INTEGER NOT NULL,
  rule TEXT NOT NULL,
  billed REAL NOT NULL,
  effective REAL NOT NULL,
  list REAL NOT NULL,
  gpu_hours REAL NOT NULL
);

CREATE TABLE accel_day (
  pool_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  billed REAL NOT NULL,
  effective REAL NOT NULL,
  list REAL NOT NULL,
  billed_hours REAL NOT NULL,
  observed_hours REAL NOT NULL,
  monitored_hours REAL NOT NULL,
  busy_hours REAL NOT NULL,
  idle_billed REAL NOT NULL,
  idle_effective REAL NOT NULL,
  idle_list REAL NOT NULL,
  unmon_billed REAL NOT NULL,
  unmon_effective REAL NOT NULL,
  unmon_list REAL NOT NULL,
  seen_hours REAL NOT NULL,
  PRIMARY KEY (pool_id, day)
) WITHOUT ROWID;

CREATE TABLE accel_hour (
  pool_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  dow INTEGER NOT NULL,
  hod INTEGER NOT NULL,
  billed REAL NOT NULL,
  effective REAL NOT NULL,
  list REAL NOT NULL,
  billed_hours REAL NOT NULL,
  observed_hours REAL NOT NULL,
  monitored_hours REAL NOT NULL,
  busy_hours REAL NOT NULL,
  -- idle and unmonitored cost per measure, and the hours utilisation is measured over (monitored, or observed
  -- for telemetry nothing billed)
  idle_billed REAL NOT NULL,
  idle_effective REAL NOT NULL,
  idle_list REAL NOT NULL,
  unmon_billed REAL NOT NULL,
  unmon_effective REAL NOT NULL,
  unmon_list REAL NOT NULL,
  seen_hours REAL NOT NULL,
  PRIMARY KEY (pool_id, hour)
) WITHOUT ROWID;

CREATE TABLE accel_owner (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('pod', 'billing', 'remainder')),
  namespace TEXT,
  pod TEXT,
  team TEXT,
  project TEXT,
  subject_id INTEGER
);

CREATE TABLE accel_pool (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  billed INTEGER NOT NULL,
  provider TEXT,
  region TEXT,
  service TEXT,
  sub_account TEXT,
  pricing_category TEXT,
  sku TEXT,
  accelerator_type TEXT,
  team TEXT,
  project TEXT,
  subject_id INTEGER
);

CREATE TABLE accel_requests (
  day TEXT NOT NULL,
  owner_key TEXT NOT NULL,
  requests REAL NOT NULL,
  billed REAL NOT NULL,
  effective REAL NOT NULL,
  list REAL NOT NULL,
  PRIMARY KEY (day, owner_key)
) WITHOUT ROWID;

CREATE TABLE anomaly (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('cost', 'gpu-utilisation')),
  series_key TEXT NOT NULL,
  label TEXT NOT NULL,
  at TEXT NOT NULL,
  actual REAL NOT NULL,
  expected REAL NOT NULL,
  lo REAL NOT NULL,
  hi REAL NOT NULL,
  excess REAL NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  explanation TEXT NOT NULL,
  drivers_json TEXT NOT NULL DEFAULT '[]',
  -- the import whose data the detector looked at; deleting that snapshot drops what it flagged
  snapshot_id INTEGER REFERENCES snapshot(id) ON DELETE CASCADE,
  detected_at TEXT NOT NULL,
  UNIQUE (kind, series_key, at)
);

CREATE TABLE billing_line (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  source_line INTEGER NOT NULL,
  "AvailabilityZone" TEXT,
  "BilledCost" REAL,
  "BillingAccountId" TEXT,
  "BillingAccountName" TEXT,
  "BillingAccountType" TEXT,
  "BillingCurrency" TEXT,
  "BillingPeriodEnd" TEXT,
  "BillingPeriodStart" TEXT,
  "CapacityReservationId" TEXT,
  "CapacityReservationStatus" TEXT,
  "ChargeCategory" TEXT,
  "ChargeClass" TEXT,
  "ChargeDescription" TEXT,
  "ChargeFrequency" TEXT,
  "ChargePeriodEnd" TEXT,
  "ChargePeriodStart" TEXT,
  "CommitmentDiscountCategory" TEXT,
  "CommitmentDiscountId" TEXT,
  "CommitmentDiscountName" TEXT,
  "CommitmentDiscountQuantity" REAL,
  "CommitmentDiscountStatus" TEXT,
  "CommitmentDiscountType" TEXT,
  "CommitmentDiscountUnit" TEXT,
  "ConsumedQuantity" REAL,
  "ConsumedUnit" TEXT,
  "ContractedCost" REAL,
  "ContractedUnitPrice" REAL,
  "EffectiveCost" REAL,
  "InvoiceId" TEXT,
  "InvoiceIssuerName" TEXT,
  "ListCost" REAL,
  "ListUnitPrice" REAL,
  "PricingCategory" TEXT,
  "PricingCurrency" TEXT,
  "PricingCurrencyContractedUnitPrice" REAL,
  "PricingCurrencyEffectiveCost" REAL,
  "PricingCurrencyListUnitPrice" REAL,
  "PricingQuantity" REAL,
  "PricingUnit" TEXT,
  "ProviderName" TEXT,
  "PublisherName" TEXT,
  "RegionId" TEXT,
  "RegionName" TEXT,
  "ResourceId" TEXT,
  "ResourceName" TEXT,
  "ResourceType" TEXT,
  "ServiceCategory" TEXT,
  "ServiceName" TEXT,
  "ServiceSubcategory" TEXT,
  "SkuId" TEXT,
  "SkuMeter" TEXT,
  "SkuPriceDetails" TEXT,
  "SkuPriceId" TEXT,
  "SubAccountId" TEXT,
  "SubAccountName" TEXT,
  "SubAccountType" TEXT,
  "Tags" TEXT,
  -- unknown x_ columns and other non-spec columns, as one JSON object
  x_extra TEXT,
  -- dimensions derived at import (tags today; the accelerator catalog later)
  team TEXT,
  project TEXT,
  model_type TEXT,
  accelerator_type TEXT,
  accelerator_count REAL
);

CREATE TABLE billing_scope (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  billing_account_id TEXT NOT NULL,
  -- ChargePeriodStart of the first line (inclusive) and ChargePeriodEnd of the last (exclusive)
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  rows INTEGER NOT NULL,
  billed_cost REAL NOT NULL,
  -- Azure cost details: 'actual' | 'amortized' | 'neutral' | 'mixed'; NULL for other formats
  cost_kind TEXT,
  -- the snapshot combined with this one (Azure actual + amortized), NULL when none
  paired_with INTEGER REFERENCES snapshot(id) ON DELETE SET NULL
);

CREATE TABLE billing_setting (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE catalog_override (
  kind TEXT NOT NULL CHECK (kind IN ('accelerator', 'price', 'carbon', 'throughput', 'onprem')),
  key TEXT NOT NULL,
  field TEXT NOT NULL,
  value REAL NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, key, field)
);

CREATE TABLE classification_correction (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  model_type TEXT NOT NULL,
  phase TEXT NOT NULL,
  corrected_by TEXT NOT NULL,
  corrected_at TEXT NOT NULL,
  PRIMARY KEY (kind, key)
);

CREATE TABLE classification_setting (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE cost_cube (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  provider TEXT,
  service TEXT,
  service_category TEXT,
  region TEXT,
  sub_account TEXT,
  charge_category TEXT,
  pricing_category TEXT,
  sku TEXT,
  team TEXT,
  project TEXT,
  accelerator_type TEXT,
  subject_id INTEGER,
  billed REAL NOT NULL,
  effective REAL NOT NULL,
  list REAL NOT NULL,
  accel_hours REAL NOT NULL,
  rows INTEGER NOT NULL
);

CREATE TABLE cost_day (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  provider TEXT,
  service TEXT,
  service_category TEXT,
  region TEXT,
  sub_account TEXT,
  charge_category TEXT,
  pricing_category TEXT,
  sku TEXT,
  team TEXT,
  project TEXT,
  accelerator_type TEXT,
  billed REAL NOT NULL,
  effective REAL NOT NULL,
  list REAL NOT NULL,
  accel_hours REAL NOT NULL,
  rows INTEGER NOT NULL
, model_type TEXT);

CREATE TABLE explore_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE forecast_backtest (
  run_id INTEGER NOT NULL REFERENCES forecast_run(id) ON DELETE CASCADE,
  series_key TEXT NOT NULL,
  model TEXT NOT NULL,
  mase REAL NOT NULL,
  smape REAL NOT NULL,
  PRIMARY KEY (run_id, series_key, model)
);

CREATE TABLE forecast_result (
  run_id INTEGER NOT NULL REFERENCES forecast_run(id) ON DELETE CASCADE,
  series_key TEXT NOT NULL,
  target TEXT NOT NULL,
  label TEXT NOT NULL,
  unit TEXT NOT NULL,
  start_date TEXT NOT NULL,
  history_json TEXT NOT NULL,
  model TEXT NOT NULL,
  detail TEXT NOT NULL,
  mean_json TEXT NOT NULL,
  -- [{level, lo: [], hi: []}]
  intervals_json TEXT NOT NULL,
  -- [{level, coverage}]
  coverage_json TEXT NOT NULL,
  backtest_horizon INTEGER NOT NULL,
  origins INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (run_id, series_key)
);

CREATE TABLE forecast_run (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
  -- {targets, horizon, levels, metric, origins}
  params_json TEXT NOT NULL,
  series_count INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER,
  mean_mase REAL,
  mean_mase_snaive REAL,
  error TEXT
);

CREATE TABLE optimization_run (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('optimize', 'pareto')),
  created_at TEXT NOT NULL,
  problem_json TEXT NOT NULL,
  result_json TEXT NOT NULL
);

CREATE TABLE plan (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  scenario_json TEXT NOT NULL,
  totals_json TEXT NOT NULL,
  approved_by TEXT,
  approved_at TEXT,
  approval_comment TEXT,
  content_hash TEXT
, kind TEXT NOT NULL DEFAULT 'baseline', cluster TEXT NOT NULL DEFAULT 'default', snapshot_json TEXT, recommendations_json TEXT, fleet_json TEXT, copied_from TEXT);

CREATE TABLE plan_audit (
  id INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES plan(id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT,
  details_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE plan_event (
  id INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES plan(id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('created', 'approved', 'exported')),
  actor TEXT,
  details_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE plan_forecast (
  plan_id TEXT NOT NULL REFERENCES plan(id),
  metric TEXT NOT NULL CHECK (metric IN ('cost', 'accelerator-hours')),
  date TEXT NOT NULL,
  mean REAL NOT NULL,
  lo95 REAL NOT NULL,
  hi95 REAL NOT NULL,
  PRIMARY KEY (plan_id, metric, date)
) WITHOUT ROWID;

CREATE TABLE plan_policy (
  plan_id TEXT NOT NULL REFERENCES plan(id),
  policy_name TEXT NOT NULL,
  policy_id TEXT,
  doc_json TEXT NOT NULL,
  -- the latest replay's figures when attached ({workloads, denied, deniedCostUsd, at}), null if never replayed
  replay_json TEXT,
  attached_at TEXT NOT NULL,
  PRIMARY KEY (plan_id, policy_name)
);

CREATE TABLE policy (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  doc_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE policy_replay (
  id INTEGER PRIMARY KEY,
  -- null for a policy replayed from a file
  policy_id TEXT REFERENCES policy(id) ON DELETE CASCADE,
  policy_name TEXT NOT NULL,
  -- sha256 of the canonical policy document the replay ran
  doc_hash TEXT NOT NULL,
  at TEXT NOT NULL,
  -- {from, to, resubmittedPct}
  params_json TEXT NOT NULL,
  result_json TEXT NOT NULL
);

CREATE TABLE policy_setting (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT
);

CREATE TABLE rollup_1d (
  series_id INTEGER NOT NULL,
  bucket_start INTEGER NOT NULL,
  snapshot_id INTEGER NOT NULL,
  avg REAL NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (series_id, bucket_start, snapshot_id)
) WITHOUT ROWID;

CREATE TABLE rollup_1h (
  series_id INTEGER NOT NULL,
  bucket_start INTEGER NOT NULL,
  snapshot_id INTEGER NOT NULL,
  avg REAL NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (series_id, bucket_start, snapshot_id)
) WITHOUT ROWID;

CREATE TABLE rollup_5m (
  series_id INTEGER NOT NULL,
  bucket_start INTEGER NOT NULL,
  snapshot_id INTEGER NOT NULL,
  avg REAL NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (series_id, bucket_start, snapshot_id)
) WITHOUT ROWID;

CREATE TABLE sample (
  series_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  snapshot_id INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (series_id, ts, snapshot_id)
) WITHOUT ROWID;

CREATE TABLE scenario (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  basis TEXT NOT NULL DEFAULT 'variant',
  scenario_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE schema_migration (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    applied_at TEXT NOT NULL
  );

CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  -- the snapshot that first brought this series (re-pointed to a remaining one when that snapshot goes)
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
  metric TEXT NOT NULL,
  -- canonical JSON: keys sorted, values strings, no whitespace
  labels TEXT NOT NULL,
  -- normalised label keys (from GPU UUID / modelName / Hostname / instance / pod / namespace / team tags)
  gpu_uuid TEXT,
  gpu_model TEXT,
  host TEXT,
  namespace TEXT,
  pod TEXT,
  team TEXT,
  project TEXT,
  UNIQUE (metric, labels)
);

CREATE TABLE simulation_run (
  id TEXT PRIMARY KEY,
  scenario_id TEXT REFERENCES scenario(id) ON DELETE SET NULL,
  scenario_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  paths INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  scenario_json TEXT NOT NULL,
  result_json TEXT NOT NULL
);

CREATE TABLE snapshot (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('billing', 'telemetry')),
  format TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  rows INTEGER NOT NULL,
  period_start TEXT,
  period_end TEXT,
  total_billed_cost REAL NOT NULL DEFAULT 0,
  warnings_json TEXT NOT NULL DEFAULT '[]',
  imported_at TEXT NOT NULL
);

CREATE TABLE snapshot_series (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  series_id INTEGER NOT NULL REFERENCES series(id),
  samples INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, series_id)
) WITHOUT ROWID;

CREATE TABLE subject (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('billing', 'pod')),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  image TEXT,
  sku TEXT,
  labels TEXT NOT NULL DEFAULT '{}',
  tag_model_type TEXT,
  model_type TEXT,
  phase TEXT,
  source TEXT,
  confidence REAL,
  rule_id TEXT,
  -- nearest labelled examples of the embedding classifier: JSON [{text, modelType, phase, similarity}]
  neighbours TEXT,
  emb_model_type TEXT,
  emb_phase TEXT,
  emb_confidence REAL,
  UNIQUE (kind, key)
);

CREATE TABLE subject_cost (
  subject_id INTEGER PRIMARY KEY,
  cost REAL NOT NULL
);

CREATE TABLE workload (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('Pod', 'Job', 'Instance')),
  name TEXT NOT NULL,
  namespace TEXT,
  team TEXT,
  project TEXT,
  model_type TEXT,
  accelerator_type TEXT,
  accelerators REAL NOT NULL DEFAULT 0,
  containers_json TEXT,
  labels_json TEXT NOT NULL DEFAULT '{}',
  start_ms INTEGER,
  end_ms INTEGER,
  hours REAL,
  accelerator_hours REAL,
  cost REAL,
  cost_source TEXT NOT NULL CHECK (cost_source IN ('billed', 'catalog', 'unpriced')),
  cost_basis TEXT NOT NULL,
  -- comma-separated WorkloadSource values
  sources TEXT NOT NULL,
  provider TEXT,
  region TEXT,
  node TEXT,
  -- 1 for a billed resource (VM, node pool) that Kubernetes workloads ran on: its cost is theirs, so it is left
  -- out of workload totals and replays
  host INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE workload_derivation (
  snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
  facts INTEGER NOT NULL
);

CREATE TABLE workload_fact (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  uid TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('telemetry', 'job-trace', 'billing')),
  kind TEXT NOT NULL CHECK (kind IN ('Pod', 'Job', 'Instance')),
  name TEXT NOT NULL,
  namespace TEXT,
  team TEXT,
  project TEXT,
  model_type TEXT,
  accelerator_type TEXT,
  -- devices requested (Kubernetes effective request when containers are known)
  accelerators REAL NOT NULL DEFAULT 0,
  -- [{name, init?, requests: {resource: quantity}, limits?}] where requests are known
  containers_json TEXT,
  labels_json TEXT NOT NULL DEFAULT '{}',
  -- epoch ms; telemetry facts also carry their sampling step (the last sample stands for one step)
  start_ms INTEGER,
  end_ms INTEGER,
  step_ms INTEGER NOT NULL DEFAULT 0,
  -- set when the source measures it (billing usage, a job trace's GPU share); else accelerators × duration
  accelerator_hours REAL,
  billed_cost REAL,
  effective_cost REAL,
  list_cost REAL,
  billing_lines INTEGER NOT NULL DEFAULT 0,
  provider TEXT,
  region TEXT,
  node TEXT,
  pricing_category TEXT,
  PRIMARY KEY (uid, snapshot_id, source)
) WITHOUT ROWID;

CREATE TRIGGER billing_line_cost_changed
AFTER UPDATE OF "BilledCost", "EffectiveCost", "ListCost", "ContractedCost" ON billing_line
BEGIN
  DELETE FROM cost_cube WHERE snapshot_id = OLD.snapshot_id;
  DELETE FROM cost_day WHERE snapshot_id = OLD.snapshot_id;
  DELETE FROM explore_state WHERE key = 'accel-signature';
END;

CREATE TRIGGER billing_line_workload_stale
AFTER UPDATE OF "BilledCost", "EffectiveCost", "ListCost", team, project, model_type ON billing_line
BEGIN
  DELETE FROM workload_derivation WHERE snapshot_id = OLD.snapshot_id;
END;

CREATE TRIGGER plan_approved_is_immutable BEFORE UPDATE ON plan
WHEN OLD.approved_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'plan is approved and immutable');
END;

CREATE TRIGGER plan_approved_not_deleted BEFORE DELETE ON plan
WHEN OLD.approved_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'plan is approved and immutable');
END;

CREATE TRIGGER plan_audit_append_only_delete BEFORE DELETE ON plan_audit
BEGIN
  SELECT RAISE(ABORT, 'plan_audit is append-only');
END;

CREATE TRIGGER plan_audit_append_only_update BEFORE UPDATE ON plan_audit
BEGIN
  SELECT RAISE(ABORT, 'plan_audit is append-only');
END;

CREATE TRIGGER plan_event_append_only_delete BEFORE DELETE ON plan_event
BEGIN
  SELECT RAISE(ABORT, 'plan_event is append-only');
END;

CREATE TRIGGER plan_event_append_only_update BEFORE UPDATE ON plan_event
BEGIN
  SELECT RAISE(ABORT, 'plan_event is append-only');
END;

CREATE TRIGGER plan_policy_frozen_delete BEFORE DELETE ON plan_policy
WHEN (SELECT approved_at FROM plan WHERE id = OLD.plan_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'plan is approved and immutable');
END;

CREATE TRIGGER plan_policy_frozen_insert BEFORE INSERT ON plan_policy
WHEN (SELECT approved_at FROM plan WHERE id = NEW.plan_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'plan is approved and immutable');
END;

CREATE TRIGGER plan_policy_frozen_update BEFORE UPDATE ON plan_policy
WHEN (SELECT approved_at FROM plan WHERE id = OLD.plan_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'plan is approved and immutable');
END;
