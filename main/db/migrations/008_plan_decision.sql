-- 008: a plan is the frozen snapshot of a decision (scenario, simulation run, optimization run, forecast run,
-- attached policies), reviewed recommendations, a target cluster, and a wider audit log.

ALTER TABLE plan ADD COLUMN kind TEXT NOT NULL DEFAULT 'baseline';
ALTER TABLE plan ADD COLUMN cluster TEXT NOT NULL DEFAULT 'default';
-- The frozen decision (JSON): NULL for baseline plans, which carry only the spend forecast.
ALTER TABLE plan ADD COLUMN snapshot_json TEXT;
-- Recommendations as derived and then edited in review (JSON); what the approval signs and the export renders.
ALTER TABLE plan ADD COLUMN recommendations_json TEXT;
-- Fleet totals of the frozen decision (JSON).
ALTER TABLE plan ADD COLUMN fleet_json TEXT;
-- The plan this draft was copied from (editing an approved plan makes a new draft).
ALTER TABLE plan ADD COLUMN copied_from TEXT;

-- The audit log of every state transition and review edit: append-only like plan_event, whose CHECK on kind
-- cannot grow in place. Kinds are validated in code (main/plan/audit.ts), so later kinds need no migration.
CREATE TABLE plan_audit (
  id INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES plan(id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT,
  details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX plan_audit_plan ON plan_audit(plan_id, id);
CREATE TRIGGER plan_audit_append_only_update BEFORE UPDATE ON plan_audit
BEGIN
  SELECT RAISE(ABORT, 'plan_audit is append-only');
END;
CREATE TRIGGER plan_audit_append_only_delete BEFORE DELETE ON plan_audit
BEGIN
  SELECT RAISE(ABORT, 'plan_audit is append-only');
END;

-- The history so far moves over as it was; plan_event is kept (append-only, no longer written).
INSERT INTO plan_audit (plan_id, at, kind, actor, details_json)
  SELECT plan_id, at, kind, actor, details_json FROM plan_event ORDER BY id;
