import type { Catalog, OptimizeProblem } from '../../shared/scenario-types'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { optimizeAndDecide } from './decision'
import { paretoFront } from './pareto'

export interface OptimizePayload {
  problem: OptimizeProblem
  catalog: Catalog
  greedy: boolean
}

export interface ParetoPayload {
  problem: OptimizeProblem
  catalog: Catalog
  axis: 'carbon' | 'wait'
  points: number
}

/** HiGHS solves (WebAssembly, CPU-bound) in a worker thread. */
export const optimizeJobs = defineJobs({
  optimize: (p: OptimizePayload) => optimizeAndDecide(p.problem, p.catalog, { withGreedy: p.greedy }),
  pareto: (p: ParetoPayload, progress: ReportProgress) =>
    paretoFront(p.problem, p.catalog, p.axis, p.points, (current, total) => progress({ step: 'Solving Pareto points', current, total })),
})
