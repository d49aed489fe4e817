-- 006: Explore. Aggregates built after each import so no chart scans billing lines or raw samples, and the
-- model-type classifier's subjects, rules and user corrections.

-- What gets a model type and phase: a billed resource (kind 'billing', key = resource name | SKU) or a
-- Kubernetes workload (kind 'pod', key = namespace/workload, pods of one Deployment/Job share it).
-- model_type / phase / source / confidence / rule_id are the effective answer: correction > tag > rule > embedding.
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

-- A person's answer: kept by subject identity, so it wins again when the same resource / workload is re-imported.
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

-- Billing lines summed per day and dimension, per snapshot (deleting a snapshot deletes its part).
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
CREATE INDEX cost_cube_day ON cost_cube(day);
CREATE INDEX cost_cube_snapshot ON cost_cube(snapshot_id);

-- The same without the resource (subject): most questions read this smaller table; ModelType / Phase read cost_cube.
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
);
CREATE INDEX cost_day_day ON cost_day(day);
CREATE INDEX cost_day_snapshot ON cost_day(snapshot_id);

-- Accelerator pools: a billed resource (VM scale set, instance group, instance) or, for telemetry that no
-- billing line covers, one pseudo-pool per accelerator type (billed nothing).
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

-- One row per pool and hour: billed cost (three FOCUS measures) and accelerator-hours, and what telemetry saw.
-- monitored_hours = billed hours that telemetry covers; busy_hours = measured activity in them.
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
CREATE INDEX accel_hour_hour ON accel_hour(hour);

-- accel_hour summed per pool and day: what the idle charts and tables read.
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

-- Who a share of an accelerator-hour's cost goes to: a pod (namespace/pod, its team and project from
-- kube_pod_labels), the billing line's own tags (no telemetry), or the shared/idle remainder.
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

-- Attributed cost per day, pool, owner and rule: every pool-hour's cost split by share (the shares of a
-- pool-hour add up to 1), summed per day.
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
CREATE INDEX accel_attribution_day ON accel_attribution(day);

-- Requests per day per pod (QPS series × 3600 per hour), and the cost attributed to that pod in the same
-- hours, for cost per 1k requests.
CREATE TABLE accel_requests (
  day TEXT NOT NULL,
  owner_key TEXT NOT NULL,
  requests REAL NOT NULL,
  billed REAL NOT NULL,
  effective REAL NOT NULL,
  list REAL NOT NULL,
  PRIMARY KEY (day, owner_key)
) WITHOUT ROWID;

-- Billed cost behind each subject (cube + attribution), for sorting the classifier's list.
CREATE TABLE subject_cost (
  subject_id INTEGER PRIMARY KEY,
  cost REAL NOT NULL
);

CREATE TABLE explore_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE INDEX billing_line_accelerator ON billing_line(accelerator_type) WHERE accelerator_type IS NOT NULL;
-- The drill-down's default order (largest lines first) reads this index instead of sorting the table.
CREATE INDEX billing_line_billed_cost ON billing_line("BilledCost");
