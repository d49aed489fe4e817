import Database from 'better-sqlite3'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openWorkspaceDb } from '../../main/db/migrate'
import { MIGRATIONS, type Migration } from '../../main/db/migrations'
import { TABLE_NAMES } from '../../shared/tables'
import { nonAdditiveChanges, schemaColumns, schemaColumnsOfSql } from '../helpers/schema-guard'
import { tempDir } from '../helpers/tmp'

// Read before any test runs: `-u` rewrites the snapshot below, and the additive-only guard must compare
// against what was committed, not against what this run wrote.
const SNAPSHOT = join(__dirname, '__snapshots__', 'schema.sql')
const committedSchema = readFileSync(SNAPSHOT, 'utf8')

const clock = () => new Date('2026-11-27T10:00:00Z')
let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

function fresh(): string {
  const t = tempDir()
  cleanup = t.cleanup
  return join(t.dir, 'w.sqlite')
}

describe('workspace migrations', () => {
  it('numbers migrations 001, 002, … once each, in order (numbers are assigned, so one may land before a lower one)', () => {
    const versions = MIGRATIONS.map((m) => m.version)
    expect(versions[0]).toBe(1)
    expect(versions.every((v, i) => i === 0 || v > (versions[i - 1] ?? 0))).toBe(true)
  })

  it('applies a lower-numbered migration that arrives after a higher one was applied', () => {
    const file = fresh()
    const one: Migration = { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' }
    const three: Migration = { version: 3, name: 'c', sql: 'CREATE TABLE c (x INTEGER);' }
    openWorkspaceDb(file, [one, three], { create: true, now: clock }).db.close()
    const { db, report } = openWorkspaceDb(file, [one, { version: 2, name: 'b', sql: 'CREATE TABLE b (x INTEGER);' }, three], { create: false, now: clock })
    const versions = (db.prepare('SELECT version FROM schema_migration ORDER BY version').all() as { version: number }[]).map((r) => r.version)
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b', 'c') ORDER BY name").all() as { name: string }[]).map((r) => r.name)
    db.close()
    expect(versions).toEqual([1, 2, 3])
    expect(tables).toEqual(['a', 'b', 'c'])
    expect(report.from).toBe(3)
    expect(report.to).toBe(3)
  })

  it('only adds to the committed schema: no table or column removed, none changed (additive migrations)', () => {
    const file = fresh()
    const { db } = openWorkspaceDb(file, MIGRATIONS, { create: true, now: clock })
    const migrated = schemaColumns(db)
    db.close()
    expect(nonAdditiveChanges(schemaColumnsOfSql(committedSchema), migrated)).toEqual([])
  })

  it('the additive-only guard catches a removed, a retyped and a re-defaulted column, and a dropped table', () => {
    const before = schemaColumnsOfSql(`
      CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b REAL, c TEXT DEFAULT 'x');
      CREATE TABLE gone (id INTEGER);`)
    const rebuilt = schemaColumnsOfSql(`CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, c TEXT DEFAULT 'y', d TEXT);`)
    expect(nonAdditiveChanges(before, rebuilt)).toEqual([
      'table gone was removed',
      'column t.a changed: TEXT NOT NULL -> INTEGER NOT NULL',
      'column t.b was removed',
      "column t.c changed: TEXT DEFAULT 'x' -> TEXT DEFAULT 'y'",
    ])
    // Additions only: a new table, a new column.
    const added = schemaColumnsOfSql(`
      CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b REAL, c TEXT DEFAULT 'x', e TEXT);
      CREATE TABLE gone (id INTEGER);
      CREATE TABLE fresh (id INTEGER);`)
    expect(nonAdditiveChanges(before, added)).toEqual([])
  })

  it('a migration that drops a column fails the guard (run through the real migrator)', () => {
    const file = fresh()
    const first: Migration[] = [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER, y TEXT);' }]
    const { db: db1 } = openWorkspaceDb(file, first, { create: true, now: clock })
    const before = schemaColumns(db1)
    db1.close()
    const { db } = openWorkspaceDb(file, [...first, { version: 2, name: 'b', sql: 'ALTER TABLE a DROP COLUMN y;' }], { create: false, now: clock })
    const after = schemaColumns(db)
    db.close()
    expect(nonAdditiveChanges(before, after)).toEqual(['column a.y was removed'])
  })

  it('names every table of the migrated schema in TABLE_NAMES (shared/tables.ts), and no other', () => {
    const file = fresh()
    const { db } = openWorkspaceDb(file, MIGRATIONS, { create: true, now: clock })
    const tables = [...schemaColumns(db).keys()]
    db.close()
    expect([...TABLE_NAMES].sort()).toEqual(tables.sort())
  })

  it('produces the reviewed schema (update the snapshot deliberately when the schema changes)', async () => {
    const file = fresh()
    const { db } = openWorkspaceDb(file, MIGRATIONS, { create: true, now: clock })
    const schema = (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").all() as { sql: string }[])
      .map((r) => `${r.sql};`)
      .join('\n\n')
    db.close()
    await expect(`${schema}\n`).toMatchFileSnapshot('./__snapshots__/schema.sql')
  })

  it('records each applied migration with a hash and uses WAL', () => {
    const file = fresh()
    const { db, report } = openWorkspaceDb(file, MIGRATIONS, { create: true, now: clock })
    const rows = db.prepare('SELECT version, sha256 FROM schema_migration').all() as { version: number; sha256: string }[]
    expect(rows).toHaveLength(MIGRATIONS.length)
    for (const r of rows) expect(r.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(report).toMatchObject({ from: 0, to: MIGRATIONS.at(-1)?.version, backupPath: null })
    db.close()
  })

  it('copies the file before migrating an existing workspace, then applies only the new migration', () => {
    const file = fresh()
    const first: Migration[] = [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' }]
    openWorkspaceDb(file, first, { create: true, now: clock }).db.close()
    const second: Migration[] = [...first, { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER);' }]
    const { db, report } = openWorkspaceDb(file, second, { create: false, now: clock })
    db.close()
    expect(report.from).toBe(1)
    expect(report.to).toBe(2)
    expect(report.backupPath).not.toBeNull()
    expect(existsSync(report.backupPath ?? '')).toBe(true)
    const backup = new Database(report.backupPath ?? '', { readonly: true })
    const tables = (backup.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name)
    backup.close()
    expect(tables).toContain('a')
    expect(tables).not.toContain('b')
  })

  it('applies a lower-numbered migration that lands after a higher one (006 after 007), with a backup first', () => {
    const file = fresh()
    const a: Migration = { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' }
    const b: Migration = { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER);' }
    const c: Migration = { version: 3, name: 'c', sql: 'CREATE TABLE c (z INTEGER);' }
    openWorkspaceDb(file, [a, c], { create: true, now: clock }).db.close()
    const { db, report } = openWorkspaceDb(file, [a, b, c], { create: false, now: clock })
    const versions = (db.prepare('SELECT version FROM schema_migration ORDER BY version').all() as { version: number }[]).map((r) => r.version)
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name IN ('a','b','c') ORDER BY name").all() as { name: string }[]).map((r) => r.name)
    db.close()
    expect(versions).toEqual([1, 2, 3])
    expect(tables).toEqual(['a', 'b', 'c'])
    expect(report).toMatchObject({ from: 3, to: 3 })
    expect(existsSync(report.backupPath ?? '')).toBe(true)
  })

  it('rolls back a failing migration and leaves the previous schema in place', () => {
    const file = fresh()
    const first: Migration[] = [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' }]
    openWorkspaceDb(file, first, { create: true, now: clock }).db.close()
    const broken: Migration[] = [...first, { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER); SELECT * FROM missing_table;' }]
    expect(() => openWorkspaceDb(file, broken, { create: false, now: clock })).toThrow(/missing_table/)
    const db = new Database(file, { readonly: true })
    const versions = (db.prepare('SELECT version FROM schema_migration').all() as { version: number }[]).map((r) => r.version)
    const hasB = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get() as { n: number }
    db.close()
    expect(versions).toEqual([1])
    expect(hasB.n).toBe(0)
  })

  it('refuses a workspace written by a newer Fleetplan', () => {
    const file = fresh()
    const newer: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x INTEGER);' },
    ]
    openWorkspaceDb(file, newer, { create: true, now: clock }).db.close()
    expect(() => openWorkspaceDb(file, newer.slice(0, 1), { create: false, now: clock })).toThrow(/newer version of Fleetplan/)
  })

  it('refuses a workspace whose applied migration was edited', () => {
    const file = fresh()
    openWorkspaceDb(file, [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' }], { create: true, now: clock }).db.close()
    const edited: Migration[] = [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER, y TEXT);' }]
    expect(() => openWorkspaceDb(file, edited, { create: false, now: clock })).toThrow(/does not match/)
  })

  it('refuses a SQLite file that is not a Fleetplan workspace, and leaves it alone', () => {
    const file = fresh()
    const other = new Database(file)
    other.exec('CREATE TABLE customers (id INTEGER)')
    other.close()
    expect(() => openWorkspaceDb(file, MIGRATIONS, { create: false, now: clock })).toThrow(/not a Fleetplan workspace/)
    const check = new Database(file, { readonly: true })
    const names = (check.prepare("SELECT name FROM sqlite_master").all() as { name: string }[]).map((r) => r.name)
    check.close()
    expect(names).toEqual(['customers'])
    expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.bak'))).toEqual([])
  })
})
