import type { OptimizeProblem, OptimizeResult, ParetoResult } from '../../shared/scenario-types'
import { newId } from '../db/ids'
import type { Db } from '../db/open'

/**
 * Every solve is kept with its problem, so a result can be traced back to what was asked (a plan made from
 * it freezes the run). Returns the result with the run's id.
 */
export function recordOptimizeRun(db: Db, problem: OptimizeProblem, result: OptimizeResult, now: () => Date): OptimizeResult {
  return insert(db, 'opt', 'optimize', problem, result, now)
}

export function recordParetoRun(db: Db, request: { problem: OptimizeProblem; axis: 'carbon' | 'wait'; points: number }, result: ParetoResult, now: () => Date): ParetoResult {
  return insert(db, 'par', 'pareto', request, result, now)
}

function insert<R extends { runId?: string }>(db: Db, prefix: string, kind: 'optimize' | 'pareto', problem: unknown, result: R, now: () => Date): R {
  const recorded: R = { ...result, runId: newId(prefix) }
  db.prepare(`INSERT INTO optimization_run (id, kind, created_at, problem_json, result_json) VALUES (?, ?, ?, ?, ?)`).run(
    recorded.runId,
    kind,
    now().toISOString(),
    JSON.stringify(problem),
    JSON.stringify(recorded),
  )
  return recorded
}
