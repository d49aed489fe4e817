// better-sqlite3 for Electron's ABI, built into native-electron/ — apart from npm's Node build, which the
// tests, the CLI and the web host keep using. The Electron shell passes this file to better-sqlite3 as
// `nativeBinding` (main/app/native-binding.ts). Rebuilt only when Electron's or better-sqlite3's version changes.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export async function ensureElectronSqlite(root) {
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
  const sqliteVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version
  const outDir = join(root, 'native-electron')
  const target = join(outDir, 'better_sqlite3.node')
  const stampFile = join(outDir, 'stamp.json')
  const stamp = JSON.stringify({ electronVersion, sqliteVersion })
  if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return target

  process.stdout.write(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…\n`)
  const work = join(outDir, 'work')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(join(work, 'node_modules'), { recursive: true })
  cpSync(join(root, 'node_modules', 'better-sqlite3'), join(work, 'node_modules', 'better-sqlite3'), { recursive: true })
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'native-electron', version: '0.0.0', dependencies: { 'better-sqlite3': sqliteVersion } }))
  const { rebuild } = await import('@electron/rebuild')
  await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true })
  cpSync(join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), target)
  writeFileSync(stampFile, stamp)
  rmSync(work, { recursive: true, force: true })
  return target
}
