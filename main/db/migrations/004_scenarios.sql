-- 004: catalog overrides (the user's figures, kept apart from the bundled defaults in resources/catalog),
-- scenarios, simulation runs and optimization runs.

CREATE TABLE catalog_override (
  kind TEXT NOT NULL CHECK (kind IN ('accelerator', 'price', 'carbon', 'throughput', 'onprem')),
  key TEXT NOT NULL,
  field TEXT NOT NULL,
  value REAL NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, key, field)
);

CREATE TABLE scenario (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  basis TEXT NOT NULL DEFAULT 'variant',
  scenario_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
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
CREATE INDEX simulation_run_scenario ON simulation_run(scenario_id, created_at);

CREATE TABLE optimization_run (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('optimize', 'pareto')),
  created_at TEXT NOT NULL,
  problem_json TEXT NOT NULL,
  result_json TEXT NOT NULL
);
