#!/usr/bin/env node
// `npm run bench`: figures as JSON lines (one per measurement). Inputs are generated reproducibly from the
// real FOCUS sample in ../shared/data (or the bundled copy in resources/demo) into .bench/, never committed.
import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const work = join(root, '.bench')
mkdirSync(work, { recursive: true })
const ROWS = Number(process.env.BENCH_FOCUS_ROWS ?? 200_000)

const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`)

async function writeFocus(file, rows) {
  const sample = readFileSync(join(root, 'resources', 'demo', 'focus-1.0-sample-1000.csv'), 'utf8').split('\n').filter(Boolean)
  const [header, ...body] = sample
  const out = createWriteStream(file)
  out.write(`${header}\n`)
  for (let i = 0; i < rows; i++) if (!out.write(`${body[i % body.length]}\n`)) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
}

const csv = join(work, `focus-${ROWS}.csv`)
if (!existsSync(csv)) await writeFocus(csv, ROWS)
const mb = statSync(csv).size / 1e6

// Reference floor: Debian's sqlite3 CLI importing the same rows into an untyped table.
const sqliteCli = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' })
if (sqliteCli.status === 0) {
  const db = join(work, 'cli.sqlite')
  rmSync(db, { force: true })
  const t0 = performance.now()
  const r = spawnSync('sqlite3', [db, '-cmd', '.mode csv', `.import ${csv} focus`], { encoding: 'utf8' })
  const ms = performance.now() - t0
  if (r.status === 0) emit({ bench: 'focus-import', impl: 'sqlite3-cli', rows: ROWS, mb: +mb.toFixed(1), ms: Math.round(ms), rowsPerSec: Math.round(ROWS / (ms / 1000)) })
} else emit({ bench: 'focus-import', impl: 'sqlite3-cli', skipped: 'sqlite3 CLI not installed (apt-get install sqlite3)' })

// Fleetplan: the same file through the real job path (worker thread, one transaction), with the main
// event loop's delay sampled meanwhile (main/bench/index.ts).
const fp = spawnSync(process.execPath, [join(root, 'out', 'main', 'bench.js'), '--csv', csv, '--work', work, '--rows', String(ROWS)], {
  stdio: ['ignore', 'inherit', 'inherit'],
})
process.exit(fp.status ?? 1)
