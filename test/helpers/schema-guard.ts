/**
 * Migrations are additive only (new tables, columns, indexes; never a dropped, renamed or retyped column):
 * a workspace written by this version must stay readable by the code of the previous one, and no user's
 * data may be lost by an upgrade. The guard compares each table's columns in two schemas.
 */
import Database from 'better-sqlite3'

export interface ColumnInfo {
  name: string
  type: string
  notnull: number
  dflt_value: string | null
  pk: number
}

export type SchemaColumns = Map<string, ColumnInfo[]>

export function schemaColumns(db: Database.Database): SchemaColumns {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]
  return new Map(tables.map((t) => [t.name, db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(t.name) as ColumnInfo[]]))
}

/**
 * The columns a schema text (e.g. the committed snapshot: `;`-terminated statements separated by blank
 * lines, indexes listed before their tables) declares, read by SQLite itself from its CREATE TABLEs.
 */
export function schemaColumnsOfSql(sql: string): SchemaColumns {
  const db = new Database(':memory:')
  try {
    for (const stmt of sql.split(/;\s*\n\s*\n/)) if (/^\s*CREATE TABLE/i.test(stmt)) db.exec(stmt)
    return schemaColumns(db)
  } finally {
    db.close()
  }
}

const describe = (c: ColumnInfo): string =>
  `${c.type || '(no type)'}${c.notnull ? ' NOT NULL' : ''}${c.dflt_value !== null ? ` DEFAULT ${c.dflt_value}` : ''}${c.pk ? ` PRIMARY KEY(${c.pk})` : ''}`

/** What `after` removed or changed of `before` (empty when `after` only adds). */
export function nonAdditiveChanges(before: SchemaColumns, after: SchemaColumns): string[] {
  const out: string[] = []
  for (const [table, cols] of before) {
    const now = after.get(table)
    if (!now) {
      out.push(`table ${table} was removed`)
      continue
    }
    for (const c of cols) {
      const n = now.find((x) => x.name === c.name)
      if (!n) out.push(`column ${table}.${c.name} was removed`)
      else if (describe(n) !== describe(c)) out.push(`column ${table}.${c.name} changed: ${describe(c)} -> ${describe(n)}`)
    }
  }
  return out
}
