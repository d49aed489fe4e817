/**
 * Schemas of the scenario / simulation / optimizer inputs, validated at the boundary. They are the one
 * definition: the domain types (Scenario, FleetPool, OptimizeProblem, …) are derived from them in
 * scenario-types.ts (`z.output`: what a handler receives, defaults filled in).
 */
import { z } from 'zod'

export const WORKLOAD_CLASSES = ['llm-training', 'llm-inference', 'vision', 'diffusion', 'speech', 'recommender'] as const
export const PURCHASE_OPTIONS = ['on-demand', 'spot', 'reserved-1y', 'reserved-3y', 'capacity-block', 'on-prem'] as const
export const QUEUE_POLICIES = ['fifo', 'priority', 'fair-share'] as const
export const OVERRIDE_KINDS = ['accelerator', 'price', 'carbon', 'throughput', 'onprem'] as const

const name = z.string().trim().min(1, 'required').max(120)
const ident = z.string().trim().min(1).max(80)
export const scenarioId = z.string().regex(/^sc_[a-z0-9]{8,32}$/, 'a scenario id looks like sc_xxxxxxxx')

/** One pool of the fleet: a type × region × purchase option, with a count of accelerators. */
export const fleetPoolSchema = z
  .object({
    accelerator: ident,
    provider: ident,
    region: ident,
    option: z.enum(PURCHASE_OPTIONS),
    count: z.number().int().min(0).max(1_000_000),
    /** Paid per accelerator-hour in use (cloud on-demand / spot as billed), not per accelerator in the fleet. */
    perUse: z.boolean().optional(),
  })
  .strict()

/** Demand of one team for one workload class, in H100-equivalent accelerator-hours per hour (busy H100s). */
export const demandStreamSchema = z
  .object({
    team: ident,
    workloadClass: z.enum(WORKLOAD_CLASSES),
    /** Mean demand at the start of the horizon. */
    base: z.number().min(0).max(1e7),
    growthPctPerMonth: z.number().min(-100).max(1000).default(0),
    /** Higher is served first under the priority policy. */
    priority: z.number().int().min(-100).max(100).optional(),
    /** Share weight under fair share. */
    weight: z.number().positive().max(1000).optional(),
    routing: z.record(z.string().max(400), z.number().min(0).max(1)).optional(),
  })
  .strict()

/**
 * Demand sample paths, e.g. from the forecasting engine: paths × streams × steps, in H100-equivalent
 * accelerator-hours per hour, at `stepHours` resolution (1 hourly, 24 daily). Path i of a simulation uses
 * sample path i mod paths. Without them, paths are generated from history × growth (the demand model).
 */
export const demandPathsSchema = z
  .object({
    streams: z.array(z.object({ team: ident, workloadClass: z.enum(WORKLOAD_CLASSES) }).strict()).min(1).max(500),
    stepHours: z.number().positive().max(24 * 31),
    values: z.array(z.array(z.array(z.number().min(0)))).min(1).max(100_000),
    source: z.string().max(400),
    forecastRunId: z.number().int().positive().optional(),
  })
  .strict()

/** History-based demand: each stream's base × growth (uncertain) × daily/weekly profile × AR(1) daily noise. */
export const demandModelSchema = z
  .object({
    streams: z.array(demandStreamSchema).min(1).max(5000),
    /** Day-to-day noise, standard deviation in percent (log scale). */
    noisePct: z.number().min(0).max(200).default(10),
    /** Standard deviation of the monthly growth rate, percentage points. */
    growthSdPct: z.number().min(0).max(100).default(1),
    /** Amplitude of the daily cycle (0..1). */
    diurnalAmplitude: z.number().min(0).max(1).default(0.25),
    /** Weekend dip (0..1). */
    weekendDip: z.number().min(0).max(1).default(0.15),
    /** Sample paths from a forecast; when present they replace the generated paths. */
    paths: demandPathsSchema.optional(),
  })
  .strict()

export const scenarioPolicySchema = z
  .object({
    queue: z.enum(QUEUE_POLICIES).default('fifo'),
    /** Work that waited this long is abandoned and counted as unmet demand. */
    maxWaitHours: z.number().min(1).max(24 * 60).default(72),
    /** A team whose share of demand met falls below this is a "resource desert". */
    fairnessFloor: z.number().min(0).max(1).default(0.8),
  })
  .strict()

/** Overrides of the catalog's on-prem defaults for one scenario or problem. */
const onPremSchema = z
  .object({
    lifeYears: z.number().min(0.5).max(15).optional(),
    electricityUsdPerKwh: z.number().min(0).max(5).optional(),
    hostingUsdPerAccelHour: z.number().min(0).max(100).optional(),
    pue: z.number().min(1).max(3).optional(),
  })
  .strict()

