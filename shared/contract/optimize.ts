/** Contract methods: the procurement optimizer (HiGHS MILP) and its Pareto fronts. */
import { z } from 'zod'
import { optimizeSettingsSchema, problemSchema, scenarioId, scenarioSchema } from '../scenario-schemas'
import type { OptimizeProblem, OptimizeResult, ParetoResult } from '../scenario-types'
import { call, job, result } from './spec'

export const optimizeMethods = {
  'optimize-problem': call(
    "The optimizer's problem for a scenario's demand (saved by id, or inline): each stream at the chosen percentile of its level at the end of the horizon, the scenario's prices, and the current fleet to compare the answer with (the newest baseline scenario, another scenario by currentId, or none with null).",
    z
      .object({
        id: scenarioId.optional(),
        scenario: scenarioSchema.optional(),
        settings: optimizeSettingsSchema.prefault({}),
        currentId: scenarioId.nullable().optional(),
      })
      .strict()
      .refine((v) => !!v.id !== !!v.scenario, 'give either id or scenario'),
    result<OptimizeProblem>(),
  ),
  optimize: job("Solve the procurement MILP (HiGHS) for a problem; explains binding constraints in sentences and sensitivities, and (with the problem's current fleet) compares the answer with it.", z.object({ problem: problemSchema, greedy: z.boolean().default(true) }).strict(), result<OptimizeResult>()),
  pareto: job(
    'Pareto front of cost vs carbon (sweeping the carbon cap) or cost vs p95 wait (sweeping target utilisation).',
    z.object({ problem: problemSchema, axis: z.enum(['carbon', 'wait']).default('carbon'), points: z.number().int().min(2).max(30).default(8) }).strict(),
    result<ParetoResult>(),
  ),
} as const
