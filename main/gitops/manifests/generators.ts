/**
 * The cluster folder of an export as a list of generators, each producing files ({path, object}) from an
 * approved plan. A new kind of output plugs in with one line in CLUSTER_GENERATORS; the plan's cost policies
 * (`policies/`, parameters refreshed from the workspace at export) come in as `extra` files.
 */
import type { Recommendations } from '../../../shared/plan-types'
import type { Plan } from '../../../shared/types'
import { autoscaler, budgetRule, clusterQueue, localQueue, nodePool, resourceFlavor, resourceQuota, type K8sObject } from './objects'
import { manifestFile, type HeaderInfo } from './stable-yaml'

export interface ClusterFile {
  /** Path inside the cluster folder, e.g. `kueue/clusterqueue-research.yaml`. */
  path: string
  object: K8sObject
}

export interface GeneratorInput {
  plan: Plan
  recommendations: Recommendations
}

export type ClusterGenerator = (input: GeneratorInput) => ClusterFile[]

/** One resource per file, named after its kind, namespace and name. */
export function fileOf(folder: string, object: K8sObject): ClusterFile {
  const ns = object.metadata.namespace ? `${object.metadata.namespace}-` : ''
  return { path: `${folder}/${object.kind.toLowerCase()}-${ns}${object.metadata.name}.yaml`, object }
}

export const kueueFiles: ClusterGenerator = ({ recommendations: r }) => [
  ...r.kueue.flavors.map((f) => fileOf('kueue', resourceFlavor(f, r.cluster))),
  ...r.kueue.queues.map((q) => fileOf('kueue', clusterQueue(q, r.kueue.cohort, r.cluster))),
  ...r.kueue.queues.map((q) => fileOf('kueue', localQueue(q, r.cluster))),
]
export const quotaFiles: ClusterGenerator = ({ recommendations: r }) => r.quotas.map((q) => fileOf('quotas', resourceQuota(q, r.cluster)))
export const autoscalingFiles: ClusterGenerator = ({ recommendations: r }) => r.autoscaling.map((a) => fileOf('autoscaling', autoscaler(a, r.cluster)))
export const karpenterFiles: ClusterGenerator = ({ recommendations: r }) => r.nodePools.map((n) => fileOf('karpenter', nodePool(n, r.cluster)))
export const alertFiles: ClusterGenerator = ({ recommendations: r }) => r.budgets.map((b) => fileOf('alerts', budgetRule(b, r.cluster)))

export const CLUSTER_GENERATORS: readonly ClusterGenerator[] = [kueueFiles, quotaFiles, autoscalingFiles, karpenterFiles, alertFiles]

/**
 * Every manifest of a plan's cluster folder (without kustomization.yaml), sorted by path. `extra`: files made
 * outside the plan's recommendations, with figures read at export time (the plan's cost policies, `policies/`).
 */
export function clusterManifests(plan: Plan, generators: readonly ClusterGenerator[] = CLUSTER_GENERATORS, extra: readonly ClusterFile[] = []): ClusterFile[] {
  const input = plan.recommendations ? { plan, recommendations: plan.recommendations } : null
  const files = [...(input ? generators.flatMap((g) => g(input)) : []), ...extra].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const seen = new Set<string>()
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`two generated manifests share the path ${f.path}`)
    seen.add(f.path)
  }
  return files
}

export function kustomization(resources: string[]): Record<string, unknown> {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources].sort() }
}

export interface RenderedFile {
  path: string
  content: string
}

/** The cluster folder's files as written: each manifest with its header, plus kustomization.yaml listing them. */
export function renderClusterFolder(plan: Plan, head: HeaderInfo, generators?: readonly ClusterGenerator[], extra: readonly ClusterFile[] = []): RenderedFile[] {
  const manifests = clusterManifests(plan, generators, extra)
  if (manifests.length === 0) return []
  return [
    ...manifests.map((f) => ({ path: f.path, content: manifestFile(head, f.object) })),
    { path: 'kustomization.yaml', content: manifestFile(head, kustomization(manifests.map((f) => f.path))) },
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
