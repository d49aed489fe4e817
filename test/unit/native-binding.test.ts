import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { electronSqliteBinding } from '../../main/app/native-binding'
import { openConnection } from '../../main/db/open'
import { tempDir } from '../helpers/tmp'

const require = createRequire(import.meta.url)
const npmBuild = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node')

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  delete process.env.FLEETPLAN_SQLITE_BINDING
})

describe('better-sqlite3 under two ABIs', () => {
  it('finds the Electron build in native-electron/ and nothing when it is absent', () => {
    const t = tempDir()
    cleanup = t.cleanup
    expect(electronSqliteBinding(t.dir)).toBeNull()
    mkdirSync(join(t.dir, 'native-electron'))
    writeFileSync(join(t.dir, 'native-electron', 'better_sqlite3.node'), '')
    expect(electronSqliteBinding(t.dir)).toBe(join(t.dir, 'native-electron', 'better_sqlite3.node'))
  })

  it('loads the binding named by FLEETPLAN_SQLITE_BINDING (the Electron shell sets it)', () => {
    const t = tempDir()
    cleanup = t.cleanup
    // A copy of the Node build stands in for the Electron build: the switch, not the ABI, is under test.
    const copy = join(t.dir, 'better_sqlite3.node')
    copyFileSync(npmBuild, copy)
    process.env.FLEETPLAN_SQLITE_BINDING = copy
    const db = openConnection(join(t.dir, 'a.sqlite'), { create: true })
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 })
    db.close()
    process.env.FLEETPLAN_SQLITE_BINDING = join(t.dir, 'missing.node')
    expect(() => openConnection(join(t.dir, 'b.sqlite'), { create: true })).toThrow()
  })
})
