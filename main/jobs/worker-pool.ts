import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import type { Envelope } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { WorkerJobKind, WorkerProgress, WorkerTask } from './worker-jobs'

/**
 * Where the worker entry is: next to the bundle when built (out/main/worker.js), or the TypeScript source
 * when running from source (tests), which the worker then loads through tsx.
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url))
  // The bundler may place this module in a chunk folder below the entries.
  const built = [join(here, 'worker.js'), join(here, '..', 'worker.js')].find((p) => existsSync(p))
  if (built) {
    // Inside a packaged app the worker must be loaded from the unpacked copy (worker threads cannot read asar).
    const unpacked = built.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
    return { filename: existsSync(unpacked) ? unpacked : built, execArgv: [] }
  }
  return { filename: join(here, 'worker.ts'), execArgv: ['--import', 'tsx'] }
}

export interface RunOptions {
  signal?: AbortSignal
  onProgress?: (p: WorkerProgress) => void
}

/** The one worker-thread pool: CPU-heavy and long SQLite work runs here, never on the main event loop. */
export class WorkerPool {
  private readonly pool: Piscina

  constructor(maxThreads = Math.max(1, Math.min(2, availableParallelism()))) {
    const entry = workerEntry()
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

  async run<R>(kind: WorkerJobKind, payload: unknown, opts: RunOptions = {}): Promise<R> {
    const { port1, port2 } = new MessageChannel()
    port1.on('message', (m: WorkerProgress) => opts.onProgress?.(m))
    const task: WorkerTask = { kind, payload, port: port2 }
    try {
      const reply = (await this.pool.run(task, {
        transferList: [port2],
        ...(opts.signal ? { signal: opts.signal } : {}),
      })) as Envelope<R>
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
