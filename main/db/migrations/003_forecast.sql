-- 003: forecast runs (one row per run), their per-series results and backtest scores, and anomalies.
-- Series values are stored as JSON arrays: a result is always read whole (chart + table), never queried by step.

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

CREATE TABLE forecast_backtest (
  run_id INTEGER NOT NULL REFERENCES forecast_run(id) ON DELETE CASCADE,
  series_key TEXT NOT NULL,
  model TEXT NOT NULL,
  mase REAL NOT NULL,
  smape REAL NOT NULL,
  PRIMARY KEY (run_id, series_key, model)
);

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
CREATE INDEX anomaly_at ON anomaly(at);
