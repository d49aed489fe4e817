/**
 * The one API contract. Every method (name, input schema, result type, call or long job) and every push
 * event is declared here; preload, the web host, the renderer's client and the CLI all derive from it.
 */
import { z } from 'zod'
import type { ApiErrorShape } from './errors'
import { BILLING_FORMATS, type TagKeySettings } from './billing-types'
import { overrideSchema, problemSchema, scenarioId, scenarioSchema } from './scenario-schemas'
import type {
  Catalog,
  CatalogOverride,
  OptimizeResult,
  ParetoResult,
  Scenario,
  ScenarioSummary,
  SimulationResult,
  SimulationRunSummary,
} from './scenario-types'
import {
  COST_DIMENSIONS,
  COST_METRICS,
  type CostForecast,
  type CostQueryResult,
  type ImportOutcome,
  type Plan,
  type PlanExportResult,
  type Snapshot,
  type WorkspaceInfo,
} from './types'
import {
  ROLLUP_RESOLUTIONS,
  SERIES_KEYS,
  TELEMETRY_FORMATS,
  TIMESTAMP_UNITS,
  type SeriesInfo,
  type TelemetryOutcome,
  type TelemetryQueryResult,
} from './telemetry-types'
import {
  FORECAST_MODELS,
  FORECAST_SPEEDS,
  FORECAST_TARGETS,
  type Anomaly,
  type AnomalyLineItem,
  type ForecastRun,
  type ForecastRunSummary,
} from './forecast-types'

import {
  COST_MEASURES,
  EXPLORE_DIMENSIONS,
  EXPLORE_METRICS,
  LINE_ITEM_COLUMNS,
  MODEL_TYPES,
  PHASES,
  RULE_FIELDS,
  type ClassifierStatus,
  type ExploreResult,
  type HeatmapResult,
  type LineItemsResult,
  type MoversResult,
  type SubjectRow,
  type UnitEconomics,
} from './explore-types'

/** Phantom marker carrying a result type through the method table. */
declare const resultBrand: unique symbol
export interface Result<T> {
  readonly [resultBrand]?: T
}
const result = <T>(): Result<T> => ({})

interface MethodSpec<I extends z.ZodType, R, J extends boolean> {
  /** One sentence for the CLI's help and the README. */
  doc: string
  input: I
  result: Result<R>
  /** A long job returns `{ jobId }` at once; progress and the result arrive as push events. */
  job: J
}

function call<I extends z.ZodType, R>(doc: string, input: I, r: Result<R>): MethodSpec<I, R, false> {
  return { doc, input, result: r, job: false }
}
function job<I extends z.ZodType, R>(doc: string, input: I, r: Result<R>): MethodSpec<I, R, true> {
  return { doc, input, result: r, job: true }
}

const empty = z.object({}).strict()
const planId = z.string().regex(/^pl_[a-z0-9]{8,32}$/, 'a plan id looks like pl_xxxxxxxx')
const personName = z.string().trim().min(1, 'required').max(200)

/**
 * A file the main process can read: an absolute path (Electron file picker, drag and drop, CLI) or a
 * `staged:<id>` reference returned by the web host's upload endpoint.
 */
const fileRef = z.object({
  ref: z.string().min(1).max(4096),
  name: z.string().min(1).max(1024).optional(),
})

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day looks like 2024-09-30')
const exploreFilters = z.partialRecord(z.enum(EXPLORE_DIMENSIONS), z.array(z.string().max(1000)).max(500))
const period = { from: isoDay.optional(), to: isoDay.optional() }