export const scenarioSchema = z
  .object({
    /** sc_… once saved. */
    id: scenarioId.optional(),
    name,
    description: z.string().max(4000).optional(),
    /** 'baseline' when derived from imported billing. */
    basis: z.enum(['baseline', 'variant', 'optimizer', 'file']).optional(),
    horizonHours: z.number().int().min(24).max(24 * 548),
    fleet: z.array(fleetPoolSchema).min(1).max(500),
    demand: demandModelSchema,
    policy: scenarioPolicySchema,
    /** Multiplies every price of the fleet (what-if on prices). */
    priceMultiplier: z.number().positive().max(100).optional(),
    /** Per-pool price replacing the catalog's, keyed `type|provider|region|option`. */
    priceOverrides: z.record(z.string().max(200), z.number().min(0).max(1e6)).optional(),
    onPrem: onPremSchema.optional(),
    simulation: z
      .object({
        paths: z.number().int().min(1).max(100_000).default(200),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
        warmupHours: z.number().int().min(0).max(24 * 31).optional(),
      })
      .strict(),
    optimizationRunId: z.string().regex(/^(opt|par)_[a-z0-9]{8,32}$/).optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .strict()

const poolRef = {
  accelerator: ident,
  provider: ident,
  region: ident,
  option: z.enum(PURCHASE_OPTIONS),
}

export const optimizeDemandSchema = z
  .object({
    team: ident,
    workloadClass: z.enum(WORKLOAD_CLASSES),
    /** Demand to meet, H100-equivalent busy accelerators (e.g. the chosen percentile of the forecast). */
    demand: z.number().min(0).max(1e7),
    /** Overrides the class's minimum memory per accelerator. */
    minMemoryGb: z.number().min(0).max(10_000).optional(),
    needsFp8: z.boolean().optional(),
  })
  .strict()

/** A fleet the optimizer's answer is compared with. */
export const currentFleetSchema = z
  .object({
    name,
    scenarioId: scenarioId.optional(),
    fleet: z.array(fleetPoolSchema).min(1).max(500),
    priceOverrides: scenarioSchema.shape.priceOverrides,
    priceMultiplier: scenarioSchema.shape.priceMultiplier,
    onPrem: onPremSchema.optional(),
  })
  .strict()

/** A scenario's demand and queueing policy, to simulate candidate fleets against. */
export const fleetEvaluationSchema = z
  .object({
    name,
    horizonHours: scenarioSchema.shape.horizonHours,
    demand: demandModelSchema,
    policy: scenarioPolicySchema,
    paths: z.number().int().min(1).max(1000),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
  })
  .strict()

export const problemSchema = z
  .object({
    name: z.string().max(120).optional(),
    /** Candidate pools: type × provider × region × option. Empty = every priced combination in the catalog. */
    candidates: z
      .array(z.object({ ...poolRef, maxCount: z.number().int().min(0).max(1_000_000).optional() }).strict())
      .max(2000)
      .optional(),
    demand: z.array(optimizeDemandSchema).min(1).max(20_000),
    /** Percentile label of the demand figures, for the report (e.g. 95). */
    demandPercentile: z.number().min(1).max(100).optional(),
    /** Target utilisation of purchased capacity (headroom for queueing). */
    targetUtilisation: z.number().min(0.05).max(1).optional(),
    /** Upper bound on cost per hour of the fleet, USD. */
    budgetUsdPerHour: z.number().positive().optional(),
    /** Upper bound on emissions, kgCO2e per hour at target utilisation. */
    carbonCapKgPerHour: z.number().positive().optional(),
    /** Each team gets at least this share of its demand. */
    fairnessFloor: z.number().min(0).max(1).optional(),
    /** When true, demand must be met entirely (no unmet slack). */
    requireDemand: z.boolean().optional(),
    /** Cost of one H100-hour of unmet demand (default 10 × the dearest price). */
    unmetPenaltyUsdPerHour: z.number().positive().optional(),
    /** Weighted objective: cost + carbonPriceUsdPerTonne × tonnes. */
    carbonPriceUsdPerTonne: z.number().min(0).optional(),
    /** Existing commitments: lower bounds on counts. */
    commitments: z.array(z.object({ ...poolRef, count: z.number().int().min(0) }).strict()).max(2000).optional(),
    /** Relative MIP gap to stop at (default 0.01). */
    mipGap: z.number().min(0).max(1).optional(),
    timeLimitSeconds: z.number().positive().max(3600).optional(),
    onPrem: onPremSchema.optional(),
    /** The scenario's own prices per pool (`type|provider|region|option`); such pools are candidates too. */
    priceOverrides: scenarioSchema.shape.priceOverrides,
    /** Scales every price (a scenario's what-if on prices). */
    priceMultiplier: scenarioSchema.shape.priceMultiplier,
    /** Hours the fleet is bought for: horizon cost = cost per hour × this. */
    horizonHours: z.number().int().min(1).max(24 * 548).optional(),
    /** The fleet to compare the answer with (usually the baseline: the current fleet), priced by its own prices. */
    current: currentFleetSchema.optional(),
    /** The scenario demand both fleets are simulated against when the answer is judged (else constant demand). */
    evaluation: fleetEvaluationSchema.optional(),
  })
  .strict()

/** How the optimizer sizes a fleet for a scenario's demand (the Optimize section's form). */
export const optimizeSettingsSchema = z
  .object({
    /** Demand percentile to meet: the stream's level at the end of the horizon × the noise quantile. */
    demandPercentile: z.number().min(50).max(99.9).default(90),
    targetUtilisation: z.number().min(0.05).max(1).default(0.8),
    fairnessFloor: z.number().min(0).max(1).default(0.9),
    budgetUsdPerHour: z.number().positive().optional(),
    carbonCapKgPerHour: z.number().positive().optional(),
  })
  .strict()

/**
 * A user's figure, stored in the workspace apart from the bundled defaults. Keys:
 * accelerator `H100`; price `H100|gcp|us-east4|on-demand`; carbon `gcp|us-east4`; throughput `H100|vision`;
 * onprem `defaults` or `capex|H100`.
 */
export const overrideSchema = z
  .object({
    kind: z.enum(OVERRIDE_KINDS),
    key: z.string().min(1).max(200),
    field: z.string().min(1).max(60),
    /** null removes the override (the default comes back). */
    value: z.number().finite().nullable(),
    note: z.string().max(1000).default(''),
  })
  .strict()
