/**
 * What an approval signs. plan.json in the export is exactly this body plus the approval, so anyone can
 * recompute the hash from the file: sha256 of the canonical JSON (sorted keys, two-space indent, final newline).
 */
import { createHash } from 'node:crypto'
import type { Plan } from '../../shared/types'
import { canonicalJson } from './canonical-json'

type Signable = Pick<Plan, 'id' | 'name' | 'description' | 'createdAt' | 'kind' | 'cluster' | 'scenario' | 'totals' | 'snapshot' | 'fleet' | 'recommendations'> &
  Partial<Pick<Plan, 'policies'>>

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/**
 * Forecast sample paths can hold hundreds of thousands of numbers: the signed body carries their sha256 and
 * shape instead (the workspace keeps the values, which hash to it), so plan.json stays readable in review.
 */
function digestPaths(snapshot: NonNullable<Plan['snapshot']>): unknown {
  const paths = snapshot.scenario.demand.paths
  if (!paths) return snapshot
  const { values, ...rest } = paths
  const shape = [values.length, values[0]?.length ?? 0, values[0]?.[0]?.length ?? 0]
  return {
    ...snapshot,
    scenario: { ...snapshot.scenario, demand: { ...snapshot.scenario.demand, paths: { ...rest, values: { sha256: sha256(JSON.stringify(values)), shape } } } },
  }
}

/**
 * The signed fields. Baseline plans keep the body they always had, so hashes approved before stay valid;
 * attached cost policies are signed too (absent when none, for the same reason).
 */
export function signedBody(p: Signable): Record<string, unknown> {
  const base = {
    id: p.id,
    name: p.name,
    description: p.description,
    createdAt: p.createdAt,
    scenario: p.scenario,
    totals: p.totals,
    ...(p.policies?.length ? { policies: p.policies } : {}),
  }
  if (p.kind === 'baseline') return base
  return {
    ...base,
    kind: p.kind,
    cluster: p.cluster,
    snapshot: p.snapshot ? digestPaths(p.snapshot) : null,
    fleet: p.fleet,
    recommendations: p.recommendations,
  }
}

export function planContentHash(p: Signable): string {
  return `sha256:${sha256(canonicalJson(signedBody(p)))}`
}
