/**
 * `npm run serve`: the same services as the desktop app behind a local web host.
 * Options: --workspace FILE (default: the demo workspace), --port N, --data-dir DIR, --json (one JSON line).
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startBackend } from '../backend'
import { startHost } from './server'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const backend = await startBackend({
    remember: true,
    ...(values.workspace ? { workspacePath: values.workspace, create: true } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  })
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
  const host = await startHost({ backend, staticDir, port: values.port ? Number(values.port) : 0 })
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: host.url, openUrl: host.openUrl, token: host.token, workspace: backend.ctx.ws.path })}\n`)
  } else {
    process.stdout.write(`Fleetplan (web host) on workspace ${backend.ctx.ws.path}\nOpen: ${host.openUrl}\n`)
  }
  const stop = (): void => {
    void host.close().then(() => backend.close()).then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`fleetplan serve: ${(err as Error).message}\n`)
  process.exit(1)
})
