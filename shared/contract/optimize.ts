/** Contract methods: the procurement optimizer (HiGHS MILP) and its Pareto fronts. */
import { z } from 'zod'
import { problemSchema } from '../scenario-schemas'
import type { OptimizeResult, ParetoResult } from '../scenario-types'
import { job, result } from './spec'

export const optimizeMethods = {
  optimize: job('Solve the procurement MILP (HiGHS) for a problem; explains binding constraints and sensitivities.', z.object({ problem: problemSchema, greedy: z.boolean().default(true) }).strict(), result<OptimizeResult>()),
  pareto: job(
    'Pareto front of cost vs carbon (sweeping the carbon cap) or cost vs p95 wait (sweeping target utilisation).',
    z.object({ problem: problemSchema, axis: z.enum(['carbon', 'wait']).default('carbon'), points: z.number().int().min(2).max(30).default(8) }).strict(),
    result<ParetoResult>(),
  ),
} as const
