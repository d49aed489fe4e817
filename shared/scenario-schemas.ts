/** Input schemas of the scenario / simulation / optimizer methods (validated at the boundary). */
import { z } from 'zod'
import { OVERRIDE_KINDS, PURCHASE_OPTIONS, QUEUE_POLICIES, WORKLOAD_CLASSES } from './scenario-types'

const name = z.string().trim().min(1, 'required').max(120)
const ident = z.string().trim().min(1).max(80)
export const scenarioId = z.string().regex(/^sc_[a-z0-9]{8,32}$/, 'a scenario id looks like sc_xxxxxxxx')

const fleetPool = z
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

const demandStream = z
  .object({
    team: ident,
    workloadClass: z.enum(WORKLOAD_CLASSES),
    base: z.number().min(0).max(1e7),
    growthPctPerMonth: z.number().min(-100).max(1000).default(0),
    priority: z.number().int().min(-100).max(100).optional(),
    weight: z.number().positive().max(1000).optional(),
    routing: z.record(z.string().max(400), z.number().min(0).max(1)).optional(),
  })
  .strict()

const demandPaths = z
  .object({
    streams: z.array(z.object({ team: ident, workloadClass: z.enum(WORKLOAD_CLASSES) }).strict()).min(1).max(500),
    stepHours: z.number().positive().max(24 * 31),
    values: z.array(z.array(z.array(z.number().min(0)))).min(1).max(100_000),
    source: z.string().max(400),
  })
  .strict()

export const scenarioSchema = z
  .object({
    id: scenarioId.optional(),
    name,
    description: z.string().max(4000).optional(),
    basis: z.enum(['baseline', 'variant', 'optimizer', 'file']).optional(),
    horizonHours: z.number().int().min(24).max(24 * 548),
    fleet: z.array(fleetPool).min(1).max(500),
    demand: z
      .object({
        streams: z.array(demandStream).min(1).max(5000),
        noisePct: z.number().min(0).max(200).default(10),
        growthSdPct: z.number().min(0).max(100).default(1),
        diurnalAmplitude: z.number().min(0).max(1).default(0.25),
        weekendDip: z.number().min(0).max(1).default(0.15),
        paths: demandPaths.optional(),
      })
      .strict(),
    policy: z
      .object({
        queue: z.enum(QUEUE_POLICIES).default('fifo'),
        maxWaitHours: z.number().min(1).max(24 * 60).default(72),
        fairnessFloor: z.number().min(0).max(1).default(0.8),
      })
      .strict(),
    priceMultiplier: z.number().positive().max(100).optional(),
    priceOverrides: z.record(z.string().max(200), z.number().min(0).max(1e6)).optional(),
    onPrem: z
      .object({
        lifeYears: z.number().min(0.5).max(15).optional(),
        electricityUsdPerKwh: z.number().min(0).max(5).optional(),
        hostingUsdPerAccelHour: z.number().min(0).max(100).optional(),
        pue: z.number().min(1).max(3).optional(),
      })
      .strict()
      .optional(),
    simulation: z
      .object({
        paths: z.number().int().min(1).max(100_000).default(200),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
        warmupHours: z.number().int().min(0).max(24 * 31).optional(),
      })
      .strict(),
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

export const problemSchema = z
  .object({
    name: z.string().max(120).optional(),
    candidates: z
      .array(z.object({ ...poolRef, maxCount: z.number().int().min(0).max(1_000_000).optional() }).strict())
      .max(2000)
      .optional(),
    demand: z
      .array(
        z
          .object({
            team: ident,
            workloadClass: z.enum(WORKLOAD_CLASSES),
            demand: z.number().min(0).max(1e7),
            minMemoryGb: z.number().min(0).max(10_000).optional(),
            needsFp8: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(20_000),
    demandPercentile: z.number().min(1).max(100).optional(),
    targetUtilisation: z.number().min(0.05).max(1).optional(),
    budgetUsdPerHour: z.number().positive().optional(),
    carbonCapKgPerHour: z.number().positive().optional(),
    fairnessFloor: z.number().min(0).max(1).optional(),
    requireDemand: z.boolean().optional(),
    unmetPenaltyUsdPerHour: z.number().positive().optional(),
    carbonPriceUsdPerTonne: z.number().min(0).optional(),
    commitments: z.array(z.object({ ...poolRef, count: z.number().int().min(0) }).strict()).max(2000).optional(),
    mipGap: z.number().min(0).max(1).optional(),
    timeLimitSeconds: z.number().positive().max(3600).optional(),
    onPrem: scenarioSchema.shape.onPrem,
  })
  .strict()

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
