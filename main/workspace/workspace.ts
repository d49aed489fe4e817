import { basename } from 'node:path'
import type { Db } from '../db/open'
import { openWorkspaceDb, type MigrateReport } from '../db/migrate'
import { MIGRATIONS } from '../db/migrations'

/** One open workspace: a SQLite file and the UI's own connection to it. */
export class Workspace {
  private constructor(
    readonly path: string,
    readonly db: Db,
    readonly isDemo: boolean,
    readonly migration: MigrateReport,
  ) {}

  static open(path: string, opts: { create: boolean; isDemo?: boolean; now?: () => Date }): Workspace {
    const { db, report } = openWorkspaceDb(path, MIGRATIONS, { create: opts.create, ...(opts.now ? { now: opts.now } : {}) })
    return new Workspace(path, db, opts.isDemo ?? false, report)
  }

  get name(): string {
    return basename(this.path).replace(/\.(fleetplan\.)?(sqlite|db)$/i, '')
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
