import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { ApiError } from '../../shared/errors'
import { APPLICATION_ID, openConnection, type Db } from './open'
import type { Migration } from './migrations'

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

export interface MigrateReport {
  from: number
  to: number
  backupPath: string | null
}

/**
 * Opens (creating if asked) a workspace file and brings it to the newest schema.
 * Refuses files that are not Fleetplan workspaces, that a newer Fleetplan wrote, or whose applied
 * migrations no longer match the code (an edited migration would silently fork the schema).
 */
export function openWorkspaceDb(
  file: string,
  migrations: readonly Migration[],
  opts: { create: boolean; now?: () => Date },
): { db: Db; report: MigrateReport } {
  const isNew = !existsSync(file)
  if (isNew && !opts.create) {
    throw new ApiError({ code: 'workspace', message: `Workspace ${file} does not exist.` })
  }
  let db: Db
  try {
    db = openConnection(file, { create: opts.create })
  } catch (err) {
    throw new ApiError({ code: 'workspace', message: `Cannot open workspace ${file}: ${(err as Error).message}` })
  }
  try {
    const report = migrate(db, file, migrations, isNew, opts.now ?? (() => new Date()))
    return { db, report }
  } catch (err) {
    db.close()
    throw err
  }
}

function migrate(db: Db, file: string, migrations: readonly Migration[], isNew: boolean, now: () => Date): MigrateReport {
  let appId: number
  try {
    appId = db.pragma('application_id', { simple: true }) as number
  } catch (err) {
    throw new ApiError({ code: 'workspace', message: `${file} is not a SQLite database: ${(err as Error).message}` })
  }
  const hasTables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n > 0
  if (appId !== APPLICATION_ID && hasTables) {
    throw new ApiError({ code: 'workspace', message: `${file} is a SQLite database but not a Fleetplan workspace.` })
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`)
  if (appId !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`)

  const applied = db.prepare('SELECT version, name, sha256 FROM schema_migration ORDER BY version').all() as {
    version: number
    name: string
    sha256: string
  }[]
  const known = new Map(migrations.map((m) => [m.version, m]))
  const newest = migrations.at(-1)?.version ?? 0
  for (const a of applied) {
    if (a.version > newest) {
      throw new ApiError({
        code: 'workspace',
        message: `${file} was written by a newer version of Fleetplan (schema ${a.version}; this version knows up to ${newest}). Update Fleetplan to open it.`,
      })
    }
    const m = known.get(a.version)
    if (!m || sha256(m.sql) !== a.sha256) {
      throw new ApiError({
        code: 'workspace',
        message: `${file}: applied migration ${String(a.version).padStart(3, '0')}_${a.name} does not match this version's copy (edited after release). Refusing to open.`,
      })
    }
  }
  const current = applied.at(-1)?.version ?? 0
  // Numbers are assigned per feature and features land in any order: a workspace that has 007 may still
  // lack 006 when that lands later. Every migration not recorded yet runs, in number order (all are additive).
  const done = new Set(applied.map((a) => a.version))
  const pending = migrations.filter((m) => !done.has(m.version))
  let backupPath: string | null = null
  if (pending.length > 0 && !isNew && current > 0) {
    // A consistent copy of the whole database before changing its schema, beside the file.
    backupPath = `${file}.before-v${pending[0]?.version ?? 0}-${now().toISOString().replace(/[:.]/g, '-')}.bak`
    db.prepare('VACUUM INTO ?').run(backupPath)
  }
  const record = db.prepare('INSERT INTO schema_migration (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)')
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, sha256(m.sql), now().toISOString())
    })()
  }
  return { from: current, to: Math.max(current, pending.at(-1)?.version ?? 0), backupPath }
}
