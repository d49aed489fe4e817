/**
 * Generates resources/demo/demo-accelerator-spend.focus.csv — a SYNTHETIC month (September 2024) of
 * GPU/accelerator spend in FOCUS 1.0 form, for the demo workspace.
 *
 *   npm run demo-data            (= npx tsx scripts/generate-demo-gpu-spend.ts)
 *   npx tsx scripts/generate-demo-gpu-spend.ts --check-prices [dir]
 *
 * Every row is made up: teams, accounts, resource ids and instance counts come from a seeded PRNG
 * (mulberry32, fixed seed), so the output is byte-identical on every run. Only the unit prices are
 * real: public list prices from a dated catalog snapshot, hard-coded below with their source row.
 * `--check-prices` re-reads those rows from the snapshot (default ../../shared/data/gpu-cloud-prices
 * relative to this script) and fails if any constant no longer matches; generation never needs it.
 *
 * Column layout and value conventions copy resources/demo/focus-1.0-sample-1000.csv (FinOps
 * Foundation FOCUS 1.0 sample, CC BY 4.0): same 44 columns in the same order, literal NULL, quoted
 * text, `YYYY-MM-DD HH:MM:SS` UTC dates, 11-decimal costs, 15-decimal ConsumedQuantity.
 *
 * Node built-ins only. Arithmetic on money is done in integer micro-dollars (all prices have at most
 * 6 decimals), and the pattern model uses only + - * / and Math.round/floor (no transcendental
 * functions), so the bytes do not depend on the platform's libm.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT_DIR = dirname(fileURLToPath(import.meta.url));
const OUT_FILE = resolve(SCRIPT_DIR, '..', 'resources', 'demo', 'demo-accelerator-spend.focus.csv');
const DEFAULT_PRICE_DIR = resolve(SCRIPT_DIR, '..', '..', 'shared', 'data', 'gpu-cloud-prices');

/** PRNG seed. Changing it changes every instance count (and the README's numbers). */
const SEED = 20240901;
/** First value of the `Id` column; the real sample's Ids are 11472..5488176, so no collision. */
const FIRST_ID = 9_000_000;
/** Money is computed in integer micro-dollars (every price used has at most 6 decimals). */
const MICRO = 1_000_000;

const MONTH_START_MS = Date.UTC(2024, 8, 1); // 2024-09-01 00:00:00 UTC (a Sunday)
const HOURS = 30 * 24; // September 2024 has 30 days
const BILLING_PERIOD_START = '2024-09-01 00:00:00';
const BILLING_PERIOD_END = '2024-10-01 00:00:00';

/** Exactly the header of focus-1.0-sample-1000.csv (44 columns, same order). */
const COLUMNS = [
  'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency',
  'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory', 'ChargeClass', 'ChargeDescription',
  'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory',
  'CommitmentDiscountId', 'CommitmentDiscountName', 'CommitmentDiscountStatus',
  'CommitmentDiscountType', 'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost',
  'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice',
  'PricingCategory', 'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId',
  'RegionName', 'ResourceId', 'ResourceName', 'ResourceType', 'ServiceCategory', 'Id', 'ServiceName',
  'SkuId', 'SkuPriceId', 'SubAccountId', 'SubAccountName', 'Tags',
] as const;
type Column = (typeof COLUMNS)[number];

// ---------------------------------------------------------------------------------------------
// Prices. Source for all of them: /work/shared/data/gpu-cloud-prices/ — a cut of the SkyPilot-format
// catalog `anycloud-sh/catalog`, commit 62ff0a987e0c257a89235415d2877812fb1aaf29 ("Update catalogs
// 2026-05-20"); list prices as fetched on or shortly before 2026-05-20, USD per hour per instance.
// `line` = 1-based line number in that file (line 1 is the header). List prices change: re-check.
// ---------------------------------------------------------------------------------------------

