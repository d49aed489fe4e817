CREATE INDEX billing_line_charge_start ON billing_line("ChargePeriodStart");

CREATE INDEX billing_line_snapshot ON billing_line(snapshot_id);

CREATE INDEX plan_event_plan ON plan_event(plan_id);

CREATE TABLE billing_line (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  source_line INTEGER NOT NULL,
  "AvailabilityZone" TEXT,
  "BilledCost" REAL,
  "BillingAccountId" TEXT,
  "BillingAccountName" TEXT,
  "BillingAccountType" TEXT,
  "BillingCurrency" TEXT,
  "BillingPeriodEnd" TEXT,
  "BillingPeriodStart" TEXT,
  "CapacityReservationId" TEXT,
  "CapacityReservationStatus" TEXT,
  "ChargeCategory" TEXT,
  "ChargeClass" TEXT,
  "ChargeDescription" TEXT,
  "ChargeFrequency" TEXT,
  "ChargePeriodEnd" TEXT,
  "ChargePeriodStart" TEXT,
  "CommitmentDiscountCategory" TEXT,
  "CommitmentDiscountId" TEXT,
  "CommitmentDiscountName" TEXT,
  "CommitmentDiscountQuantity" REAL,
  "CommitmentDiscountStatus" TEXT,
  "CommitmentDiscountType" TEXT,
  "CommitmentDiscountUnit" TEXT,
  "ConsumedQuantity" REAL,
  "ConsumedUnit" TEXT,
  "ContractedCost" REAL,
  "ContractedUnitPrice" REAL,
  "EffectiveCost" REAL,
  "InvoiceId" TEXT,
  "InvoiceIssuerName" TEXT,
  "ListCost" REAL,
  "ListUnitPrice" REAL,
  "PricingCategory" TEXT,
  "PricingCurrency" TEXT,
  "PricingCurrencyContractedUnitPrice" REAL,
  "PricingCurrencyEffectiveCost" REAL,
  "PricingCurrencyListUnitPrice" REAL,
  "PricingQuantity" REAL,
  "PricingUnit" TEXT,
  "ProviderName" TEXT,
  "PublisherName" TEXT,
  "RegionId" TEXT,
  "RegionName" TEXT,
  "ResourceId" TEXT,
  "ResourceName" TEXT,
  "ResourceType" TEXT,
  "ServiceCategory" TEXT,
  "ServiceName" TEXT,
  "ServiceSubcategory" TEXT,
  "SkuId" TEXT,
  "SkuMeter" TEXT,
  "SkuPriceDetails" TEXT,
  "SkuPriceId" TEXT,
  "SubAccountId" TEXT,
  "SubAccountName" TEXT,
  "SubAccountType" TEXT,
  "Tags" TEXT,
  -- unknown x_ columns and other non-spec columns, as one JSON object
  x_extra TEXT,
  -- dimensions derived at import (tags today; the accelerator catalog later)
  team TEXT,
  project TEXT,
  model_type TEXT,
  accelerator_type TEXT,
  accelerator_count REAL
);

CREATE TABLE plan (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  scenario_json TEXT NOT NULL,
  totals_json TEXT NOT NULL,
  approved_by TEXT,
  approved_at TEXT,
  approval_comment TEXT,
  content_hash TEXT
);

CREATE TABLE plan_event (
  id INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES plan(id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('created', 'approved', 'exported')),
  actor TEXT,
  details_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE schema_migration (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    applied_at TEXT NOT NULL
  );

CREATE TABLE snapshot (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('billing', 'telemetry')),
  format TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  rows INTEGER NOT NULL,
  period_start TEXT,
  period_end TEXT,
  total_billed_cost REAL NOT NULL DEFAULT 0,
  warnings_json TEXT NOT NULL DEFAULT '[]',
  imported_at TEXT NOT NULL
);

CREATE TRIGGER plan_approved_is_immutable BEFORE UPDATE ON plan
WHEN OLD.approved_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'plan is approved and immutable');
END;

CREATE TRIGGER plan_approved_not_deleted BEFORE DELETE ON plan
WHEN OLD.approved_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'plan is approved and immutable');
END;

CREATE TRIGGER plan_event_append_only_delete BEFORE DELETE ON plan_event
BEGIN
  SELECT RAISE(ABORT, 'plan_event is append-only');
END;

CREATE TRIGGER plan_event_append_only_update BEFORE UPDATE ON plan_event
BEGIN
  SELECT RAISE(ABORT, 'plan_event is append-only');
END;
