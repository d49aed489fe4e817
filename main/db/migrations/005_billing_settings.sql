-- 005: per-workspace billing import settings (tag keys for team / project / model type).


CREATE TABLE billing_setting (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
