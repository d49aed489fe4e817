/**
 * A plan's policies as manifests of its cluster folder (`<root>/clusters/<plan's cluster>/policies/…`, listed
 * in the cluster's kustomization.yaml with the plan's other manifests): the attached documents (signed with the
 * plan) emitted with the parameters refreshed from the workspace at export time (prices, month-to-date spend,
 * namespace teams). The export validates them with the plan's other manifests and refuses on any problem.
 */
import type { Plan } from '../../shared/types'
import type { Db } from '../db/open'
import { emitPolicyFiles } from './emit'
import { currentFacts } from './facts'

export interface PolicyManifest {
  /** Path inside the cluster folder, e.g. `policies/gpu-cost-guardrails/validatingadmissionpolicy-pods.yaml`. */
  path: string
  object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>
}

export function planPolicyManifests(db: Db, plan: Plan, now: () => Date): PolicyManifest[] {
  const docs = plan.policies.map((p) => p.doc)
  if (docs.length === 0) return []
  const facts = currentFacts(db, now())
  return emitPolicyFiles(docs, facts).flatMap((f) => (f.object ? [{ path: f.path, object: f.object as PolicyManifest['object'] }] : []))
}
