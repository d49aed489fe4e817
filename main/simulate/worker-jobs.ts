import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { simulateChunk, type CompiledModel } from './engine'

/** Monte Carlo paths [pathStart, pathEnd) of a compiled scenario. */
export interface SimulateChunkPayload {
  model: CompiledModel
  pathStart: number
  pathEnd: number
}

export const simulateJobs = defineJobs({
  'simulate-chunk': (p: SimulateChunkPayload, progress: ReportProgress) => {
    const total = p.pathEnd - p.pathStart
    const every = Math.max(1, Math.floor(total / 100))
    return simulateChunk(p.model, p.pathStart, p.pathEnd, (done) => {
      if (done % every === 0 || done === total) progress({ step: 'Simulating paths', current: done, total })
    })
  },
})
