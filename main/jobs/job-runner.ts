import { randomUUID } from 'node:crypto'
import type { JobMethodName, JobState } from '../../shared/contract'
import { toErrorShape } from '../../shared/errors'
import type { EventBus } from './event-bus'

export interface JobContext {
  jobId: string
  signal: AbortSignal
  progress(step: string, current: number, total: number): void
}

/**
 * Runs long jobs: each gets an id at once, reports `{step, current, total}` progress, can be cancelled, and
 * ends with exactly one job-done or job-failed event — failures are reported, never swallowed.
 */
/** Finished jobs stay queryable this long, for clients that reconnect after missing the final event. */
const KEEP_FINISHED_MS = 15 * 60_000
const KEEP_FINISHED_MAX = 200

export class JobRunner {
  private readonly running = new Map<string, AbortController>()
  private readonly pending = new Map<string, Promise<unknown>>()
  private readonly states = new Map<string, { state: JobState; at: number }>()

  constructor(private readonly events: EventBus) {}

  start(method: JobMethodName, fn: (job: JobContext) => Promise<unknown>): { jobId: string; done: Promise<unknown> } {
    const jobId = randomUUID()
    const ac = new AbortController()
    this.running.set(jobId, ac)
    this.remember({ jobId, method, state: 'running', progress: null })
    let last = 0
    const ctx: JobContext = {
      jobId,
      signal: ac.signal,
      progress: (step, current, total) => {
        this.remember({ jobId, method, state: 'running', progress: { jobId, method, step, current, total } })
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
        this.remember({ jobId, method, state: 'done', result })
        this.events.emit({ type: 'job-done', jobId, method, result })
        return result
      } catch (err) {
        const error = toErrorShape(err)
        this.remember({ jobId, method, state: 'failed', error })
        this.events.emit({ type: 'job-failed', jobId, method, error })
        throw err
      } finally {
        this.running.delete(jobId)
      }
    })()
    // The caller may only want the id; the outcome travels as an event.
    done.catch(() => undefined)
    this.pending.set(jobId, done)
    void done.catch(() => undefined).finally(() => this.pending.delete(jobId))
    return { jobId, done }
  }

  get(jobId: string): JobState | null {
    return this.states.get(jobId)?.state ?? null
  }

  private remember(state: JobState): void {
    const now = Date.now()
    this.states.set(state.jobId, { state, at: now })
    if (this.states.size > KEEP_FINISHED_MAX) {
      for (const [id, s] of this.states) {
        if (s.state.state !== 'running' && (now - s.at > KEEP_FINISHED_MS || this.states.size > KEEP_FINISHED_MAX)) this.states.delete(id)
      }
    }
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

  /** Jobs still running, with what they are doing (for a refusal that names them). */
  runningJobs(): { jobId: string; method: JobMethodName; step: string | null }[] {
    return [...this.running.keys()].map((jobId) => {
      // A running job's state is never evicted (only finished ones are).
      const s = this.states.get(jobId)?.state as JobState
      return { jobId, method: s.method, step: s.state === 'running' ? (s.progress?.step ?? null) : null }
    })
  }

  /** Cancels every running job and waits until each has ended (rolled back, its event sent). */
  async cancelAll(): Promise<void> {
    for (const ac of this.running.values()) ac.abort()
    await Promise.all([...this.pending.values()].map((p) => p.catch(() => undefined)))
  }
}
