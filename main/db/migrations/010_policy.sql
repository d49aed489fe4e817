-- 007: cost policies (the editor's documents), their replays on workload history, the policies attached to a
-- plan (frozen copies, signed with it), the rules a plan may be approved by without a named person, and the
-- forecast band a plan is later compared with (plan vs actual).

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
CREATE INDEX policy_replay_policy ON policy_replay(policy_id, id);

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
-- What an approval signed cannot change afterwards.
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
CREATE TRIGGER plan_policy_frozen_delete BEFORE DELETE ON plan_policy
WHEN (SELECT approved_at FROM plan WHERE id = OLD.plan_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'plan is approved and immutable');
END;

-- One row per setting ('approval-rules', 'drift-days'); value as JSON, with who changed it last.
CREATE TABLE policy_setting (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT
);

-- The daily band a plan forecast when it was created (frozen with it), per metric.
CREATE TABLE plan_forecast (
  plan_id TEXT NOT NULL REFERENCES plan(id),
  metric TEXT NOT NULL CHECK (metric IN ('cost', 'accelerator-hours')),
  date TEXT NOT NULL,
  mean REAL NOT NULL,
  lo95 REAL NOT NULL,
  hi95 REAL NOT NULL,
  PRIMARY KEY (plan_id, metric, date)
) WITHOUT ROWID;
