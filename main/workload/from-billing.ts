/**
 * Workload facts from one billing snapshot: billing lines that name a pod or a job in their tags (Kubernetes
 * cost allocation), and compute / AI lines with a resource id (a VM, a scale set, an instance pool — one
 * workload per resource). One GROUP BY in SQLite per snapshot. A resource's tags become its labels: every key
 * any of its lines carries (tags are the same on every line in practice; where they differ, the union of the
 * keys, each with its greatest value).
 */
import type { Db } from '../db/open'
import type { FactRow } from './facts'

/** Tag keys that name a pod, a job and a namespace (GKE / AKS / EKS cost allocation and common conventions). */
const POD_KEYS = ['pod', 'k8s-pod', 'kubernetes.io/pod-name', 'pod-name', 'pod_name', 'k8s_pod']
const JOB_KEYS = ['job-name', 'batch.kubernetes.io/job-name', 'k8s-job', 'job_name', 'job']
const NS_KEYS = ['k8s-namespace', 'kubernetes.io/namespace', 'namespace', 'k8s_namespace', 'kubernetes_namespace']

/** The first present key of a list, as a SQL expression over Tags (text JSON). */
const firstTag = (keys: string[]): string =>
  `coalesce(${keys.map((k) => `json_extract("Tags", '$.' || json_quote(${sqlString(k)}))`).join(', ')})`
function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`
}

/** Usage hours of a line: its consumed quantity when metered in hours, else its charge period. */
export const USAGE_HOURS = `CASE WHEN lower(coalesce("ConsumedUnit", '')) LIKE 'hour%' OR lower(coalesce("ConsumedUnit", '')) LIKE '%hrs' THEN coalesce("ConsumedQuantity", 0)
  ELSE (julianday("ChargePeriodEnd") - julianday("ChargePeriodStart")) * 24 END`

export function billingFacts(db: Db, snapshotId: number): FactRow[] {
  const hasTags = `"Tags" IS NOT NULL AND json_valid("Tags")`
  const pod = `CASE WHEN ${hasTags} THEN ${firstTag(POD_KEYS)} END`
  const job = `CASE WHEN ${hasTags} THEN ${firstTag(JOB_KEYS)} END`
  const ns = `CASE WHEN ${hasTags} THEN ${firstTag(NS_KEYS)} END`
  const uid = `CASE
      WHEN ${pod} IS NOT NULL THEN 'pod:' || coalesce(${ns}, '') || '/' || ${pod}
      WHEN ${job} IS NOT NULL THEN 'job:' || coalesce(${ns}, '') || '/' || ${job}
      WHEN "ResourceId" IS NOT NULL AND "ResourceId" != '' THEN 'res:' || "ResourceId"
    END`
  const lines = `SELECT ${uid} AS uid, "ChargePeriodStart" AS start, "ChargePeriodEnd" AS fin, "BilledCost" AS billed,
                      "EffectiveCost" AS effective, "ListCost" AS list, accelerator_count, accelerator_type, team, project, model_type,
                      ${USAGE_HOURS} AS usage_hours, "Tags" AS tags, coalesce("ResourceName", "ResourceId") AS resource_name,
                      "ProviderName" AS provider, "RegionId" AS region, "PricingCategory" AS pricing_category, ${ns} AS ns
                 FROM billing_line
                WHERE snapshot_id = ?
                  AND (accelerator_type IS NOT NULL OR "ServiceCategory" IN ('Compute', 'AI and Machine Learning')
                       OR (${hasTags} AND (${pod} IS NOT NULL OR ${job} IS NOT NULL)))`
  const rows = db
    .prepare(
      `SELECT uid, min(start) AS first_start, max(fin) AS last_end, count(*) AS lines,
              sum(billed) AS billed, sum(effective) AS effective, sum(list) AS list,
              max(accelerator_count) AS accelerators, sum(coalesce(accelerator_count, 0) * usage_hours) AS accelerator_hours,
              max(accelerator_type) AS accelerator_type, max(team) AS team, max(project) AS project, max(model_type) AS model_type,
              max(tags) AS tags, count(DISTINCT tags) AS tag_variants, max(resource_name) AS resource_name, max(provider) AS provider, max(region) AS region,
              max(pricing_category) AS pricing_category, max(ns) AS ns
         FROM (${lines})
        WHERE uid IS NOT NULL
        GROUP BY uid`,
    )
    .all(snapshotId) as {
    uid: string
    first_start: string | null
    last_end: string | null
    lines: number
    billed: number | null
    effective: number | null
    list: number | null
    accelerators: number | null
    accelerator_hours: number | null
    accelerator_type: string | null
    team: string | null
    project: string | null
    model_type: string | null
    tags: string | null
    tag_variants: number
    resource_name: string | null
    provider: string | null
    region: string | null
    pricing_category: string | null
    ns: string | null
  }[]
  // Resources whose lines carry different tags: the union of their keys.
  const varied = rows.filter((r) => r.tag_variants > 1).map((r) => r.uid)
  const union = new Map<string, Record<string, string>>()
  if (varied.length) {
    const tags = db
      .prepare(
        `SELECT l.uid AS uid, j.key AS k, max(j.value) AS v FROM (${lines}) AS l, json_each(l.tags) AS j
          WHERE l.uid IN (SELECT value FROM json_each(?)) AND l.tags IS NOT NULL AND json_valid(l.tags) GROUP BY l.uid, j.key`,
      )
      .all(snapshotId, JSON.stringify(varied)) as { uid: string; k: string; v: unknown }[]
    for (const t of tags) {
      const m = union.get(t.uid) ?? {}
      m[t.k.trim()] = typeof t.v === 'string' ? t.v : JSON.stringify(t.v)
      union.set(t.uid, m)
    }
  }
  return rows.map((r) => {
    const kind = r.uid.startsWith('pod:') ? 'Pod' : r.uid.startsWith('job:') ? 'Job' : 'Instance'
    const name = kind === 'Instance' ? (r.resource_name ?? r.uid.slice(4)).split('/').filter(Boolean).at(-1) ?? r.uid : r.uid.slice(r.uid.indexOf('/') + 1)
    return {
      uid: r.uid,
      source: 'billing',
      kind,
      name,
      namespace: r.ns,
      team: r.team,
      project: r.project,
      modelType: r.model_type,
      acceleratorType: r.accelerator_type,
      accelerators: r.accelerators ?? 0,
      containers: null,
      labels: union.get(r.uid) ?? tagLabels(r.tags),
      startMs: r.first_start ? Date.parse(r.first_start) : null,
      endMs: r.last_end ? Date.parse(r.last_end) : null,
      stepMs: 0,
      acceleratorHours: r.accelerators ? (r.accelerator_hours ?? 0) : 0,
      billedCost: r.billed ?? 0,
      effectiveCost: r.effective,
      listCost: r.list,
      billingLines: r.lines,
      provider: r.provider,
      region: r.region,
      node: null,
      pricingCategory: r.pricing_category,
    }
  })
}

/** A line's tags as labels: string values kept as written, other JSON values as their text. */
function tagLabels(tags: string | null): Record<string, string> {
  if (!tags) return {}
  try {
    const t = JSON.parse(tags) as unknown
    if (!t || typeof t !== 'object' || Array.isArray(t)) return {}
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(t as Record<string, unknown>)) out[k.trim()] = typeof v === 'string' ? v : JSON.stringify(v)
    return out
  } catch {
    return {}
  }
}
