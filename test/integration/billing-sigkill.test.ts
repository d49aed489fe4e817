import Database from 'better-sqlite3'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ImportOutcome } from '../../shared/types'
import { startBackend } from '../../main/backend'
import { writeLargeFocus } from '../helpers/focus-files'
import { pythonColumnSum } from '../helpers/python-csv'
import { FOCUS_SAMPLE, REPO_ROOT, tempDir } from '../helpers/tmp'

const BIN = join(REPO_ROOT, 'bin', 'fleetplan.js')
let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('out/main/cli.js missing: run `npm run build` first')
})

describe('a process killed (SIGKILL) in the middle of a large import', () => {
  it('leaves the workspace openable, with no partial snapshot and the earlier data intact', async () => {
    const t = tempDir()
    cleanup = t.cleanup
    const ws = join(t.dir, 'w.sqlite')
    const first = spawnSync(process.execPath, [BIN, 'import', FOCUS_SAMPLE, '--workspace', ws, '--json'], { encoding: 'utf8' })
    expect(first.status, first.stderr).toBe(0)
    const earlier = (JSON.parse(first.stdout) as ImportOutcome[])[0]?.snapshot
    expect(earlier?.rows).toBe(1000)

    const big = join(t.dir, 'big.csv')
    await writeLargeFocus(big, 400_000)
    const child = spawn(process.execPath, [BIN, 'import', big, '--workspace', ws], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    // Kill once a progress line shows rows being written (past 0 %), i.e. in the middle of the transaction.
    const killedAt = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
        const m = [...stderr.matchAll(/Importing big\.csv (\d+)%/g)].find((x) => Number(x[1]) > 0)
        if (m && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL')
          resolve(m[0])
        }
      })
      child.on('exit', (code) => reject(new Error(`import ended by itself (code ${code}) before it could be killed: ${stderr}${stdout}`)))
    })
    await new Promise((r) => child.once('close', r))
    expect(child.signalCode).toBe('SIGKILL')
    expect(killedAt).toMatch(/Importing big\.csv/)

    // The file is a sound SQLite database, with only the earlier snapshot and its rows.
    const db = new Database(ws)
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.prepare('SELECT id, rows, content_hash FROM snapshot').all()).toEqual([{ id: earlier?.id, rows: 1000, content_hash: earlier?.contentHash }])
      expect(db.prepare('SELECT count(*) n, sum(BilledCost) s FROM billing_line').get()).toMatchObject({ n: 1000 })
      const s = (db.prepare('SELECT sum(BilledCost) s FROM billing_line').get() as { s: number }).s
      expect(s).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'BilledCost'), 9)
    } finally {
      db.close()
    }

    // The app opens it, and the same big file then imports in full.
    const backend = await startBackend({ workspacePath: ws, create: false, dataDir: t.dir, maxThreads: 2 })
    try {
      const info = await backend.dispatcher.run('workspace-info', {})
      expect(info.ok && (info.value as { snapshotCount: number }).snapshotCount).toBe(1)
      // big.csv repeats the sample's charges (same accounts and period): kept beside it on purpose.
      const r = await backend.dispatcher.run('billing-import', { files: [{ ref: big }], onOverlap: 'keep-both' })
      expect(r.ok && (r.value as ImportOutcome[])[0]?.snapshot.rows).toBe(400_000)
    } finally {
      await backend.close()
    }
  }, 240_000)
})
