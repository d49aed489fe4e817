import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The read-only kit beside the repository (real public data sets). */
export const KIT_DATA = resolve(REPO_ROOT, '..', 'shared', 'data')
export const FOCUS_SAMPLE = join(KIT_DATA, 'focus', 'focus-1.0-sample-1000.csv')

/** A fresh temp folder per test, removed afterwards by the returned cleanup. */
export function tempDir(prefix = 'fleetplan-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
