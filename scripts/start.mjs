#!/usr/bin/env node
// `npm start`: build, then open the desktop app — or, where Electron's binary is missing (it is downloaded
// from GitHub at install time, which some machines cannot reach), say so in one line and start the web host.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureElectronSqlite } from './electron-native.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
})
if (build.status !== 0) process.exit(build.status ?? 1)

let electronBinary = null
try {
  const p = require('electron') // the path of the binary, when it was downloaded
  if (typeof p === 'string' && existsSync(p)) electronBinary = p
} catch {
  electronBinary = null
}

if (electronBinary) {
  await ensureElectronSqlite(root)
  const child = spawn(electronBinary, [root, ...process.argv.slice(2)], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  process.stdout.write('Electron binary not installed on this machine: starting the Fleetplan web host instead (open the URL below).\n')
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'host.js'), ...process.argv.slice(2)], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}
