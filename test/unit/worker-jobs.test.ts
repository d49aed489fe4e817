/**
 * The worker's job table: each domain's jobs merged once, the pool typed from the table (payload and result,
 * no casts at the call site), and the thread side answering envelopes.
 */
import { MessageChannel } from 'node:worker_threads'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { mergeTables } from '../../shared/merge-tables'
import type { SeriesForecast } from '../../main/forecast/engine'
import type { ForecastBatchPayload } from '../../main/forecast/batch'
import { defineJobs, serveJobs, type JobPool, type JobResultOf, type PayloadOf, type WorkerProgress } from '../../main/jobs/job-table'
import type { forecastJobs } from '../../main/forecast/worker-jobs'
import type { AppPool } from '../../main/worker/pool'
import { workerJobs, type WorkerJobs } from '../../main/worker/jobs'

describe('worker job table', () => {
  it('holds every job of every domain once', () => {
    expect(Object.keys(workerJobs).sort()).toEqual(
      ['anomaly-scan', 'backtest-evaluate', 'backtest-load', 'classify-embed', 'explore-refresh', 'focus-csv-import', 'focus-export', 'forecast-batch', 'forecast-global-train', 'forecast-targets', 'optimize', 'pareto', 'simulate-chunk', 'telemetry-import', 'telemetry-pull', 'workload-import', 'workload-derive', 'policy-replay-prepare', 'policy-replay-chunk'].sort(),
    )
  })

  it('refuses a job kind declared by two domains', () => {
    const a = defineJobs({ x: (n: number) => n })
    const b = defineJobs({ x: (s: string) => s })
    expect(() => mergeTables(a, b)).toThrow(/"x" is declared twice/)
  })

  it('types pool.run from the table: payload in, result out', () => {
    expectTypeOf<PayloadOf<WorkerJobs['forecast-batch']>>().toEqualTypeOf<ForecastBatchPayload>()
    expectTypeOf<JobResultOf<WorkerJobs['forecast-batch']>>().toEqualTypeOf<SeriesForecast[]>()
    // The app's pool serves what a domain asks for with its own, narrower table.
    expectTypeOf<AppPool>().toExtend<JobPool<typeof forecastJobs>>()
    const wrongCalls = (pool: AppPool) => {
      // @ts-expect-error: not a job kind
      void pool.run('forecast-everything', {})
      // @ts-expect-error: the payload of another job
      void pool.run('forecast-batch', { workspacePath: '/tmp/x', snapshotId: null, nowMs: 0 })
    }
    expect(typeof wrongCalls).toBe('function')
  })

  it('answers with an envelope on the thread side, progress through the port, errors as shapes', async () => {
    const serve = serveJobs(
      defineJobs({
        double: (n: number, progress: (p: WorkerProgress) => void) => {
          progress({ step: 'doubling', current: 1, total: 1 })
          return n * 2
        },
        fail: () => {
          throw new Error('boom')
        },
      }),
    )
    const seen: WorkerProgress[] = []
    const { port1, port2 } = new MessageChannel()
    port1.on('message', (m: WorkerProgress) => seen.push(m))
    expect(await serve({ kind: 'double', payload: 21, port: port2 })).toEqual({ ok: true, value: 42 })
    await new Promise((r) => setTimeout(r, 20))
    port1.close()
    expect(seen).toEqual([{ step: 'doubling', current: 1, total: 1 }])
    const failed = await serve({ kind: 'fail', payload: null, port: new MessageChannel().port2 })
    expect(failed.ok).toBe(false)
    if (!failed.ok) expect(failed.error.message).toBe('boom')
    const unknown = await serve({ kind: 'nope', payload: null, port: new MessageChannel().port2 })
    expect(!unknown.ok && unknown.error.message).toMatch(/unknown worker job "nope"/)
  })
})
