import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ThreadEntry {
  filename: string
  execArgv: string[]
  /** `filename` is code to evaluate, not a path (`new Worker(filename, { eval: true })`). */
  eval: boolean
}

/**
 * Where a worker thread's entry is — the one resolver for every thread the app starts (the worker pool's
 * threads, the billing writer):
 *  - built: `<name>.js` beside the bundle (out/main/; this module may sit in a chunk folder below it), read
 *    from app.asar.unpacked inside a packaged app (worker threads cannot load from the asar archive);
 *  - from source (tests, tsx): the TypeScript file `source`, through tsx. The pool's threads `import()` their
 *    entry after start-up, so tsx's ESM hooks (`--import tsx`) serve them (`as: 'pool'`). A plain
 *    `new Worker` (`as: 'worker'`) gets a two-line script loading the source through tsx's require hook:
 *    Node 20 neither hooks a Worker's own main script nor runs ESM loader hooks in a thread started by
 *    another worker thread (the billing writer is started by an import job).
 */
export function threadEntry(name: string, source: string, as: 'pool' | 'worker'): ThreadEntry {
  const here = dirname(fileURLToPath(import.meta.url))
  const built = [join(here, `${name}.js`), join(here, '..', `${name}.js`)].find((p) => existsSync(p))
  if (built) {
    const unpacked = built.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
    return { filename: existsSync(unpacked) ? unpacked : built, execArgv: [], eval: false }
  }
  if (as === 'pool') return { filename: source, execArgv: ['--import', 'tsx'], eval: false }
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs')
  return { filename: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)})`, execArgv: [], eval: true }
}

/** The file `file` beside the calling module (pass `import.meta.url`): `threadEntry`'s source. */
export function besideModule(moduleUrl: string, file: string): string {
  return join(dirname(fileURLToPath(moduleUrl)), file)
}
