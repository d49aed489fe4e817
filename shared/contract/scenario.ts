/** Contract methods: scenarios and their Monte Carlo simulation. */
import { z } from 'zod'
import { scenarioId, scenarioSchema } from '../scenario-schemas'
import type { Scenario, ScenarioSummary, SimulationResult, SimulationRunSummary } from '../scenario-types'
import { call, empty, job, result } from './spec'

export const scenarioMethods = {
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
} as const
