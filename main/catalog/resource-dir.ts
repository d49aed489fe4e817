import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A folder of resources/ shipped beside the app: under FLEETPLAN_RESOURCES in the packaged app, else found by
 * walking up from this module (dev tree, built out/, tests), recognised by a file it always holds.
 */
export function resourceDir(folder: string, marker: string): string {
  const env = process.env.FLEETPLAN_RESOURCES
  if (env && existsSync(join(env, folder))) return join(env, folder)
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources', folder, marker))) return join(dir, 'resources', folder)
    dir = dirname(dir)
  }
  throw new Error(`Cannot find resources/${folder} (set FLEETPLAN_RESOURCES).`)
}
