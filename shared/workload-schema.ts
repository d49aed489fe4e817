/** Input schemas of the workload methods: the job-trace CSV mapping and the workload queries. */
import { z } from 'zod'
import { COST_SOURCES, WORKLOAD_DIMENSIONS, WORKLOAD_KINDS, WORKLOAD_SOURCES } from './workload-types'
import { TIMESTAMP_UNITS } from './telemetry-types'

const column = z.string().trim().min(1).max(200)

/**
 * How a job trace (one row per job / pod / task) maps to workloads. Times are in `timeUnit`; numeric times
 * counted from the trace's start (as research traces publish them) are placed at `timeOrigin`.
 */
export const jobTraceMappingSchema = z
  .object({
    kind: z.literal('jobs'),
    id: column,
    start: column,
    /** End time; an empty cell means the job was still running when the trace ends (its last time). */
    end: column.optional(),
    /** Duration in seconds, when the trace gives that instead of an end. */
    durationSeconds: column.optional(),
    timeUnit: z.enum(TIMESTAMP_UNITS),
    timeOrigin: z.iso.datetime({ offset: true }).optional(),
    /** Accelerators requested (devices). */
    accelerators: column.optional(),
    /** A fraction of one accelerator (GPU sharing), e.g. gpu_milli ÷ 1000; applies when one device is requested. */
    acceleratorShare: z.object({ column, scale: z.number().positive().max(1e9).default(1) }).strict().optional(),
    acceleratorType: column.optional(),
    /** Raw type values → catalog ids (e.g. "V100M16": "V100"); several allowed types "A|B" take the first. */
    typeMap: z.record(z.string().max(200), z.string().max(63)).default({}),
    constAcceleratorType: z.string().trim().min(1).max(63).optional(),
    cpu: z.object({ column, unit: z.enum(['cores', 'millicores']) }).strict().optional(),
    memory: z.object({ column, unit: z.enum(['bytes', 'KiB', 'MiB', 'GiB']) }).strict().optional(),
    team: column.optional(),
    project: column.optional(),
    namespace: column.optional(),
    /** The node or billed resource (ResourceName / ResourceId) the job ran on: its cost becomes a share of that resource's billing lines. */
    node: column.optional(),
    constNamespace: z.string().trim().min(1).max(63).optional(),
    labels: z.array(z.object({ column, as: z.string().trim().min(1).max(253).optional() }).strict()).max(50).default([]),
    constLabels: z.record(z.string().max(253), z.string().max(63)).default({}),
    /** Keep only rows whose column holds one of these values (e.g. jobs that were scheduled). */
    where: z.object({ column, in: z.array(z.string().max(200)).min(1).max(100) }).strict().optional(),
  })
  .strict()
  .refine((m) => !(m.end && m.durationSeconds), { message: 'give end or durationSeconds, not both', path: ['durationSeconds'] })

export type JobTraceMapping = z.output<typeof jobTraceMappingSchema>
export type JobTraceMappingInput = z.input<typeof jobTraceMappingSchema>

export const workloadFilterSchema = z
  .object({
    team: z.string().max(200).optional(),
    project: z.string().max(200).optional(),
    namespace: z.string().max(200).optional(),
    acceleratorType: z.string().max(200).optional(),
    kind: z.enum(WORKLOAD_KINDS).optional(),
    costSource: z.enum(COST_SOURCES).optional(),
    source: z.enum(WORKLOAD_SOURCES).optional(),
    search: z.string().max(200).optional(),
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    acceleratorsOnly: z.boolean().optional(),
  })
  .strict()

export const WORKLOAD_SORTS = ['start', 'cost', 'acceleratorHours', 'accelerators', 'name'] as const

export const workloadListSchema = z
  .object({
    filter: workloadFilterSchema.default({}),
    sort: z.enum(WORKLOAD_SORTS).default('start'),
    desc: z.boolean().default(true),
    limit: z.number().int().min(1).max(5000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict()

export const workloadQuerySchema = z
  .object({
    by: z.array(z.enum(WORKLOAD_DIMENSIONS)).min(1).max(3),
    filter: workloadFilterSchema.default({}),
  })
  .strict()
