import Database from 'better-sqlite3'

export type Db = Database.Database

/**
 * Fleetplan's SQLite "application_id" (PRAGMA), so a workspace is told apart from any other SQLite file.
 * 0x464C5054 = "FLPT".
 */
export const APPLICATION_ID = 0x464c5054

/**
 * better-sqlite3 is one native module used under two ABIs: Node's (tests, CLI, web host) and Electron's
 * (desktop app). The Electron shell builds its own copy and names it here; everything else uses npm's build.
 */
function nativeBinding(): string | undefined {
  const p = process.env.FLEETPLAN_SQLITE_BINDING
  return p && p.length > 0 ? p : undefined
}

export interface OpenOptions {
  readonly?: boolean
  /** Create the file when missing (only the workspace service does this, and then migrates). */
  create?: boolean
}

/** Opens a connection with the pragmas every Fleetplan connection needs. */
export function openConnection(file: string, opts: OpenOptions = {}): Db {
  const binding = nativeBinding()
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: !(opts.create ?? false),
    ...(binding ? { nativeBinding: binding } : {}),
  })
  if (!opts.readonly) db.pragma('journal_mode = WAL')
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  return db
}

/**
 * Runs `fn` on a connection of its own and closes it when `fn` is done (after its promise settles, if it returns
 * one): worker jobs write or read through their own connection so the UI's keeps answering (WAL).
 */
export function withConnection<T>(file: string, fn: (db: Db) => T): T {
  const db = openConnection(file)
  let closesLater = false
  try {
    const out = fn(db)
    if (out instanceof Promise) {
      closesLater = true
      return out.finally(() => db.close()) as T
    }
    return out
  } finally {
    if (!closesLater) db.close()
  }
}
