-- 006: what each billing snapshot covers (provider, billing account, charge period), so an import can tell
-- when it would count the same charges twice; and the pairing of an Azure actual-cost export with the
-- amortized-cost export of the same account and period (billed from one, effective from the other).

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
CREATE INDEX billing_scope_key ON billing_scope(provider, billing_account_id, period_start);
CREATE INDEX billing_scope_snapshot ON billing_scope(snapshot_id);
