-- Workloads (one row per pod, job or billed instance) derived from telemetry series labels, job traces and
-- billing lines: what cost policies are replayed on.
-- Each snapshot contributes facts (workload_fact, deleted with its snapshot); the workload row is the merge of
-- every fact about the same uid (`pod:<ns>/<name>`, `job:<ns>/<name>`, `res:<ResourceId>`), recomputed for
-- the uids a derivation or a snapshot deletion touches. Billing and telemetry snapshots are derived after
-- their import commits (a worker job, once per import batch), or on first use (main/workload/derive.ts).

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
CREATE INDEX workload_fact_snapshot ON workload_fact(snapshot_id);
-- which workloads ran on a node / billed resource (their cost is a share of its billing lines)
CREATE INDEX workload_fact_node ON workload_fact(node) WHERE node IS NOT NULL;

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
CREATE INDEX workload_start ON workload(start_ms);
CREATE INDEX workload_team ON workload(team, start_ms);

-- The snapshots whose facts are stored (a snapshot missing here is derived on next use).
CREATE TABLE workload_derivation (
  snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
  facts INTEGER NOT NULL
);
-- Billing lines whose cost, team or project change after import (an Azure actual/amortized pair, new tag
-- keys) make their snapshot's facts stale: it is derived again.
CREATE TRIGGER billing_line_workload_stale
AFTER UPDATE OF "BilledCost", "EffectiveCost", "ListCost", team, project, model_type ON billing_line
BEGIN
  DELETE FROM workload_derivation WHERE snapshot_id = OLD.snapshot_id;
END;
