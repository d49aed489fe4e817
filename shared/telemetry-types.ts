/** Telemetry domain types (series, samples, rollups) shared by every process. Plain data only. */
import { z } from 'zod'
import type { Snapshot } from './types'

/** Telemetry file formats the importer reads; `auto` sniffs the file. */
export const TELEMETRY_FORMATS = ['prometheus-json', 'openmetrics', 'prometheus-text', 'otlp-json', 'csv'] as const
export type TelemetryFormat = (typeof TELEMETRY_FORMATS)[number]

/** Units a CSV timestamp column may be in (`iso` = ISO 8601 text). */
export const TIMESTAMP_UNITS = ['s', 'ms', 'us', 'ns', 'iso'] as const
export type TimestampUnit = (typeof TIMESTAMP_UNITS)[number]

/** How a CSV file maps to series: one series per value column and distinct label-column values. */
export const csvMappingSchema = z
  .object({
    timestamp: z.string().min(1).max(200),
    timestampUnit: z.enum(TIMESTAMP_UNITS),
    /** Each value column becomes a metric (named `metric`, or the column's name). */
    values: z.array(z.object({ column: z.string().min(1).max(200), metric: z.string().min(1).max(200).optional() }).strict()).min(1).max(50),
    /** Label columns: the CSV column and the label name it becomes (default: the column name). */
    labels: z.array(z.object({ column: z.string().min(1).max(200), as: z.string().min(1).max(200).optional() }).strict()).max(50).default([]),
    /** Constant labels added to every series (e.g. `{gpu_model: "H100"}`). */
    constLabels: z.record(z.string().max(200), z.string().max(1000)).optional(),
  })
  .strict()
export type CsvMapping = z.output<typeof csvMappingSchema>

/** The summary of one telemetry import (also kept on the snapshot row). */
export interface TelemetrySummary {
  format: TelemetryFormat | 'prometheus-pull'
  series: number
  samples: number
  /** ISO 8601 UTC of the first and last sample, null when none. */
  periodStart: string | null
  periodEnd: string | null
  warnings: string[]
}

export interface TelemetryOutcome {
  fileName: string
  status: 'imported' | 'duplicate'
  snapshot: Snapshot
  summary: TelemetrySummary
}

/** Normalised label keys every series carries as columns (filters and group-bys). */
export const SERIES_KEYS = ['gpuUuid', 'gpuModel', 'host', 'namespace', 'pod', 'team', 'project'] as const
export type SeriesKey = (typeof SERIES_KEYS)[number]

/** The normalised labels of a series, one per key (null when the exporter gave none of its spellings). */
export type NormalisedLabels = Record<SeriesKey, string | null>

export interface SeriesInfo extends NormalisedLabels {
  id: number
  metric: string
  labels: Record<string, string>
  samples: number
  firstTs: number
  lastTs: number
}

export const ROLLUP_RESOLUTIONS = ['5m', '1h', '1d'] as const
export type RollupResolution = (typeof ROLLUP_RESOLUTIONS)[number]

export interface TelemetryPoint {
  /** Bucket start, epoch ms. */
  t: number
  avg: number
  min: number
  max: number
  count: number
}

export interface TelemetryQueryResult {
  metric: string
  resolution: RollupResolution
  /** One line per group (normalised key value, or per series when not grouped). */
  groups: { key: string; series: number; points: TelemetryPoint[] }[]
  /** Epoch ms of the range actually covered (data bounds clipped to the request). */
  start: number | null
  end: number | null
}

/** Ready-made PromQL for NVIDIA dcgm-exporter fields (names from NVIDIA/dcgm-exporter etc/default-counters.csv). */
export const DCGM_PRESETS = [
  { id: 'gpu-util', label: 'GPU utilisation (%)', query: 'DCGM_FI_DEV_GPU_UTIL', unit: '%' },
  { id: 'sm-active', label: 'SM active (ratio)', query: 'DCGM_FI_PROF_SM_ACTIVE', unit: 'ratio' },
  { id: 'gr-engine-active', label: 'Graphics engine active (ratio)', query: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', unit: 'ratio' },
  { id: 'tensor-active', label: 'Tensor pipe active (ratio)', query: 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', unit: 'ratio' },
  { id: 'fb-used', label: 'Framebuffer used (MiB)', query: 'DCGM_FI_DEV_FB_USED', unit: 'MiB' },
  { id: 'power', label: 'Power usage (W)', query: 'DCGM_FI_DEV_POWER_USAGE', unit: 'W' },
  { id: 'mem-copy-util', label: 'Memory copy utilisation (%)', query: 'DCGM_FI_DEV_MEM_COPY_UTIL', unit: '%' },
] as const
