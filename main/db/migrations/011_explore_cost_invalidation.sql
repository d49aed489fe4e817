-- A billing line whose cost changes after import (an Azure actual/amortized export combined with its partner,
-- or given its own figures back when the partner goes) makes its snapshot's Explore cubes and the accelerator
-- attribution stale: drop them here so Explore's next refresh rebuilds them from the lines. Tag-key changes
-- touch only team / project / model type and invalidate Explore themselves.
CREATE TRIGGER billing_line_cost_changed
AFTER UPDATE OF "BilledCost", "EffectiveCost", "ListCost", "ContractedCost" ON billing_line
BEGIN
  DELETE FROM cost_cube WHERE snapshot_id = OLD.snapshot_id;
  DELETE FROM cost_day WHERE snapshot_id = OLD.snapshot_id;
  DELETE FROM explore_state WHERE key = 'accel-signature';
END;
