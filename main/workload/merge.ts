/**
 * The workload row of a uid, from every fact any import brought about it: Kubernetes facts (telemetry, job
 * traces) say what ran, for how long and what it requested; billing facts say what it cost. Cost is the
 * billed cost when billing lines identify the workload (their BilledCost, FOCUS), otherwise its
 * accelerator-hours × the catalog price (pricing.ts), otherwise unpriced — and `cost_basis` says which.
 */
import type { CostSource, WorkloadContainer, WorkloadKind, WorkloadSource } from '../../shared/workload-types'
import type { Db } from '../db/open'
import type { StoredFact } from './facts'
import type { PriceBook } from './pricing'
import type { WorkloadCore } from './row-shapes'

const money = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
const round = (x: number, d = 6): number => Math.round(x * 10 ** d) / 10 ** d

/** What the billing lines of the resource a workload ran on say: its billed cost per accelerator-hour. */
export interface HostBilling {
  resource: string
  billedUsd: number
  acceleratorHours: number
}

export interface MergedWorkload extends WorkloadCore {
  hours: number | null
  acceleratorHours: number | null
  cost: number | null
  costSource: CostSource
  costBasis: string
  sources: WorkloadSource[]
  host: boolean
}

const first = <T>(xs: readonly StoredFact[], f: (x: StoredFact) => T | null): T | null => {
  for (const x of xs) {
    const v = f(x)
    if (v !== null && v !== undefined && v !== '') return v
  }
  return null
}

export function mergeFacts(
  uid: string,
  facts: readonly StoredFact[],
  prices: PriceBook,
  lookups: { hostBilling?: (node: string) => HostBilling | null; hosts?: (uid: string, name: string) => boolean } = {},
): MergedWorkload {
  // Newest import first, Kubernetes facts before billing ones.
  const sorted = [...facts].sort((a, b) => (a.source === 'billing' ? 1 : 0) - (b.source === 'billing' ? 1 : 0) || b.snapshot_id - a.snapshot_id)
  const k8s = sorted.filter((f) => f.source !== 'billing')
  const billing = sorted.filter((f) => f.source === 'billing')
  const main = k8s.length ? k8s : billing
  const labels: Record<string, string> = {}
  for (const f of [...billing].reverse()) Object.assign(labels, JSON.parse(f.labels_json) as Record<string, string>)
  for (const f of [...k8s].reverse()) Object.assign(labels, JSON.parse(f.labels_json) as Record<string, string>)
  const starts = main.map((f) => f.start_ms).filter((x): x is number => x !== null)
  const ends = main.map((f) => (f.end_ms === null ? null : f.end_ms + f.step_ms)).filter((x): x is number => x !== null)
  const startMs = starts.length ? Math.min(...starts) : null
  const endMs = ends.length ? Math.max(...ends) : null
  const hours = startMs !== null && endMs !== null ? Math.max(0, endMs - startMs) / 3.6e6 : null
  const accelerators = Math.max(0, ...main.map((f) => f.accelerators))
  let acceleratorHours: number | null
  if (k8s.length) {
    // One fact per import: the same pod seen by two pulls is counted once over its whole span.
    const measured = k8s.filter((f) => f.accelerator_hours !== null)
    acceleratorHours = k8s.length === 1 && measured.length === 1 ? (measured[0]?.accelerator_hours ?? 0) : hours === null ? null : accelerators * hours
  } else acceleratorHours = billing.reduce((s, f) => s + (f.accelerator_hours ?? 0), 0)
  const acceleratorType = first(main, (f) => f.accelerator_type) ?? first(sorted, (f) => f.accelerator_type)
  const provider = first(billing, (f) => f.provider)
  const region = first(billing, (f) => f.region)
  let cost: number | null
  let costSource: CostSource
  let costBasis: string
  const node = first(main, (f) => f.node)
  const host = !k8s.length && node === null && uid.startsWith('res:') && (lookups.hosts?.(uid, first(billing, (f) => f.name) ?? '') ?? false)
  const hostBilling = !billing.length && node !== null && acceleratorHours ? (lookups.hostBilling?.(node) ?? null) : null
  if (hostBilling && acceleratorHours !== null) {
    // It ran on a billed resource: its share of that resource's billing lines, by accelerator-hours.
    const rate = hostBilling.billedUsd / hostBilling.acceleratorHours
    cost = acceleratorHours * rate
    costSource = 'billed'
    costBasis = `${round(acceleratorHours, 2)} accelerator-hours × $${round(rate, 4)} per accelerator-hour billed for ${hostBilling.resource} (its BilledCost ${money(hostBilling.billedUsd)} over ${round(hostBilling.acceleratorHours, 1)} accelerator-hours) = ${money(cost)}`
  } else if (billing.length) {
    const lines = billing.reduce((s, f) => s + f.billing_lines, 0)
    cost = billing.reduce((s, f) => s + (f.billed_cost ?? 0), 0)
    costSource = 'billed'
    costBasis = `BilledCost of ${lines} billing line${lines === 1 ? '' : 's'} identifying ${uid.startsWith('res:') ? `resource ${uid.slice(4)}` : `${uid.slice(0, 3)} ${uid.slice(4)}`}${host ? ' — Kubernetes workloads ran on it and carry its cost, so it is left out of workload totals' : ''}`
  } else {
    const p = acceleratorType ? prices.price(acceleratorType, { provider, region, pricingCategory: first(billing, (f) => f.pricing_category) }) : null
    if (accelerators === 0 || acceleratorHours === 0) {
      cost = 0
      costSource = 'catalog'
      costBasis = 'no accelerators requested: no accelerator cost'
    } else if (p && acceleratorHours !== null) {
      cost = acceleratorHours * p.usdPerAccelHour
      costSource = 'catalog'
      costBasis = `${round(acceleratorHours, 2)} accelerator-hours × ${p.basis} = ${money(cost)}`
    } else {
      cost = null
      costSource = 'unpriced'
      costBasis = acceleratorType ? `no catalog price for accelerator type ${acceleratorType} (add a price override)` : 'accelerator type unknown: cannot price'
    }
  }
  const kind: WorkloadKind = k8s.some((f) => f.source === 'job-trace') ? 'Job' : (main[0]?.kind ?? 'Instance')
  return {
    uid,
    kind,
    name: first(main, (f) => f.name) ?? uid,
    namespace: first(main, (f) => f.namespace) ?? first(sorted, (f) => f.namespace),
    team: first(main, (f) => f.team) ?? first(sorted, (f) => f.team),
    project: first(main, (f) => f.project) ?? first(sorted, (f) => f.project),
    modelType: first(main, (f) => f.model_type) ?? first(sorted, (f) => f.model_type),
    acceleratorType,
    accelerators,
    containers: (() => {
      const c = first(k8s, (f) => f.containers_json)
      return c ? (JSON.parse(c) as WorkloadContainer[]) : null
    })(),
    labels,
    startMs,
    endMs,
    hours: hours === null ? null : round(hours),
    acceleratorHours: acceleratorHours === null ? null : round(acceleratorHours),
    // Money keeps its full precision (FOCUS costs carry up to ten decimals).
    cost,
    costSource,
    costBasis,
    sources: [...new Set(sorted.map((f) => f.source))].sort(),
    provider,
    region,
    node,
    host,
  }
}

