/** Contract methods: Explore (spend, accelerator-hours, idle cost, attribution, drill-down, movers, unit economics). */
import { z } from 'zod'
import {
  COST_MEASURES,
  EXPLORE_DIMENSIONS,
  EXPLORE_METRICS,
  LINE_ITEM_COLUMNS,
  type ExploreResult,
  type HeatmapResult,
  type LineItemsResult,
  type MoversResult,
  type UnitEconomics,
} from '../explore-types'
import { call, empty, job, result } from './spec'

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day looks like 2024-09-30')
const exploreFilters = z.partialRecord(z.enum(EXPLORE_DIMENSIONS), z.array(z.string().max(1000)).max(500))
const period = { from: isoDay.optional(), to: isoDay.optional() }

export const exploreMethods = {
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
} as const
