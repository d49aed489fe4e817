/** Contract methods: telemetry import, Prometheus pulls and queries. */
import { z } from 'zod'
import {
  ROLLUP_RESOLUTIONS,
  SERIES_KEYS,
  TELEMETRY_FORMATS,
  csvMappingSchema,
  type SeriesInfo,
  type TelemetryOutcome,
  type TelemetryQueryResult,
} from '../telemetry-types'
import { call, fileRef, job, result } from './spec'

export const telemetryMethods = {
  'telemetry-import': job(
    'Import telemetry files (Prometheus query_range JSON, Prometheus/OpenMetrics text, OTLP JSON, CSV with a mapping); each file is one atomic snapshot with rollups, re-imports are no-ops.',
    z
      .object({
        files: z.array(fileRef).min(1).max(100),
        /** Skips detection; every file is read as this format. */
        format: z.enum(TELEMETRY_FORMATS).optional(),
        /** CSV only: which columns are the timestamp, values and labels (inferred from the header when absent). */
        mapping: csvMappingSchema.optional(),
      })
      .strict(),
    result<TelemetryOutcome[]>(),
  ),
  'telemetry-pull': job(
    'Pull a time range from a Prometheus server (PromQL, start, end, step; chunked under the 11,000-points limit) into one snapshot.',
    z
      .object({
        url: z.string().url().max(2048),
        query: z.string().trim().min(1, 'required').max(10_000),
        /** Epoch seconds. */
        start: z.number().finite(),
        end: z.number().finite(),
        /** Seconds between points. */
        step: z.number().positive().max(86_400 * 31),
        /** Points per series per request (Prometheus refuses more than 11,000); smaller gives finer progress. */
        pointsPerWindow: z.number().int().min(10).max(11_000).default(10_000),
      })
      .strict()
      .refine((v) => v.end >= v.start, { message: 'end must not be before start', path: ['end'] })
      .refine((v) => (v.end - v.start) / v.step <= 50_000_000, { message: 'too many points per series (raise step)', path: ['step'] }),
    result<TelemetryOutcome[]>(),
  ),
  'telemetry-series-list': call(
    'Telemetry metrics (with series and sample counts) and the series matching a filter.',
    z
      .object({
        metric: z.string().max(500).optional(),
        where: z.partialRecord(z.enum(SERIES_KEYS), z.string().max(1000)).optional(),
        snapshotId: z.number().int().positive().optional(),
        limit: z.number().int().min(0).max(10_000).default(200),
      })
      .strict(),
    result<{ metrics: { metric: string; series: number; samples: number; firstTs: number; lastTs: number; gpuModels: string[] }[]; total: number; series: SeriesInfo[] }>(),
  ),
  'telemetry-query': call(
    'Chart points for a metric from the rollups (resolution chosen from the range), grouped by a normalised label.',
    z
      .object({
        metric: z.string().min(1).max(500),
        groupBy: z.enum([...SERIES_KEYS, 'series', 'none']).default('gpuModel'),
        where: z.partialRecord(z.enum(SERIES_KEYS), z.string().max(1000)).optional(),
        /** Epoch ms; default: the data's own range. */
        start: z.number().finite().optional(),
        end: z.number().finite().optional(),
        resolution: z.enum([...ROLLUP_RESOLUTIONS, 'auto']).default('auto'),
        maxGroups: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
    result<TelemetryQueryResult>(),
  ),
} as const
