import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export interface RunningPrometheus {
  url: string
  pid: number
  stop(): Promise<void>
}

/**
 * Backfills `openMetricsFile` with promtool into a fresh TSDB and starts Debian's prometheus on it, bound to
 * 127.0.0.1 on a free port; resolves once /-/ready answers 200 (polled, no fixed sleep).
 */
export async function startPrometheus(dir: string, openMetricsFile: string): Promise<RunningPrometheus> {
  const tsdb = join(dir, 'tsdb')
  const bf = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, tsdb], { encoding: 'utf8' })
  if (bf.status !== 0) throw new Error(`promtool backfill failed: ${bf.stderr || bf.stdout}`)
  const config = join(dir, 'prometheus.yml')
  writeFileSync(config, 'global:\n  scrape_interval: 1h\n  evaluation_interval: 1h\nscrape_configs: []\n')
  const port = await freePort()
  const log: string[] = []
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdb}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=30d',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log.join('')}`)
    try {
      const r = await fetch(`${url}/-/ready`)
      if (r.status === 200) break
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`prometheus not ready after 60 s: ${log.join('')}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    pid: child.pid as number,
    stop: async () => {
      if (child.exitCode === null) {
        process.kill(child.pid as number, 'SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
        if (child.exitCode === null) process.kill(child.pid as number, 'SIGKILL')
      }
    },
  }
}
