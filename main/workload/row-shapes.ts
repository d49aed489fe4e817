/**
 * The fields every stage of a workload's life shares (a fact from one import, the merged workload, the stored row),
 * in the two spellings they take: camelCase in code, snake_case as SQLite returns them.
 */
import type { WorkloadIdentity } from '../../shared/workload-types'

export interface WorkloadCore extends WorkloadIdentity {
  startMs: number | null
  endMs: number | null
  provider: string | null
  region: string | null
  node: string | null
}

/** `startMs` → `start_ms`: the column name SQLite returns for a camelCase field. */
type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S

/** The same fields as stored: snake_case, with containers and labels as JSON text. */
export type WorkloadCoreRow = {
  [K in Exclude<keyof WorkloadCore, 'containers' | 'labels'> as SnakeCase<K>]: WorkloadCore[K]
} & { containers_json: string | null; labels_json: string }