interface PriceSource {
  readonly file: string;
  readonly line: number;
  /** Values the row must contain, by column name, exactly as written in the file. */
  readonly expect: Readonly<Record<string, string>>;
  readonly column: 'Price' | 'SpotPrice';
}

interface Price {
  /** USD per instance-hour as a decimal string (exact, at most 6 decimals). */
  readonly usdPerHour: string;
  readonly sources: readonly PriceSource[];
}

/** azure_gpu_vm_prices.csv line 401: Standard_ND96isr_H100_v5, eastus, Price 98.32 (snapshot 2026-05-20). */
const AZURE_ND96ISR_H100_V5_EASTUS: Price = {
  usdPerHour: '98.32',
  sources: [{ file: 'azure_gpu_vm_prices.csv', line: 401, column: 'Price',
    expect: { InstanceType: 'Standard_ND96isr_H100_v5', Region: 'eastus', Price: '98.32' } }],
};

/** azure_gpu_vm_prices.csv line 401: Standard_ND96isr_H100_v5, eastus, SpotPrice 18.169536 (snapshot 2026-05-20). */
const AZURE_ND96ISR_H100_V5_EASTUS_SPOT: Price = {
  usdPerHour: '18.169536',
  sources: [{ file: 'azure_gpu_vm_prices.csv', line: 401, column: 'SpotPrice',
    expect: { InstanceType: 'Standard_ND96isr_H100_v5', Region: 'eastus', SpotPrice: '18.169536' } }],
};

/** azure_gpu_vm_prices.csv line 425: Standard_ND96isr_H200_v5, eastus2, Price 84.8 (snapshot 2026-05-20). */
const AZURE_ND96ISR_H200_V5_EASTUS2: Price = {
  usdPerHour: '84.8',
  sources: [{ file: 'azure_gpu_vm_prices.csv', line: 425, column: 'Price',
    expect: { InstanceType: 'Standard_ND96isr_H200_v5', Region: 'eastus2', Price: '84.8' } }],
};

/** azure_gpu_vm_prices.csv line 453: Standard_ND96isr_MI300X_v5, eastus2, Price 48 (snapshot 2026-05-20). */
const AZURE_ND96ISR_MI300X_V5_EASTUS2: Price = {
  usdPerHour: '48',
  sources: [{ file: 'azure_gpu_vm_prices.csv', line: 453, column: 'Price',
    expect: { InstanceType: 'Standard_ND96isr_MI300X_v5', Region: 'eastus2', Price: '48' } }],
};

/**
 * GCP prices A3 machines in two parts (README caveat "GCP pricing is split"); the instance price is
 * the sum for the same zone, us-central1-a (snapshot 2026-05-20):
 *   gcp_gpu_tpu_prices.csv line 246: a3-highgpu-8g VM row, us-central1-a, Price 9.46006
 *   gcp_gpu_tpu_prices.csv line 898: accelerator row H100 x 8, us-central1-a, Price 33.60609
 *   => 43.06615 USD per a3-highgpu-8g instance-hour.
 */
const GCP_A3_HIGHGPU_8G_VM_US_CENTRAL1_A = '9.46006';
const GCP_H100_X8_US_CENTRAL1_A = '33.60609';
const GCP_A3_HIGHGPU_8G_US_CENTRAL1_A: Price = {
  usdPerHour: addDecimal(GCP_A3_HIGHGPU_8G_VM_US_CENTRAL1_A, GCP_H100_X8_US_CENTRAL1_A),
  sources: [
    { file: 'gcp_gpu_tpu_prices.csv', line: 246, column: 'Price',
      expect: { InstanceType: 'a3-highgpu-8g', AvailabilityZone: 'us-central1-a', Price: GCP_A3_HIGHGPU_8G_VM_US_CENTRAL1_A } },
    { file: 'gcp_gpu_tpu_prices.csv', line: 898, column: 'Price',
      expect: { InstanceType: '', AcceleratorName: 'H100', AcceleratorCount: '8', AvailabilityZone: 'us-central1-a', Price: GCP_H100_X8_US_CENTRAL1_A } },
  ],
};

