/**
 * Answers asked for before the view that shows them exists: the first screen's questions leave with the
 * workspace's own (one round trip, not two in a row), and the view takes the answer when it mounts.
 */
import type { CallMethodName, InputOf, ResultOf } from '../../../shared/contract'
import { call } from './client'

// An answer older than this is asked again: the workspace may have changed in between.
const FRESH_MS = 10_000

const early = new Map<string, { at: number; answer: Promise<unknown> }>()
const keyOf = (name: string, input: unknown): string => `${name}|${JSON.stringify(input)}`

export function prefetch<K extends CallMethodName>(name: K, input: InputOf<K>): void {
  const answer = call(name, input)
  // A failure is the view's to show when it asks; unclaimed, it must not surface as an unhandled rejection.
  answer.catch(() => undefined)
  early.set(keyOf(name, input), { at: performance.now(), answer })
}

/** The prefetched answer to exactly this question, once; null when there is none or it is stale. */
export function takePrefetched<K extends CallMethodName>(name: K, input: InputOf<K>): Promise<ResultOf<K>> | null {
  const key = keyOf(name, input)
  const hit = early.get(key)
  early.delete(key)
  if (!hit || performance.now() - hit.at > FRESH_MS) return null
  return hit.answer as Promise<ResultOf<K>>
}
