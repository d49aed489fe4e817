import { availableParallelism } from 'node:os'
import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import type { Envelope } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { JobKind, JobPool, JobResultOf, JobTable, PayloadOf, RunOptions, WorkerProgress, WorkerTask } from './job-table'
import type { ThreadEntry } from './thread-entry'

/**
 * The one worker-thread pool: CPU-heavy and long SQLite work runs here, never on the main event loop. `J` is
 * the job table the entry serves (main/worker/jobs.ts); payloads and results are typed from it.
 */
export class WorkerPool<J extends JobTable> implements JobPool<J> {
  private readonly pool: Piscina

  constructor(entry: ThreadEntry, maxThreads = Math.max(1, Math.min(2, availableParallelism()))) {
    if (entry.eval) throw new Error('the worker pool needs an entry file')
    this.pool = new Piscina({
      filename: entry.filename,
      execArgv: entry.execArgv,
      maxThreads,
      minThreads: 0,
      idleTimeout: 30_000,
      // A job that runs away must not take the machine with it.
      resourceLimits: { maxOldGenerationSizeMb: 4096 },
    })
    // A worker that dies outside a task (e.g. cannot load) fails that task; it must not crash the process.
    this.pool.on('error', (err: unknown) => {
      process.stderr.write(`fleetplan: worker error: ${(err as Error)?.message ?? String(err)}\n`)
    })
  }

  async run<K extends JobKind<J>>(kind: K, payload: PayloadOf<J[K]>, opts: RunOptions = {}): Promise<JobResultOf<J[K]>> {
    const { port1, port2 } = new MessageChannel()
    port1.on('message', (m: WorkerProgress) => opts.onProgress?.(m))
    const task: WorkerTask = { kind, payload, port: port2 }
    try {
      // The entry answers with the result of the job `kind` names in the same table `J`.
      const reply = (await this.pool.run(task, {
        transferList: [port2],
        ...(opts.signal ? { signal: opts.signal } : {}),
      })) as Envelope<JobResultOf<J[K]>>
      if (!reply.ok) throw new ApiError(reply.error)
      return reply.value
    } catch (err) {
      if (opts.signal?.aborted) throw new ApiError({ code: 'cancelled', message: 'Cancelled: nothing was written.' })
      throw err
    } finally {
      port1.close()
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy()
  }
}