/** Recomputes the workload rows of these uids from their facts (rows without facts left are deleted). */
export function recomputeWorkloads(db: Db, uids: Iterable<string>, prices: PriceBook): number {
  const factsOf = db.prepare('SELECT * FROM workload_fact WHERE uid = ?')
  // A node is its billed resource (same id or name), or an instance of a billed pool named after it (a scale
  // set's "vmss-a000003", a managed instance group's "mig-a-k3f9"): the longest billed name it starts with.
  const billingOf = db.prepare(
    `SELECT uid, sum(billed_cost) AS billed, sum(accelerator_hours) AS ah FROM workload_fact
      WHERE source = 'billing' AND (uid = 'res:' || @a OR name = @a OR (length(name) >= 4 AND substr(@a, 1, length(name)) = name))
      GROUP BY uid ORDER BY uid = 'res:' || @a DESC, length(max(name)) DESC LIMIT 1`,
  )
  const hostedOn = db.prepare(
    `SELECT 1 FROM workload_fact WHERE source != 'billing' AND node IS NOT NULL AND (node IN (@a, @b) OR (length(@b) >= 4 AND node >= @b AND node < @b || char(1114111))) LIMIT 1`,
  ).pluck()
  const lookups = {
    hostBilling: (node: string): HostBilling | null => {
      const r = billingOf.get({ a: node }) as { uid: string; billed: number | null; ah: number | null } | undefined
      return r && r.billed !== null && (r.ah ?? 0) > 0 ? { resource: r.uid.slice(4), billedUsd: r.billed, acceleratorHours: r.ah as number } : null
    },
    hosts: (uid: string, name: string): boolean => hostedOn.get({ a: uid.slice(4), b: name }) !== undefined,
  }
  const del = db.prepare('DELETE FROM workload WHERE uid = ?')
  const upsert = db.prepare(
    `INSERT INTO workload (uid, kind, name, namespace, team, project, model_type, accelerator_type, accelerators, containers_json, labels_json,
                           start_ms, end_ms, hours, accelerator_hours, cost, cost_source, cost_basis, sources, provider, region, node, host)
     VALUES (@uid, @kind, @name, @namespace, @team, @project, @modelType, @acceleratorType, @accelerators, @containers, @labels,
             @startMs, @endMs, @hours, @acceleratorHours, @cost, @costSource, @costBasis, @sources, @provider, @region, @node, @host)
     ON CONFLICT (uid) DO UPDATE SET kind = excluded.kind, name = excluded.name, namespace = excluded.namespace, team = excluded.team,
       project = excluded.project, model_type = excluded.model_type, accelerator_type = excluded.accelerator_type,
       accelerators = excluded.accelerators, containers_json = excluded.containers_json, labels_json = excluded.labels_json,
       start_ms = excluded.start_ms, end_ms = excluded.end_ms, hours = excluded.hours, accelerator_hours = excluded.accelerator_hours,
       cost = excluded.cost, cost_source = excluded.cost_source, cost_basis = excluded.cost_basis, sources = excluded.sources,
       provider = excluded.provider, region = excluded.region, node = excluded.node, host = excluded.host`,
  )
  let n = 0
  for (const uid of uids) {
    const facts = factsOf.all(uid) as StoredFact[]
    if (facts.length === 0) {
      del.run(uid)
      continue
    }
    const w = mergeFacts(uid, facts, prices, lookups)
    upsert.run({ ...w, host: w.host ? 1 : 0, containers: w.containers ? JSON.stringify(w.containers) : null, labels: JSON.stringify(w.labels), sources: w.sources.join(',') })
    n++
  }
  return n
}