/** lambda_vm_prices.csv line 332: gpu_8x_h100_sxm5, us-east-1, Price 31.92 (snapshot 2026-05-20; same price in every region). */
const LAMBDA_GPU_8X_H100_SXM5_US_EAST_1: Price = {
  usdPerHour: '31.92',
  sources: [{ file: 'lambda_vm_prices.csv', line: 332, column: 'Price',
    expect: { InstanceType: 'gpu_8x_h100_sxm5', Region: 'us-east-1', Price: '31.92' } }],
};

// ---------------------------------------------------------------------------------------------
// Exact decimal helpers (micro-dollars).
// ---------------------------------------------------------------------------------------------


function toMicro(decimal: string): number {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(decimal);
  if (!m) throw new Error(`not a price with at most 6 decimals: ${decimal}`);
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').padEnd(6, '0');
  return Number(whole) * MICRO + Number(frac);
}

/** Shortest decimal string for a micro-dollar amount ("98.32", "48", "18.169536"). */
function microToShort(micro: number): string {
  const whole = Math.floor(micro / MICRO);
  const frac = String(micro % MICRO).padStart(6, '0').replace(/0+$/, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}

/** Micro-dollar amount with 11 decimals, as the sample writes costs ("294.96000000000"). */
function microToFixed11(micro: number): string {
  const whole = Math.floor(micro / MICRO);
  return `${whole}.${String(micro % MICRO).padStart(6, '0')}00000`;
}

function addDecimal(a: string, b: string): string {
  return microToShort(toMicro(a) + toMicro(b));
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness.
// ---------------------------------------------------------------------------------------------

/** mulberry32: 32-bit state, returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Approximately standard-normal noise (Irwin–Hall of 4 uniforms, scaled to unit variance). */
function noise(rand: () => number): number {
  const s = rand() + rand() + rand() + rand() - 2; // variance 4/12
  return s * 1.7320508075688772; // * sqrt(3)
}

// ---------------------------------------------------------------------------------------------
// Providers and pools.
// ---------------------------------------------------------------------------------------------

interface Provider {
  readonly providerName: string;
  readonly publisherName: string;
  readonly invoiceIssuerName: string;
  readonly billingAccountId: string;
  readonly billingAccountName: string;
  readonly serviceName: string;
}

const MICROSOFT: Provider = {
  providerName: 'Microsoft',
  publisherName: 'Microsoft',
  invoiceIssuerName: 'Microsoft',
  billingAccountId: '/providers/Microsoft.Billing/billingAccounts/70000001',
  billingAccountName: 'Fleetplan Demo Org (synthetic)',
  serviceName: 'Virtual Machine Scale Sets',
};
const GOOGLE: Provider = {
  providerName: 'Google Cloud',
  publisherName: 'Google Cloud',
  invoiceIssuerName: 'Google Cloud',
  billingAccountId: '01A7C3-5B9E2D-4F6081',
  billingAccountName: 'Fleetplan Demo Org (synthetic)',
  serviceName: 'Compute Engine',
};
const LAMBDA: Provider = {
  providerName: 'Lambda',
  publisherName: 'Lambda',
  invoiceIssuerName: 'Lambda',
  billingAccountId: 'lambda-org-7c41e2a9',
  billingAccountName: 'Fleetplan Demo Org (synthetic)',
  serviceName: 'On-Demand Cloud',
};

interface Ctx {
  readonly hour: number; // 0..HOURS-1 since 2024-09-01 00:00 UTC
  readonly day: number; // 0..29
  readonly hourOfDay: number; // 0..23 UTC
  readonly weekend: boolean;
  readonly rand: () => number;
}

interface Pool {
  readonly key: string;
  readonly provider: Provider;
  readonly price: Price;
  readonly pricingCategory: 'Standard' | 'Dynamic';
  readonly skuId: string;
  readonly gpus: string; // for ChargeDescription, e.g. "8x NVIDIA H100 80GB"
  readonly regionId: string;
  readonly regionName: string;
  readonly availabilityZone: string | null;
  readonly subAccountId: string;
  readonly subAccountName: string;
  readonly resourceId: string;
  readonly resourceName: string;
  readonly resourceType: string;
  readonly tags: { readonly team: string; readonly project: string; readonly model_type: string };
  /** Instances running during the hour (integer >= 0). */
  readonly instances: (c: Ctx) => number;
}

/** Hour-of-day multipliers (UTC). */
const INFERENCE_CURVE = [
  0.62, 0.58, 0.55, 0.55, 0.56, 0.6, 0.66, 0.74, 0.84, 0.92, 0.97, 1.0,
  1.0, 1.0, 1.0, 1.0, 0.98, 0.95, 0.9, 0.84, 0.78, 0.72, 0.68, 0.65,
] as const;
/** Interactive experiments: people start jobs in working hours (08–18 UTC). */
const WORKDAY_CURVE = [
  0.2, 0.2, 0.2, 0.2, 0.2, 0.25, 0.4, 0.7, 1.0, 1.0, 1.0, 1.0,
  1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.6, 0.4, 0.3, 0.25, 0.2, 0.2,
] as const;
/** Batch work pushed to off-hours (cheaper, spare spot capacity). */
const OFF_HOURS_CURVE = [
  1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.8, 0.6, 0.4, 0.3, 0.3, 0.3,
  0.3, 0.3, 0.3, 0.3, 0.35, 0.45, 0.6, 0.75, 0.9, 1.0, 1.0, 1.0,
] as const;
/** Recommender: nightly retraining 00–06 UTC, embedding refresh during the day. */
const NIGHTLY_RETRAIN_CURVE = [
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.75, 0.5, 0.5, 0.5, 0.5, 0.5,
  0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.75,
] as const;

function at(curve: readonly number[], i: number): number {
  const v = curve[i];
  if (v === undefined) throw new Error(`curve index ${i}`);
  return v;
}

function clampRound(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(x)));
}

