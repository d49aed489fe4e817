/**
 * The admission request the cluster would have seen for a historical workload: a Pod (telemetry pods and
 * billed instances — the pod that would have asked for the same accelerators) or a batch/v1 Job (job traces),
 * with the workload's labels, its containers' requests (or one container requesting its accelerators when
 * only the count is known) and a node selector naming its accelerator type.
 */
import { nodeLabelFor } from '../../shared/accelerator-k8s'
import type { Workload, WorkloadContainer } from '../../shared/workload-types'

export interface AdmissionRequest {
  kind: 'Pod' | 'Job'
  object: Record<string, unknown>
  request: Record<string, unknown>
}

/** What the replay needs of a workload (a Workload row, or the slimmer one the replay reads). */
export type AdmissionSource = Pick<Workload, 'kind' | 'name' | 'namespace' | 'labels' | 'containers' | 'accelerators' | 'acceleratorType'>

/** DNS-1123 subdomain, as the API server requires of a name (history may hold any text). */
export function objectName(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 253)
  return s || 'workload'
}

function container(c: WorkloadContainer): Record<string, unknown> {
  const resources: Record<string, unknown> = {}
  if (Object.keys(c.requests).length) resources.requests = c.requests
  if (c.limits && Object.keys(c.limits).length) resources.limits = c.limits
  return { name: objectName(c.name).slice(0, 63), image: 'registry.invalid/replayed', ...(Object.keys(resources).length ? { resources } : {}) }
}

/** Accelerator count as a quantity: whole devices (a fractional share still takes a device). */
const deviceCount = (n: number): string => String(Math.max(0, Math.ceil(n - 1e-9)))

export function admissionRequest(w: AdmissionSource): AdmissionRequest {
  const kind = w.kind === 'Job' ? 'Job' : 'Pod'
  const namespace = objectName(w.namespace ?? 'default').slice(0, 63)
  const label = w.acceleratorType ? nodeLabelFor(w.acceleratorType) : null
  let containers: WorkloadContainer[]
  if (w.containers && w.containers.length > 0) containers = w.containers
  else if (w.accelerators > 0) {
    const resource = label?.resource ?? 'nvidia.com/gpu'
    const n = deviceCount(w.accelerators)
    containers = [{ name: 'main', requests: { [resource]: n }, limits: { [resource]: n } }]
  } else containers = [{ name: 'main', requests: {} }]
  const spec: Record<string, unknown> = {
    containers: containers.filter((c) => !c.init).map(container),
  }
  const init = containers.filter((c) => c.init)
  if (init.length) spec.initContainers = init.map(container)
  if (label && w.accelerators > 0) spec.nodeSelector = { [label.key]: label.value }
  const metadata: Record<string, unknown> = { name: objectName(w.name), namespace }
  if (Object.keys(w.labels).length) metadata.labels = w.labels
  const object =
    kind === 'Pod'
      ? { apiVersion: 'v1', kind: 'Pod', metadata, spec }
      : { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { template: { spec: { ...spec, restartPolicy: 'Never' } } } }
  const request = {
    kind: kind === 'Pod' ? { group: '', version: 'v1', kind: 'Pod' } : { group: 'batch', version: 'v1', kind: 'Job' },
    resource: kind === 'Pod' ? { group: '', version: 'v1', resource: 'pods' } : { group: 'batch', version: 'v1', resource: 'jobs' },
    name: metadata.name,
    namespace,
    operation: 'CREATE',
    userInfo: { username: 'fleetplan-replay' },
    dryRun: true,
  }
  return { kind, object, request }
}
