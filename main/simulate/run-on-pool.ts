/** A scenario's Monte Carlo paths split over the worker pool (both cores), with one combined progress bar. */
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import type { Catalog, Scenario, SimulationResult } from '../../shared/scenario-types'
import type { JobPool } from '../jobs/job-table'
import { compileScenario, splitPaths, summarise } from './compile'
import type { simulateJobs } from './worker-jobs'

export interface SimulationJob {
  signal?: AbortSignal | undefined
  progress: (step: string, current: number, total: number) => void
}

export async function simulateOnPool(pool: JobPool<typeof simulateJobs>, s: Scenario, cat: Catalog, job: SimulationJob, workers?: number): Promise<SimulationResult> {
  const { model, notes } = compileScenario(s, cat)
  const n = workers ?? Math.max(1, Math.min(2, availableParallelism()))
  const chunks = splitPaths(s.simulation.paths, n)
  const done = chunks.map(() => 0)
  const total = s.simulation.paths
  const t0 = performance.now()
  const results = await Promise.all(
    chunks.map(([a, b], i) =>
      pool.run('simulate-chunk', { model, pathStart: a, pathEnd: b }, {
        signal: job.signal,
        onProgress: (p) => {
          done[i] = p.current
          job.progress(`Simulating ${total} paths × ${s.horizonHours} h`, done.reduce((x, y) => x + y, 0), total)
        },
      }),
    ),
  )
  return summarise(s, model, results, { workers: chunks.length, elapsedMs: performance.now() - t0, rangePct: cat.carbon.rangePct, notes })
}
