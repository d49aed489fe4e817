import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * MSTL (Bandara, Hyndman & Bergmeir 2021) for several seasonal periods, with an AutoETS trend forecaster:
 * @bsull/augurs (Grafana's augurs, Rust compiled to wasm). Loaded synchronously from its .wasm next to the
 * package so it works in worker threads and the CLI alike.
 */
interface AugursMstl {
  MSTL: { ets(periods: number[]): { fit(y: number[]): void; predict(h: number, level?: number | null): { point: number[] }; free(): void } }
  initSync(arg: { module: Buffer }): unknown
}

let mod: AugursMstl | null = null
/** Why MSTL is unavailable (wasm failed to load), for the run's notes. */
export let mstlLoadError: string | null = null

const load = (): AugursMstl | null => mod

/** Loads the wasm module once per thread (async import of the glue, synchronous wasm instantiation). */
export async function loadMstl(): Promise<boolean> {
  if (mod) return true
  try {
    const req = createRequire(import.meta.url)
    const js = req.resolve('@bsull/augurs/mstl')
    const m = (await import(pathToFileURL(js).href)) as unknown as AugursMstl
    m.initSync({ module: readFileSync(join(dirname(js), 'mstl_bg.wasm')) })
    mod = m
    return true
  } catch (err) {
    mstlLoadError = (err as Error).message
    return false
  }
}

export function mstlAvailable(): boolean {
  return load() !== null
}

/** Periods that fit: MSTL needs at least two full cycles of each. */
export function usablePeriods(n: number, seasons: readonly number[]): number[] {
  return seasons.filter((p) => p > 1 && n >= 2 * p + 1)
}

export function mstlForecast(y: readonly number[], h: number, seasons: readonly number[]): number[] | null {
  const m = load()
  if (!m) return null
  const periods = usablePeriods(y.length, seasons)
  if (periods.length === 0) return null
  const model = m.MSTL.ets(periods)
  try {
    model.fit([...y])
    return model.predict(h, null).point
  } finally {
    model.free()
  }
}
