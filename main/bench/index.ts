/**
 * Benchmarks that need the real services (built as out/main/bench.js; driven by scripts/bench.mjs).
 * Prints one JSON line per figure.
 */
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { startBackend } from '../backend'

const emit = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`)
}

async function focusImport(csv: string, work: string, rows: number): Promise<void> {
  const wsPath = join(work, 'bench.sqlite')
  for (const f of [wsPath, `${wsPath}-wal`, `${wsPath}-shm`]) rmSync(f, { force: true })
  const backend = await startBackend({ workspacePath: wsPath, create: true, dataDir: work })
  // The main event loop's delay while the import runs in a worker: what a user would feel as UI lag.
  const h = monitorEventLoopDelay({ resolution: 10 })
  h.enable()
  const t0 = performance.now()
  const r = await backend.dispatcher.run('billing-import', { files: [{ ref: csv }] })
  const ms = performance.now() - t0
  h.disable()
  if (!r.ok) throw new Error(r.error.message)
  emit({
    bench: 'focus-import',
    impl: 'fleetplan',
    rows,
    mb: +(statSync(csv).size / 1e6).toFixed(1),
    ms: Math.round(ms),
    rowsPerSec: Math.round(rows / (ms / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })
  emit({
    bench: 'main-event-loop-delay-during-import',
    p50ms: +(h.percentile(50) / 1e6).toFixed(1),
    p99ms: +(h.percentile(99) / 1e6).toFixed(1),
    maxMs: +(h.max / 1e6).toFixed(1),
  })
  await backend.close()
}

const { values } = parseArgs({ options: { csv: { type: 'string' }, work: { type: 'string' }, rows: { type: 'string' } } })
if (!values.csv || !values.work || !values.rows) throw new Error('usage: bench.js --csv FILE --work DIR --rows N')
await focusImport(values.csv, values.work, Number(values.rows))
