/**
 * The migration files, bundled at build time: domain code never reads SQL from disk at run time, so a
 * packaged app and a test run apply exactly the same text.
 */
const files = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true })

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const m = /\/(\d{3})_([a-z0-9_]+)\.sql$/.exec(path)
    if (!m) throw new Error(`migration file name must be NNN_name.sql: ${path}`)
    return { version: Number(m[1]), name: m[2] ?? '', sql }
  })
  .sort((a, b) => a.version - b.version)