const AZ_SUB_FOUNDATION = '/subscriptions/3f2b6c1e-9a7d-4e58-b0c4-5d1e8f7a2c90';
const AZ_SUB_ASSISTANT = '/subscriptions/8c1d4e7a-2b5f-4a93-9e06-71f3c2d8b415';
const AZ_SUB_VISION = '/subscriptions/b6e9f203-4c7a-4d18-8a5b-e2c07d9f3164';
const AZ_SUB_RESEARCH = '/subscriptions/0d5a8b3c-6e1f-47c2-b9d4-a38e5f2c7061';

function vmss(sub: string, rg: string, name: string): string {
  return `${sub}/resourcegroups/${rg}/providers/microsoft.compute/virtualmachinescalesets/${name}`;
}

const POOLS: readonly Pool[] = [
  {
    // Pre-training runs: flat 24/7, stepping up as new runs start; occasional node drained for repair.
    key: 'atlas-pretrain-h200',
    provider: MICROSOFT,
    price: AZURE_ND96ISR_H200_V5_EASTUS2,
    pricingCategory: 'Standard',
    skuId: 'Standard_ND96isr_H200_v5',
    gpus: '8x NVIDIA H200 141GB',
    regionId: 'eastus2',
    regionName: 'East US 2',
    availabilityZone: null,
    subAccountId: AZ_SUB_FOUNDATION,
    subAccountName: 'foundation-models-prod',
    resourceId: vmss(AZ_SUB_FOUNDATION, 'rg-atlas-pretrain', 'vmss-atlas-h200'),
    resourceName: 'vmss-atlas-h200',
    resourceType: 'Virtual machine scale set',
    tags: { team: 'foundation-models', project: 'atlas-llm-pretrain', model_type: 'llm-training' },
    instances: (c) => {
      const planned = c.day < 9 ? 3 : c.day < 20 ? 4 : 6;
      return c.rand() < 0.03 ? planned - 1 : planned;
    },
  },
  {
    // Chat API serving: strong daily cycle, quieter weekends, traffic growing ~60% over the month.
    key: 'helix-chat-h100',
    provider: MICROSOFT,
    price: AZURE_ND96ISR_H100_V5_EASTUS,
    pricingCategory: 'Standard',
    skuId: 'Standard_ND96isr_H100_v5',
    gpus: '8x NVIDIA H100 80GB',
    regionId: 'eastus',
    regionName: 'East US',
    availabilityZone: null,
    subAccountId: AZ_SUB_ASSISTANT,
    subAccountName: 'assistant-prod',
    resourceId: vmss(AZ_SUB_ASSISTANT, 'rg-helix-serving', 'vmss-helix-h100'),
    resourceName: 'vmss-helix-h100',
    resourceType: 'Virtual machine scale set',
    tags: { team: 'assistant', project: 'helix-chat-api', model_type: 'llm-inference' },
    instances: (c) => {
      const growth = 1 + 0.6 * (c.hour / (HOURS - 1));
      const load = 4.2 * growth * at(INFERENCE_CURVE, c.hourOfDay) * (c.weekend ? 0.75 : 1);
      return clampRound(load * (1 + 0.07 * noise(c.rand)), 2, 12);
    },
  },
  {
    // Recommender on GCP A3: nightly retraining burst, steady daytime embedding refresh.
    key: 'orca-recsys-a3',
    provider: GOOGLE,
    price: GCP_A3_HIGHGPU_8G_US_CENTRAL1_A,
    pricingCategory: 'Standard',
    skuId: 'a3-highgpu-8g',
    gpus: '8x NVIDIA H100 80GB',
    regionId: 'us-central1',
    regionName: 'Iowa',
    availabilityZone: 'us-central1-a',
    subAccountId: 'orca-recsys-prod',
    subAccountName: 'orca-recsys-prod',
    resourceId:
      '//compute.googleapis.com/projects/orca-recsys-prod/zones/us-central1-a/instanceGroupManagers/mig-orca-a3',
    resourceName: 'mig-orca-a3',
    resourceType: 'Managed instance group',
    tags: { team: 'search-ranking', project: 'orca-recsys', model_type: 'recommender' },
    instances: (c) => {
      const load = 4 * at(NIGHTLY_RETRAIN_CURVE, c.hourOfDay) * (c.weekend ? 0.85 : 1);
      return clampRound(load * (1 + 0.1 * noise(c.rand)), 1, 6);
    },
  },
  {
    // Vision research on Lambda: working-hours experiments, near-idle weekends.
    key: 'lumen-vision-lambda',
    provider: LAMBDA,
    price: LAMBDA_GPU_8X_H100_SXM5_US_EAST_1,
    pricingCategory: 'Standard',
    skuId: 'gpu_8x_h100_sxm5',
    gpus: '8x NVIDIA H100 SXM5 80GB',
    regionId: 'us-east-1',
    regionName: 'Virginia, USA',
    availabilityZone: null,
    subAccountId: 'team-vision-3d9f',
    subAccountName: 'vision',
    resourceId: 'lambda:us-east-1:instance-pool/lumen-vision-h100',
    resourceName: 'lumen-vision-h100',
    resourceType: 'Instance pool',
    tags: { team: 'vision', project: 'lumen-vision', model_type: 'vision' },
    instances: (c) => {
      const load = 5 * at(WORKDAY_CURVE, c.hourOfDay) * (c.weekend ? 0.3 : 1);
      return clampRound(load * (1 + 0.15 * noise(c.rand)), 0, 8);
    },
  },
  {
    // Vision batch labelling/embedding on Azure spot (Dynamic pricing), pushed to off-hours and weekends.
    key: 'lumen-batch-h100-spot',
    provider: MICROSOFT,
    price: AZURE_ND96ISR_H100_V5_EASTUS_SPOT,
    pricingCategory: 'Dynamic',
    skuId: 'Standard_ND96isr_H100_v5',
    gpus: '8x NVIDIA H100 80GB',
    regionId: 'eastus',
    regionName: 'East US',
    availabilityZone: null,
    subAccountId: AZ_SUB_VISION,
    subAccountName: 'vision-batch',
    resourceId: vmss(AZ_SUB_VISION, 'rg-lumen-batch', 'vmss-lumen-spot-h100'),
    resourceName: 'vmss-lumen-spot-h100',
    resourceType: 'Virtual machine scale set',
    tags: { team: 'vision', project: 'lumen-vision-batch', model_type: 'vision' },
    instances: (c) => {
      const load = 6 * at(OFF_HOURS_CURVE, c.hourOfDay) * (c.weekend ? 1.2 : 1);
      return clampRound(load * (1 + 0.2 * noise(c.rand)), 0, 8);
    },
  },
  {
    // MI300X inference evaluation: starts on day 8 and ramps from 1 to ~7 instances by month end.
    key: 'mi300x-eval',
    provider: MICROSOFT,
    price: AZURE_ND96ISR_MI300X_V5_EASTUS2,
    pricingCategory: 'Standard',
    skuId: 'Standard_ND96isr_MI300X_v5',
    gpus: '8x AMD Instinct MI300X 192GB',
    regionId: 'eastus2',
    regionName: 'East US 2',
    availabilityZone: null,
    subAccountId: AZ_SUB_RESEARCH,
    subAccountName: 'applied-research-sandbox',
    resourceId: vmss(AZ_SUB_RESEARCH, 'rg-mi300x-eval', 'vmss-mi300x-eval'),
    resourceName: 'vmss-mi300x-eval',
    resourceType: 'Virtual machine scale set',
    tags: { team: 'applied-research', project: 'mi300x-eval', model_type: 'llm-inference' },
    instances: (c) => {
      const r = noise(c.rand); // always drawn, so the stream does not depend on the branch
      if (c.day < 7) return 0;
      const ramp = 1 + 6 * ((c.day - 7) / 22);
      const load = ramp * (0.35 + 0.65 * at(WORKDAY_CURVE, c.hourOfDay)) * (c.weekend ? 0.4 : 1);
      return clampRound(load * (1 + 0.12 * r), 0, 8);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// CSV writing.
// ---------------------------------------------------------------------------------------------

type Cell = { readonly kind: 'text'; readonly v: string } | { readonly kind: 'raw'; readonly v: string };
const NULL: Cell = { kind: 'raw', v: 'NULL' };
const text = (v: string): Cell => ({ kind: 'text', v });
const raw = (v: string): Cell => ({ kind: 'raw', v });
const textOrNull = (v: string | null): Cell => (v === null ? NULL : text(v));

function cellToCsv(c: Cell): string {
  return c.kind === 'raw' ? c.v : `"${c.v.replace(/"/g, '""')}"`;
}

function formatTs(ms: number): string {
  // toISOString() is "YYYY-MM-DDTHH:MM:SS.sssZ" in UTC.
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Python-json.dumps-style object (", " and ": " separators), as in the sample's Tags. */
function tagsJson(tags: Readonly<Record<string, string>>): string {
  return `{${Object.entries(tags).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}

interface Summary {
  readonly rows: number;
  readonly totalMicro: number;
  readonly byProviderMicro: ReadonlyMap<string, number>;
  readonly byPoolMicro: ReadonlyMap<string, number>;
  readonly byPoolHours: ReadonlyMap<string, number>;
}

function generate(): { csv: string; summary: Summary } {
  const rands = POOLS.map((_, i) => mulberry32((SEED + Math.imul(i + 1, 0x9e3779b1)) >>> 0));
  const lines: string[] = [COLUMNS.map((c) => `"${c}"`).join(',')];
  let id = FIRST_ID;
  let totalMicro = 0;
  const byProviderMicro = new Map<string, number>();
  const byPoolMicro = new Map<string, number>();
  const byPoolHours = new Map<string, number>();

  for (let hour = 0; hour < HOURS; hour++) {
    const startMs = MONTH_START_MS + hour * 3_600_000;
    const dow = new Date(startMs).getUTCDay();
    const ctxBase = { hour, day: Math.floor(hour / 24), hourOfDay: hour % 24, weekend: dow === 0 || dow === 6 };
    const chargeStart = formatTs(startMs);
    const chargeEnd = formatTs(startMs + 3_600_000);

    POOLS.forEach((pool, i) => {
      const rand = rands[i];
      if (!rand) throw new Error('missing PRNG');
      const n = pool.instances({ ...ctxBase, rand });
      if (!Number.isInteger(n) || n < 0) throw new Error(`${pool.key}: bad instance count ${n}`);
      if (n === 0) return; // nothing running, nothing billed

      const unitMicro = toMicro(pool.price.usdPerHour);
      const costMicro = unitMicro * n;
      const cost = microToFixed11(costMicro);
      const qty = `${n}.000000000000000`;
      const pricingQty = `${n}.00000000000`;
      const spot = pool.pricingCategory === 'Dynamic';
      const priceKind = spot ? 'Spot' : 'OnDemand';
      const description =
        `${pool.skuId}${spot ? ' Spot' : ''} (${pool.gpus}) - ${pool.regionName}` +
        (pool.provider === GOOGLE
          ? ` - VM ${GCP_A3_HIGHGPU_8G_VM_US_CENTRAL1_A} + 8x H100 ${GCP_H100_X8_US_CENTRAL1_A} USD per hour`
          : ` - ${spot ? 'spot' : 'on-demand'} per instance-hour`);

      const row: Record<Column, Cell> = {
        AvailabilityZone: textOrNull(pool.availabilityZone),
        BilledCost: raw(cost),
        BillingAccountId: text(pool.provider.billingAccountId),
        BillingAccountName: text(pool.provider.billingAccountName),
        BillingCurrency: text('USD'),
        BillingPeriodEnd: text(BILLING_PERIOD_END),
        BillingPeriodStart: text(BILLING_PERIOD_START),
        ChargeCategory: text('Usage'),
        ChargeClass: NULL,
        ChargeDescription: text(description),
        ChargeFrequency: text('Usage-Based'),
        ChargePeriodEnd: text(chargeEnd),
        ChargePeriodStart: text(chargeStart),
        CommitmentDiscountCategory: NULL,
        CommitmentDiscountId: NULL,
        CommitmentDiscountName: NULL,
        CommitmentDiscountStatus: NULL,
        CommitmentDiscountType: NULL,
        ConsumedQuantity: raw(qty),
        ConsumedUnit: text('Hours'),
        ContractedCost: raw(cost),
        ContractedUnitPrice: raw(microToFixed11(unitMicro)),
        EffectiveCost: raw(cost),
        InvoiceIssuerName: text(pool.provider.invoiceIssuerName),
        ListCost: raw(cost),
        ListUnitPrice: text(microToShort(unitMicro)),
        PricingCategory: text(pool.pricingCategory),
        PricingQuantity: raw(pricingQty),
        PricingUnit: text('Hours'),
        ProviderName: text(pool.provider.providerName),
        PublisherName: text(pool.provider.publisherName),
        RegionId: text(pool.regionId),
        RegionName: text(pool.regionName),
        ResourceId: text(pool.resourceId),
        ResourceName: text(pool.resourceName),
        ResourceType: text(pool.resourceType),
        ServiceCategory: text('Compute'),
        Id: raw(String(id++)),
        ServiceName: text(pool.provider.serviceName),
        SkuId: text(pool.skuId),
        SkuPriceId: text(`${pool.skuId}|${pool.regionId}|${priceKind}`),
        SubAccountId: text(pool.subAccountId),
        SubAccountName: text(pool.subAccountName),
        Tags: text(tagsJson({ ...pool.tags, fleetplan_demo: 'synthetic' })),
      };
      lines.push(COLUMNS.map((c) => cellToCsv(row[c])).join(','));

      totalMicro += costMicro;
      const p = pool.provider.providerName;
      byProviderMicro.set(p, (byProviderMicro.get(p) ?? 0) + costMicro);
      byPoolMicro.set(pool.key, (byPoolMicro.get(pool.key) ?? 0) + costMicro);
      byPoolHours.set(pool.key, (byPoolHours.get(pool.key) ?? 0) + n);
    });
  }

  if (!Number.isSafeInteger(totalMicro)) throw new Error('total overflowed');
  return {
    csv: `${lines.join('\n')}\n`,
    summary: { rows: lines.length - 1, totalMicro, byProviderMicro, byPoolMicro, byPoolHours },
  };
}

// ---------------------------------------------------------------------------------------------
// Optional: check the hard-coded prices against the snapshot files.
// ---------------------------------------------------------------------------------------------

/** Splits one catalog line; Azure rows may carry an unquoted "V1,V2" Generation (extra fields). */
function splitCatalogLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

function checkPrices(dir: string): void {
  const prices = [
    AZURE_ND96ISR_H100_V5_EASTUS, AZURE_ND96ISR_H100_V5_EASTUS_SPOT, AZURE_ND96ISR_H200_V5_EASTUS2,
    AZURE_ND96ISR_MI300X_V5_EASTUS2, GCP_A3_HIGHGPU_8G_US_CENTRAL1_A, LAMBDA_GPU_8X_H100_SXM5_US_EAST_1,
  ];
  let failures = 0;
  for (const price of prices) {
    for (const src of price.sources) {
      const lines = readFileSync(join(dir, src.file), 'utf8').split(/\r?\n/);
      const header = splitCatalogLine(lines[0] ?? '');
      const fields = splitCatalogLine(lines[src.line - 1] ?? '');
      for (const [col, want] of Object.entries(src.expect)) {
        const got = fields[header.indexOf(col)];
        if (got !== want) {
          failures++;
          console.error(`MISMATCH ${src.file}:${src.line} ${col}: expected ${want}, found ${String(got)}`);
        }
      }
    }
  }
  if (failures > 0) throw new Error(`${failures} price mismatch(es) against ${dir}`);
  console.log(`prices OK against ${dir}`);
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const args = process.argv.slice(2);
  const checkAt = args.indexOf('--check-prices');
  if (checkAt >= 0) checkPrices(resolve(args[checkAt + 1] ?? DEFAULT_PRICE_DIR));

  const { csv, summary } = generate();
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, csv, 'utf8');

  const usd = (micro: number): string => {
    const cents = Math.floor((micro + 5_000) / 10_000); // round half up, in integers
    return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  };
  console.log(`wrote ${OUT_FILE}`);
  console.log(`rows ${summary.rows}, total BilledCost ${usd(summary.totalMicro)} USD (seed ${SEED})`);
  for (const [p, m] of summary.byProviderMicro) console.log(`  ${p}: ${usd(m)} USD`);
  for (const [k, m] of summary.byPoolMicro) {
    console.log(`  ${k}: ${summary.byPoolHours.get(k) ?? 0} instance-hours, ${usd(m)} USD`);
  }
  console.log(`sha256 ${createHash('sha256').update(csv).digest('hex')}`);
}

main();
