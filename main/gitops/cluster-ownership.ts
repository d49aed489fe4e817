/**
 * Who owns what in a cluster folder shared by plans of both kinds: a fleet plan writes the fleet manifests (and
 * its policies), a baseline plan only its policies. An export replaces what the previous plan of its own kind
 * wrote and never removes what a plan of the other kind wrote; the cluster's kustomization.yaml lists both.
 */
import { parse } from 'yaml'
import type { PlanKind } from '../../shared/plan-types'
import type { Plan } from '../../shared/types'
import { bodyOf, planIdOf } from './manifests/stable-yaml'

/**
 * A generated file the exporting plan no longer writes: removable when the plan that wrote it (its header, looked
 * up among the checkout's plan.json files) is of the same kind. A file whose writer is unknown was, before
 * baseline plans exported policies, always a fleet plan's: fleet plans replace it, baseline plans leave it.
 */
export function removableBy(plan: Plan, content: string, writers: ReadonlyMap<string, PlanKind>): boolean {
  const writer = planIdOf(content)
  const kind = writer === plan.id ? plan.kind : writer ? writers.get(writer) : undefined
  return (kind ?? 'fleet') === plan.kind
}

interface Meta {
  apiVersion?: string
  kind?: string
  metadata?: { name?: string; namespace?: string }
  spec?: { crd?: { spec?: { names?: { kind?: string } } } }
}

const objectOf = (content: string): Meta => {
  try {
    return (parse(bodyOf(content)) as Meta | null) ?? {}
  } catch {
    return {}
  }
}

/**
 * Among files an export would remove, those a kept file still needs: the Gatekeeper template of a kept
 * Constraint's kind, the namespace a kept object lives in (shared files both plans' policies use).
 */
export function stillNeeded(candidates: ReadonlyMap<string, string>, kept: readonly string[]): Set<string> {
  const keptObjects = kept.map(objectOf)
  const constraintKinds = new Set(keptObjects.filter((o) => o.apiVersion?.startsWith('constraints.gatekeeper.sh/')).map((o) => o.kind))
  const namespaces = new Set(keptObjects.map((o) => o.metadata?.namespace).filter((n): n is string => n !== undefined))
  const needed = new Set<string>()
  for (const [path, content] of candidates) {
    const o = objectOf(content)
    if (o.kind === 'ConstraintTemplate' && constraintKinds.has(o.spec?.crd?.spec?.names?.kind)) needed.add(path)
    if (o.kind === 'Namespace' && o.metadata?.name !== undefined && namespaces.has(o.metadata.name)) needed.add(path)
  }
  return needed
}
