import { randomUUID } from 'node:crypto'
import type { JobMethodName } from '../../shared/contract'
import { toErrorShape } from '../../shared/errors'
import type { EventBus } from '../api/event-bus'

export interface JobContext {
  jobId: string
  signal: AbortSignal
  progress(step: string, current: number, total: number): void
}

/**
 * Runs long jobs: each gets an id at once, reports `{step, current, total}` progress, can be cancelled, and
 * ends with exactly one job-done or job-failed event — failures are reported, never swallowed.
 */
export class JobRunner {
  private readonly running = new Map<string, AbortController>()

  constructor(private readonly events: EventBus) {}

  start(method: JobMethodName, fn: (job: JobContext) => Promise<unknown>): { jobId: string; done: Promise<unknown> } {
    const jobId = randomUUID()
    const ac = new AbortController()
    this.running.set(jobId, ac)
    let last = 0
    const ctx: JobContext = {
      jobId,
      signal: ac.signal,
      progress: (step, current, total) => {
        const now = Date.now()
        // At most ~20 events a second per job: enough for a smooth bar, cheap over IPC and SSE.
        if (now - last < 50 && current < total) return
        last = now
        this.events.emit({ type: 'job-progress', jobId, method, step, current, total })
      },
    }
    const done = (async () => {
      try {
        const result = await fn(ctx)
        this.events.emit({ type: 'job-done', jobId, method, result })
        return result
      } catch (err) {
        this.events.emit({ type: 'job-failed', jobId, method, error: toErrorShape(err) })
        throw err
      } finally {
        this.running.delete(jobId)
      }
    })()
    // The caller may only want the id; the outcome travels as an event.
    done.catch(() => undefined)
    return { jobId, done }
  }

  cancel(jobId: string): boolean {
    const ac = this.running.get(jobId)
    if (!ac) return false
    ac.abort()
    return true
  }

  get activeCount(): number {
    return this.running.size
  }
}
