/** Contract methods: cost queries over imported billing. */
import { z } from 'zod'
import { COST_DIMENSIONS, COST_METRICS, type CostForecast, type CostQueryResult } from '../types'
import { call, result } from './spec'

export const costMethods = {
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
} as const