export const methods = {
  'workspace-info': call('Describe the open workspace: file, period, rows, total cost.', empty, result<WorkspaceInfo>()),
  'snapshot-list': call('List every import (snapshot), newest first.', empty, result<Snapshot[]>()),
  'snapshot-delete': call(
    'Delete a snapshot and every row it brought.',
    z.object({ id: z.number().int().positive() }).strict(),
    result<{ deleted: boolean }>(),
  ),
  'billing-import': job(
    'Import billing files (FOCUS 1.0–1.2 CSV / CSV.gz / Parquet, AWS CUR, Azure cost details, OCI cost reports, GCP billing export); each file is one atomic snapshot, re-imports are no-ops.',
    z
      .object({
        files: z
          .array(
            fileRef.extend({
              /** Skips detection of the schema family (the container — CSV, gzip, Parquet, JSON — is always read from the bytes). */
              format: z.enum(BILLING_FORMATS).optional(),
            }),
          )
          .min(1)
          .max(100),
      })
      .strict(),
    result<ImportOutcome[]>(),
  ),
  'billing-tag-keys-get': call(
    'The tag / label keys that name a billing line\'s team, project and model type in this workspace.',
    empty,
    result<TagKeySettings>(),
  ),
  'billing-tag-keys-set': call(
    'Set the tag keys for team, project and model type (first present key wins) and re-derive every billing line.',
    z
      .object({
        team: z.array(z.string().trim().min(1).max(200)).max(20),
        project: z.array(z.string().trim().min(1).max(200)).max(20),
        modelType: z.array(z.string().trim().min(1).max(200)).max(20),
      })
      .strict(),
    result<TagKeySettings & { rederived: number }>(),
  ),
  'cost-query': call(
    'Total cost grouped by FOCUS dimensions.',
    z
      .object({
        by: z.array(z.enum(COST_DIMENSIONS)).max(4).default([]),
        metric: z.enum(COST_METRICS).default('BilledCost'),
        /** Keep the N largest groups of the first non-time dimension; the rest become "Other". */
        top: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    result<CostQueryResult>(),
  ),
  'cost-forecast': call(
    'Seasonal-naive forecast of daily cost with 80/95 % intervals.',
    z
      .object({
        horizonDays: z.number().int().min(1).max(548).default(30),
        metric: z.enum(COST_METRICS).default('BilledCost'),
      })
      .strict(),
    result<CostForecast>(),
  ),
  'plan-list': call('List plans, newest first.', empty, result<Plan[]>()),
  'plan-get': call('One plan with its approval and exports.', z.object({ id: planId }).strict(), result<Plan>()),
  'plan-create': call(
    'Create a draft plan from the baseline scenario (current spend carried forward).',
    z
      .object({
        name: z.string().trim().min(1, 'required').max(120),
        description: z.string().max(4000).default(''),
        growthPctPerMonth: z.number().min(-100).max(1000).default(0),
        horizonDays: z.number().int().min(1).max(548).default(30),
      })
      .strict(),
    result<Plan>(),
  ),
  'plan-approve': call(
    'Approve a draft plan: records who, when and a content hash, and makes it immutable.',
    z.object({ id: planId, by: personName, comment: z.string().trim().min(1, 'required').max(4000) }).strict(),
    result<Plan>(),
  ),
  'plan-export': call(
    'Write an approved plan into a local Git checkout as a commit on a new branch; the working tree is untouched.',
    z.object({ id: planId, repoPath: z.string().min(1).max(4096) }).strict(),
    result<PlanExportResult>(),
  ),
  'telemetry-import': job(
    'Import telemetry files (Prometheus query_range JSON, Prometheus/OpenMetrics text, OTLP JSON, CSV with a mapping); each file is one atomic snapshot with rollups, re-imports are no-ops.',
    z
      .object({
        files: z.array(fileRef).min(1).max(100),
        /** Skips detection; every file is read as this format. */
        format: z.enum(TELEMETRY_FORMATS).optional(),
        /** CSV only: which columns are the timestamp, values and labels (inferred from the header when absent). */
        mapping: z
          .object({
            timestamp: z.string().min(1).max(200),
            timestampUnit: z.enum(TIMESTAMP_UNITS),
            values: z.array(z.object({ column: z.string().min(1).max(200), metric: z.string().min(1).max(200).optional() }).strict()).min(1).max(50),
            labels: z.array(z.object({ column: z.string().min(1).max(200), as: z.string().min(1).max(200).optional() }).strict()).max(50).default([]),
            constLabels: z.record(z.string().max(200), z.string().max(1000)).optional(),
          })
          .strict()
          .optional(),
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
  'forecast-run': job(
    'Forecast daily cost / GPU-hours per target group: every model backtested on rolling origins, the best by MASE kept, with 50/80/95 % intervals; stored as a run.',
    z
      .object({
        targets: z.array(z.enum(FORECAST_TARGETS)).min(1).max(FORECAST_TARGETS.length),
        /** Days ahead: up to 18 months. */
        horizon: z.number().int().min(1).max(548).default(30),
        levels: z.array(z.number().int().min(1).max(99)).min(1).max(5).default([50, 80, 95]),
        metric: z.enum(COST_METRICS).default('BilledCost'),
        origins: z.number().int().min(1).max(6).default(4),
        /** Candidate models (default: all; the ensemble is always formed from the best). */
        models: z.array(z.enum(FORECAST_MODELS).exclude(['ensemble'])).min(1).optional(),
        /** Speed preset: fast (seasonal naive variants + seasonal profile), balanced (ARIMA, MSTL, global net added), best (everything, fresh fits). */
        speed: z.enum(FORECAST_SPEEDS).default('balanced'),
      })
      .strict(),
    result<ForecastRun>(),
  ),
  'forecast-run-list': call(
    'Forecast runs, newest first.',
    z.object({ limit: z.number().int().min(1).max(500).default(20) }).strict(),
    result<ForecastRunSummary[]>(),
  ),
  'forecast-run-get': call(
    'One forecast run with every series: history, forecast, intervals, backtest scores and coverage.',
    z.object({ id: z.number().int().positive() }).strict(),
    result<ForecastRun>(),
  ),
  'anomaly-list': call(
    'Anomalies found so far (cost spikes with their drivers, GPU-pool utilisation collapses), most severe first.',
    z.object({ kind: z.enum(['cost', 'gpu-utilisation']).optional(), limit: z.number().int().min(1).max(5000).default(200) }).strict(),
    result<Anomaly[]>(),
  ),
  'anomaly-line-items': call(
    'The billing lines behind a cost anomaly (that day, inside its series), largest first.',
    z.object({ id: z.number().int().positive(), limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    result<{ anomaly: Anomaly; rows: AnomalyLineItem[]; total: number }>(),
  ),
  'anomaly-scan': job(
    'Look for anomalies over the whole history (imports also run this on the days they bring).',
    z
      .object({
        floorUsd: z.number().min(0).max(1e9).optional(),
        floorUtil: z.number().min(0).max(100).optional(),
      })
      .strict(),
    result<{ cost: number; gpu: number }>(),
  ),
  // ---- catalog, scenarios, simulation, optimizer (issue 5) ----
  'catalog-get': call('The accelerator catalog (specs, prices, carbon, throughput) with the workspace overrides applied and marked.', empty, result<Catalog>()),
  'catalog-override': call('Set (or with value null, remove) one user figure in the catalog; defaults stay apart.', overrideSchema, result<CatalogOverride[]>()),
  'scenario-list': call('List saved scenarios with their last simulation.', empty, result<ScenarioSummary[]>()),
  'scenario-get': call('One saved scenario.', z.object({ id: scenarioId }).strict(), result<Scenario>()),
  'scenario-baseline': call(
    'Derive the baseline scenario (current fleet, prices, demand) from imported billing; saved when `save` is true.',
    z.object({ save: z.boolean().default(false), horizonHours: z.number().int().min(24).max(24 * 548).optional(), paths: z.number().int().min(1).max(100000).optional() }).strict(),
    result<Scenario>(),
  ),
  'scenario-save': call('Create or update a scenario (with `id`: update).', z.object({ scenario: scenarioSchema }).strict(), result<Scenario>()),
  'scenario-demand-from-forecast': call(
    "Replace a saved scenario's demand with sample paths from a GPU-hours-per-team forecast run (the newest finished one when runId is omitted).",
    z
      .object({
        id: scenarioId,
        runId: z.number().int().positive().optional(),
        paths: z.number().int().min(1).max(1000).default(100),
        seed: z.number().int().min(0).default(1),
      })
      .strict(),
    result<Scenario>(),
  ),
  'scenario-delete': call('Delete a scenario (its runs stay, unlinked).', z.object({ id: scenarioId }).strict(), result<{ deleted: boolean }>()),
  'scenario-simulate': job(
    'Monte Carlo simulation of a scenario (saved by id, or given inline) over both worker threads; the run is recorded.',
    z
      .object({
        id: scenarioId.optional(),
        scenario: scenarioSchema.optional(),
        paths: z.number().int().min(1).max(100000).optional(),
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
        workers: z.number().int().min(1).max(16).optional(),
      })
      .strict()
      .refine((v) => !!v.id !== !!v.scenario, 'give either id or scenario'),
    result<SimulationResult>(),
  ),
  'scenario-runs': call('Recorded simulation runs (newest first), of one scenario or all.', z.object({ scenarioId: scenarioId.optional() }).strict(), result<SimulationRunSummary[]>()),
  'scenario-compare': call(
    'Side-by-side KPIs of the latest run of each scenario.',
    z.object({ ids: z.array(scenarioId).min(1).max(8) }).strict(),
    result<{ scenarios: { id: string; name: string; run: SimulationRunSummary | null }[] }>(),
  ),
  optimize: job('Solve the procurement MILP (HiGHS) for a problem; explains binding constraints and sensitivities.', z.object({ problem: problemSchema, greedy: z.boolean().default(true) }).strict(), result<OptimizeResult>()),
  pareto: job(
    'Pareto front of cost vs carbon (sweeping the carbon cap) or cost vs p95 wait (sweeping target utilisation).',
    z.object({ problem: problemSchema, axis: z.enum(['carbon', 'wait']).default('carbon'), points: z.number().int().min(2).max(30).default(8) }).strict(),
    result<ParetoResult>(),
  ),
  // ---- explore and classify (issue 12) ----
  'explore-query': call(
    'Spend, accelerator-hours, idle cost or fractional attribution by up to three dimensions over a period, with filters (from aggregates built at import).',
    z
      .object({
        metric: z.enum(EXPLORE_METRICS).default('cost'),
        by: z.array(z.enum(EXPLORE_DIMENSIONS)).max(3).default([]),
        ...period,
        filters: exploreFilters.optional(),
        costMetric: z.enum(COST_MEASURES).default('BilledCost'),
        top: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    result<ExploreResult>(),
  ),
  'explore-line-items': call(
    'The billing lines behind a number: one page, sorted, with the total count and cost of the whole selection.',
    z
      .object({
        ...period,
        filters: exploreFilters.optional(),
        sort: z.object({ column: z.enum(LINE_ITEM_COLUMNS), dir: z.enum(['asc', 'desc']) }).strict().optional(),
        offset: z.number().int().min(0).max(100_000_000).default(0),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
    result<LineItemsResult>(),
  ),
  'explore-heatmap': call(
    'Accelerator utilisation and idle cost by day of week × hour of day (UTC).',
    z.object({ ...period, filters: exploreFilters.optional(), costMetric: z.enum(COST_MEASURES).default('BilledCost') }).strict(),
    result<HeatmapResult>(),
  ),
  'explore-movers': call(
    'Which values of a dimension explain the change in spend between two periods, with the anomalies found in the later one.',
    z
      .object({
        dimension: z.enum(EXPLORE_DIMENSIONS),
        before: z.object({ from: isoDay, to: isoDay }).strict(),
        after: z.object({ from: isoDay, to: isoDay }).strict(),
        filters: exploreFilters.optional(),
        costMetric: z.enum(COST_MEASURES).default('BilledCost'),
        limit: z.number().int().min(1).max(200).default(10),
      })
      .strict(),
    result<MoversResult>(),
  ),
  'explore-unit-economics': call(
    'Cost per accelerator-hour by type, per 1k inference requests (QPS series), per job.',
    z.object({ ...period, costMetric: z.enum(COST_MEASURES).default('BilledCost') }).strict(),
    result<UnitEconomics>(),
  ),
  'explore-dimension-values': call(
    'The values each dimension takes, most costly first (for filter pickers).',
    z.object({ dimensions: z.array(z.enum(EXPLORE_DIMENSIONS)).min(1).max(EXPLORE_DIMENSIONS.length), limit: z.number().int().min(1).max(5000).default(200) }).strict(),
    result<Partial<Record<string, string[]>>>(),
  ),
  'explore-refresh': job('Bring Explore\'s aggregates up to date (imports do this by themselves).', empty, result<{ cubes: number; accel: boolean; ms: number }>()),
  'classify-status': call('The classifier: rules (and the defaults), the model folder, whether embeddings are in use, counts by source.', empty, result<ClassifierStatus>()),
  'classify-list': call(
    'Workloads and billed resources with their model type, phase, confidence and the rule or examples behind it, most costly first.',
    z
      .object({
        source: z.enum(['correction', 'tag', 'rule', 'embedding', 'default']).optional(),
        kind: z.enum(['billing', 'pod']).optional(),
        search: z.string().max(200).optional(),
        untagged: z.boolean().default(false),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    result<{ total: number; rows: SubjectRow[] }>(),
  ),
  'classify-correct': call(
    'Confirm or correct a model type and phase; kept by the workload\'s identity, it wins over tags, rules and embeddings, also on re-import. modelType null removes the correction.',
    z.object({ id: z.number().int().positive(), modelType: z.enum(MODEL_TYPES).nullable(), phase: z.enum(PHASES).optional(), by: personName.default('analyst') }).strict(),
    result<SubjectRow>(),
  ),
  'classify-rules-set': call(
    'Replace the ordered rule list (null restores the defaults) and re-classify everything.',
    z
      .object({
        rules: z
          .array(
            z
              .object({
                id: z.string().trim().min(1).max(80),
                field: z.enum(RULE_FIELDS),
                pattern: z.string().min(1).max(2000),
                modelType: z.enum(MODEL_TYPES).optional(),
                phase: z.enum(PHASES).optional(),
                note: z.string().max(500).optional(),
              })
              .strict(),
          )
          .max(500)
          .nullable(),
      })
      .strict(),
    result<ClassifierStatus>(),
  ),
  'classify-model-set': call(
    'Point the embedding classifier at a local sentence-embedding model folder (ONNX, Hugging Face layout), or null for rules only.',
    z.object({ path: z.string().min(1).max(4096).nullable() }).strict(),
    result<ClassifierStatus>(),
  ),
  'classify-embed': job(
    'Run the embedding classifier over every workload and billed resource (offline, in a worker, with progress).',
    empty,
    result<{ subjects: number; model: string; ms: number }>(),
  ),
  'job-cancel': call(
    'Cancel a running job; its work is rolled back.',
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result<{ cancelled: boolean }>(),
  ),
  'job-get': call(
    'State of a job (running with its last progress, done with its result, or failed): lets a client that missed push events catch up.',
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result<JobState>(),
  ),
} as const

/** A job as the runner knows it; finished jobs are remembered for a while after their last event. */
export type JobState =
  | { jobId: string; method: JobMethodName; state: 'running'; progress: Omit<JobProgressEvent, 'type'> | null }
  | { jobId: string; method: JobMethodName; state: 'done'; result: unknown }
  | { jobId: string; method: JobMethodName; state: 'failed'; error: ApiErrorShape }

export type Methods = typeof methods
export type MethodName = keyof Methods
export type InputOf<K extends MethodName> = z.input<Methods[K]['input']>
export type ParsedInputOf<K extends MethodName> = z.output<Methods[K]['input']>
export type ResultOf<K extends MethodName> = Methods[K]['result'] extends Result<infer R> ? R : never
export type IsJob<K extends MethodName> = Methods[K]['job']
export type JobMethodName = { [K in MethodName]: Methods[K]['job'] extends true ? K : never }[MethodName]
export type CallMethodName = Exclude<MethodName, JobMethodName>

/** What a method answers over a transport: a job's immediate answer is its id. */
export type ReplyOf<K extends MethodName> = IsJob<K> extends true ? { jobId: string } : ResultOf<K>

export const methodNames = Object.keys(methods) as MethodName[]

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name)
}

/** Every transport answers with this envelope, so typed errors survive IPC and HTTP. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape }

// ---- push events ----

export interface JobProgressEvent {
  type: 'job-progress'
  jobId: string
  method: JobMethodName
  /** What the job is doing now, for a person ("Reading focus.csv"). */
  step: string
  current: number
  /** 0 when the total is not known yet. */
  total: number
}
export interface JobDoneEvent {
  type: 'job-done'
  jobId: string
  method: JobMethodName
  result: unknown
}
export interface JobFailedEvent {
  type: 'job-failed'
  jobId: string
  method: JobMethodName
  error: ApiErrorShape
}
/** Writes announce the tables they changed; views refresh only what reads them. */
export interface TablesChangedEvent {
  type: 'tables-changed'
  tables: string[]
}
export type PushEvent = JobProgressEvent | JobDoneEvent | JobFailedEvent | TablesChangedEvent
export const pushEventTypes = ['job-progress', 'job-done', 'job-failed', 'tables-changed'] as const satisfies readonly PushEvent['type'][]

// ---- the bridge the renderer sees (preload in Electron, HTTP client in web mode) ----

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S

export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

export type ApiFunctions = {
  [K in MethodName as CamelCase<K>]: (input: InputOf<K>) => Promise<Envelope<ReplyOf<K>>>
}

/** A file the renderer handed to the main process for import. */
export interface StagedFile {
  ref: string
  name: string
  size: number
}

export interface FleetplanBridge {
  readonly transport: 'electron' | 'web'
  readonly api: ApiFunctions
  /** Subscribe to push events; returns the unsubscribe function. */
  onEvent(listener: (event: PushEvent) => void): () => void
  /** Make a dropped or picked File readable by the main process. */
  stageFile(file: File): Promise<StagedFile>
  /** Native folder picker (Electron only); web mode types the path. */
  pickDirectory?: () => Promise<string | null>
}

/** Electron IPC channel of a method: derived, never written by hand. */
export const ipcChannel = (name: MethodName): string => `fleetplan:${name}`
export const IPC_EVENT_CHANNEL = 'fleetplan:event'
export const IPC_PICK_DIRECTORY = 'fleetplan:pick-directory'
/** HTTP route of a method on the web host. */
export const httpRoute = (name: MethodName): string => `/api/call/${name}`
/** Web host: server-sent push events. */
export const HTTP_EVENTS_ROUTE = '/api/events'
/** Web host: raw-body file upload (`?name=FILE`), answering `Envelope<StagedFile>`. */
export const HTTP_UPLOAD_ROUTE = '/api/upload'
