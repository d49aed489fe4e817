/** Small hooks the Explore analysis panels share: a call that re-runs when its input or Explore's tables change. */
import { useEffect, useState } from 'react'
import type { CallMethodName, InputOf, ResultOf } from '../../../../shared/contract'
import type { ApiError } from '../../../../shared/errors'
import { call, onPushEvent, toApiError } from '../../api/client'
import { takePrefetched } from '../../api/prefetch'

/** Tables whose change makes an Explore answer stale. */
const EXPLORE_READS = new Set(['cost_cube', 'accel_hour', 'accel_attribution', 'subject', 'classification_correction', 'anomaly'])

export function useExploreTick(): number {
  const [tick, setTick] = useState(0)
  useEffect(() => onPushEvent((e) => (e.type === 'tables-changed' && e.tables.some((t) => EXPLORE_READS.has(t)) ? setTick((x) => x + 1) : undefined)), [])
  return tick
}

export interface Loaded<T> {
  data: T | null
  error: ApiError | null
  loading: boolean
}

/** Calls `name` with `input` (compared by JSON) whenever it or `tick` changes; the last answer wins. */
export function useCall<K extends CallMethodName>(name: K, input: InputOf<K> | null, tick: number): Loaded<ResultOf<K>> {
  const [state, setState] = useState<{ sig: string; data: ResultOf<K> | null; error: ApiError | null }>({ sig: '', data: null, error: null })
  const key = input === null ? null : JSON.stringify(input)
  const sig = `${name}|${key}|${tick}`
  useEffect(() => {
    if (key === null) return
    let live = true
    const input = JSON.parse(key) as InputOf<K>
    // Reads are idempotent: a dropped connection (the browser cancelled a request) is retried once.
    const ask = (): Promise<ResultOf<K>> =>
      (takePrefetched(name, input) ?? call(name, input)).catch((err: unknown) => {
        const e = toApiError(err)
        if (live && e.code === 'internal' && e.message.startsWith('Cannot reach')) return call(name, input)
        throw e
      })
    ask().then(
      (data) => live && setState({ sig, data, error: null }),
      (err: unknown) => live && setState({ sig, data: null, error: toApiError(err) }),
    )
    return () => {
      live = false
    }
  }, [name, key, sig])
  // The previous answer stays on screen while the next one loads (no flicker); an error is only shown for its own question.
  return { data: state.data, error: state.sig === sig ? state.error : null, loading: state.sig !== sig }
}
