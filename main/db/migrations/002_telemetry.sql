-- 002: telemetry. A series is one metric with one label set, shared by every snapshot that brought samples
-- of it; samples and rollups belong to the snapshot that imported them, so deleting a snapshot removes
-- exactly its rows and the remaining snapshots' rollups stay exact (nothing is recomputed or subtracted).

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
CREATE INDEX series_metric_model ON series(metric, gpu_model);

-- Which snapshot holds samples of which series: deletes and listings read this, never the sample table.
CREATE TABLE snapshot_series (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  series_id INTEGER NOT NULL REFERENCES series(id),
  samples INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, series_id)
) WITHOUT ROWID;
CREATE INDEX snapshot_series_series ON snapshot_series(series_id);

-- Raw samples: ts is epoch milliseconds (UTC). One B-tree, clustered by series then time.
CREATE TABLE sample (
  series_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  snapshot_id INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (series_id, ts, snapshot_id)
) WITHOUT ROWID;

-- Rollups filled during import, one row per series, bucket and snapshot. bucket_start is epoch ms.
-- Two snapshots holding the same series and bucket are combined at query time (the fuller bucket wins),
-- so overlapping imports never double-count.
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
