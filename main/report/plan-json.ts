import type { Plan } from '../../shared/types'
import { canonicalJson } from '../plan/canonical-json'
import { signedBody } from '../plan/content-hash'

/**
 * plan.json: the approved plan exactly as signed plus its approval, in canonical form. The content hash is
 * sha256(canonical JSON of this object without `fleetplanPlan` and `approval`), so it can be checked from the file.
 */
export function planJson(plan: Plan): string {
  return canonicalJson({ fleetplanPlan: plan.kind === 'baseline' ? 1 : 2, ...signedBody(plan), approval: plan.approval })
}
