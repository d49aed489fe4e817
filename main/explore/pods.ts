/**
 * What the workspace knows about each pod from kube-state-metrics style series: team and project labels
 * (`kube_pod_labels`), the owner (`kube_pod_info`), the image (`kube_pod_container_info`). A pod's workload —
 * the Deployment, Job or StatefulSet it belongs to — is what gets classified, so every replica shares one answer.
 */
import type { Db } from '../db/open'
import { podKey } from './telemetry-gpus'

export interface PodInfo {
  key: string
  namespace: string | null
  pod: string
  team: string | null
  project: string | null
  labels: Record<string, string>
  image: string | null
  workload: string
}

/** `helix-chat-api-7c9d5b8f6-x2k4p` → `helix-chat-api`; `atlas-worker-3` → `atlas-worker`; `job-x-0-ab12c` → `job-x`. */
export function workloadOf(pod: string, ownerKind?: string | null, ownerName?: string | null): string {
  if (ownerName) {
    if (ownerKind === 'ReplicaSet') return ownerName.replace(/-[a-z0-9]{6,10}$/, '')
    return ownerName
  }
  return pod.replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '').replace(/-\d+$/, '')
}

export function readPods(db: Db): Map<string, PodInfo> {
  const out = new Map<string, PodInfo>()
  const get = (ns: string | null, pod: string): PodInfo => {
    const key = podKey(ns, pod)
    let p = out.get(key)
    if (!p) out.set(key, (p = { key, namespace: ns, pod, team: null, project: null, labels: {}, image: null, workload: workloadOf(pod) }))
    return p
  }
  const rows = db
    .prepare(
      `SELECT metric, labels, namespace, pod FROM series
       WHERE pod IS NOT NULL AND metric IN ('kube_pod_labels', 'kube_pod_info', 'kube_pod_container_info') ORDER BY id`,
    )
    .all() as { metric: string; labels: string; namespace: string | null; pod: string }[]
  for (const r of rows) {
    const l = JSON.parse(r.labels) as Record<string, string>
    const p = get(r.namespace, r.pod)
    if (r.metric === 'kube_pod_labels') {
      for (const [k, v] of Object.entries(l)) if (k.startsWith('label_') && v !== '') p.labels[k.slice(6)] = v
      p.team = l.label_team || p.team
      p.project = l.label_project || p.project
      if (l.label_app) p.workload = l.label_app
    } else if (r.metric === 'kube_pod_info') {
      if (!p.labels.app) p.workload = workloadOf(r.pod, l.created_by_kind, l.created_by_name)
      if (l.created_by_kind) p.labels.created_by_kind = l.created_by_kind
    } else if (l.image) p.image = l.image
  }
  return out
}
