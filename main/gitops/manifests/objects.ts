/**
 * Kubernetes objects from a plan's recommendations. Keys are written in the order readers expect (apiVersion,
 * kind, metadata, spec; names before values); maps whose keys are data are sorted. Nothing here names the plan:
 * an unchanged resource renders to the same bytes whichever plan produced it.
 */
import type { AutoscalerRec, BudgetRec, FlavorRec, NamespaceQuotaRec, NodePoolRec, TeamQueueRec } from '../../../shared/plan-types'
import { sorted } from './stable-yaml'

export const KUEUE_API = 'kueue.x-k8s.io/v1beta2'
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'fleetplan' }

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>

const labels = (cluster: string, extra: Record<string, string> = {}): Record<string, string> => sorted({ ...MANAGED_BY, 'fleetplan.dev/cluster': cluster, ...extra })

export function resourceFlavor(f: FlavorRec, cluster: string): K8sObject {
  return {
    apiVersion: KUEUE_API,
    kind: 'ResourceFlavor',
    metadata: { name: f.name, labels: labels(cluster, { 'fleetplan.dev/accelerator': f.accelerator.toLowerCase() }) },
    spec: {
      nodeLabels: sorted(f.nodeLabels),
      tolerations: f.tolerations.map((t) => ({ key: t.key, operator: t.operator, effect: t.effect })),
    },
  }
}

export function clusterQueue(q: TeamQueueRec, cohort: string, cluster: string): K8sObject {
  const byResource = new Map<string, TeamQueueRec['quotas']>()
  for (const e of q.quotas) byResource.set(e.resource, [...(byResource.get(e.resource) ?? []), e])
  return {
    apiVersion: KUEUE_API,
    kind: 'ClusterQueue',
    metadata: { name: q.clusterQueue, labels: labels(cluster, { 'fleetplan.dev/team': q.namespace }) },
    spec: {
      cohortName: cohort,
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': q.namespace } },
      queueingStrategy: 'BestEffortFIFO',
      // Lent quota comes back when its owner needs it: the guarantee behind the fairness floor.
      preemption: { reclaimWithinCohort: 'Any', withinClusterQueue: 'LowerPriority' },
      resourceGroups: [...byResource.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([resource, entries]) => ({
          coveredResources: [resource],
          flavors: entries.map((e) => ({
            name: e.flavor,
            resources: [
              e.borrowingCapped
                ? { name: resource, nominalQuota: e.nominalQuota, borrowingLimit: e.borrowingLimit, lendingLimit: e.lendingLimit }
                : { name: resource, nominalQuota: e.nominalQuota, lendingLimit: e.lendingLimit },
            ],
          })),
        })),
    },
  }
}

export function localQueue(q: TeamQueueRec, cluster: string): K8sObject {
  return {
    apiVersion: KUEUE_API,
    kind: 'LocalQueue',
    metadata: { name: q.localQueue, namespace: q.namespace, labels: labels(cluster) },
    spec: { clusterQueue: q.clusterQueue },
  }
}

export function resourceQuota(r: NamespaceQuotaRec, cluster: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: r.name, namespace: r.namespace, labels: labels(cluster) },
    spec: { hard: sorted(r.hard) },
  }
}

/** The per-pod metric an HPA reads (served by a metrics adapter such as prometheus-adapter). */
export const HPA_METRIC = 'http_requests_per_second'

export function autoscaler(a: AutoscalerRec, cluster: string): K8sObject {
  const metadata = { name: a.name, namespace: a.namespace, labels: labels(cluster, { 'fleetplan.dev/team': a.namespace }) }
  // HPA and KEDA scale the same Deployment between the same bounds; only the field names and the trigger differ.
  const scaleTargetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: a.target }
  const target = String(a.targetRpsPerReplica)
  if (a.engine === 'hpa') {
    const metrics = [{ type: 'Pods', pods: { metric: { name: HPA_METRIC }, target: { type: 'AverageValue', averageValue: target } } }]
    const spec = { scaleTargetRef, minReplicas: Math.max(1, a.minReplicas), maxReplicas: a.maxReplicas, metrics }
    return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata, spec }
  }
  const triggers = [{ type: 'prometheus', metadata: { serverAddress: a.serverAddress, query: a.query, threshold: target } }]
  const spec = { scaleTargetRef, minReplicaCount: a.minReplicas, maxReplicaCount: a.maxReplicas, triggers }
  return { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata, spec }
}

export function nodePool(n: NodePoolRec, cluster: string): K8sObject {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: n.name, labels: labels(cluster, { 'fleetplan.dev/accelerator': n.accelerator.toLowerCase() }) },
    spec: {
      template: {
        spec: {
          nodeClassRef: { group: n.nodeClassRef.group, kind: n.nodeClassRef.kind, name: n.nodeClassRef.name },
          requirements: n.requirements.map((r) => ({ key: r.key, operator: r.operator, values: [...r.values] })),
          taints: n.taints.map((t) => ({ key: t.key, effect: t.effect })),
        },
      },
      // Accelerator nodes are only removed when empty: consolidating a busy one would kill training runs.
      disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '10m' },
      limits: { [n.resource]: n.limit },
      weight: n.weight,
    },
  }
}

const money = (x: number): string => x.toFixed(2)

export function budgetRule(b: BudgetRec, cluster: string): K8sObject {
  // Two alerts on the same spend rate: above the plan's 80 % band for 2 h (warning), above its 95 % band for 30 min.
  const alert = (name: string, usdPerHour: number, band: string, forText: string, forDuration: string, severity: string, more = '') => ({
    alert: name,
    expr: `(${b.spendRateExpr}) > ${money(usdPerHour)}`,
    for: forDuration,
    labels: sorted({ severity, team: b.team, namespace: b.namespace }),
    annotations: {
      summary: `${b.team} spends more than the plan's ${band} band ($${money(usdPerHour)}/h)`,
      description: `Accelerator spend of namespace ${b.namespace} is {{ $value | humanize }} USD/h, above the upper end of the plan's ${band} band for ${forText}.${more}`,
    },
  })
  const rules = [
    alert('FleetplanSpendAbovePlan', b.warningUsdPerHour, '80 %', '2 h', '2h', 'warning', ` Monthly budget at the median: $${money(b.monthlyP50Usd)}.`),
    alert('FleetplanSpendFarAbovePlan', b.criticalUsdPerHour, '95 %', '30 min', '30m', 'critical'),
  ]
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'fleetplan-budget', namespace: b.namespace, labels: labels(cluster, { 'fleetplan.dev/team': b.namespace }) },
    spec: { groups: [{ name: `fleetplan-budget-${b.namespace}`, rules }] },
  }
}
