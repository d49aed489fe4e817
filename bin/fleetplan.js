#!/usr/bin/env node
// Thin launcher: the CLI is built with the rest of the app (npm run build) into out/main/cli.js.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('fleetplan: not built yet — run `npm run build` first.\n')
  process.exit(2)
}
await import(pathToFileURL(cli).href)
