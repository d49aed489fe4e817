import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 compiled for Electron's ABI lives apart from npm's Node build (scripts/start.mjs and
 * `npm run dist` produce it), so the tests keep working under plain Node. Returns its path when present.
 */
export function electronSqliteBinding(appPath: string): string | null {
  const candidates = [
    join(appPath, 'native-electron', 'better_sqlite3.node'),
    join(appPath, '..', 'app.asar.unpacked', 'native-electron', 'better_sqlite3.node'),
  ]
  return candidates.find((p) => existsSync(p)) ?? null
}
