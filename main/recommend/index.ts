/**
 * Recommendations derived from a plan's frozen decision — pure functions of the snapshot and the reviewer's
 * edits, so the same plan always yields the same figures (golden-file tests hold them).
 *
 * Edits are applied stage by stage, so what depends on an edited figure follows it: an edited nominal quota
 * moves that team's lending and borrowing limits and its namespace's ResourceQuota, unless those were edited too.
 */
import { ApiError } from '../../shared/errors'
import type { EditTarget, PlanSnapshot, RecommendationEdit, Recommendations, RecommendSettings } from '../../shared/plan-types'
import { buildAutoscalers, DEFAULT_H100_RPS, fillQuery } from './autoscaling'
import { buildBudgets } from './budgets'
import { buildNodePools } from './capacity'
import { streamBands } from './demand'
import { buildFlavors, buildQueues, queueKey, teamNeeds, withLimits } from './kueue'
import { dnsLabel, uniqueLabels } from './names'
import { buildResourceQuotas } from './quotas'

export const DEFAULT_SETTINGS: RecommendSettings = {
  autoscaler: 'keda',
  prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
  requestRateQuery: 'sum(rate(http_requests_total{namespace="{namespace}",service="{deployment}"}[2m]))',
  h100RequestsPerSecond: DEFAULT_H100_RPS,
  targetUtilisation: 0.7,
  spendRateQuery: 'sum(container_gpu_allocation{namespace="{namespace}"} * on (node) group_left () avg by (node) (node_gpu_hourly_cost))',
  nodeClassName: 'default',
}

export type EditInput = Omit<RecommendationEdit, 'derived'>

/** A stable identity for an edit target: two edits with the same key change the same figure. */
export const editKey = (t: EditTarget): string => JSON.stringify(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)))

export function describeTarget(t: EditTarget): string {
  switch (t.kind) {
    case 'queue':
      return `${t.field} of team ${t.team} on flavor ${t.flavor}`
    case 'resource-quota':
      return `ResourceQuota requests.${t.resource} of team ${t.team}`
    case 'autoscaler':
      return `${t.field} of autoscaler ${t.name}`
    case 'node-pool':
      return `${t.field} of NodePool ${t.name}`
    case 'budget':
      return `${t.field} of team ${t.team}'s budget`
    case 'setting':
      return `setting ${t.field}`
  }
}

const bad = (message: string): never => {
  throw new ApiError({ code: 'invalid-input', message })
}

function wholeNumber(e: EditInput, min = 0): number {
  const v = e.value
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) bad(`${describeTarget(e.target)} must be a whole number of at least ${min}; got ${String(v)}.`)
  return v as number
}

function positive(e: EditInput): number {
  const v = e.value
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) bad(`${describeTarget(e.target)} must be a number above 0; got ${String(v)}.`)
  return v as number
}

function text(e: EditInput): string {
  const v = e.value
  if (typeof v !== 'string' || v.trim() === '') bad(`${describeTarget(e.target)} must be a non-empty text.`)
  return (v as string).trim()
}

function applySetting(s: RecommendSettings, e: EditInput & { target: { kind: 'setting' } }): void {
  switch (e.target.field) {
    case 'autoscaler':
      if (e.value !== 'keda' && e.value !== 'hpa') bad('The autoscaler is keda or hpa.')
      s.autoscaler = e.value as 'keda' | 'hpa'
      return
    case 'h100RequestsPerSecond':
      s.h100RequestsPerSecond = positive(e)
      return
    case 'targetUtilisation':
      s.targetUtilisation = positive(e)
      if (s.targetUtilisation > 1) bad('The target utilisation is a fraction between 0 and 1.')
      return
    case 'nodeClassName':
      s.nodeClassName = text(e)
      if (dnsLabel(s.nodeClassName, 253) !== s.nodeClassName) bad(`"${s.nodeClassName}" is not a Kubernetes object name (lower-case letters, digits and '-').`)
      return
    case 'prometheusUrl':
      s.prometheusUrl = text(e)
      if (!/^https?:\/\/\S+$/.test(s.prometheusUrl)) bad(`"${s.prometheusUrl}" is not an http(s) URL.`)
      return
    case 'requestRateQuery':
    case 'spendRateQuery':
      s[e.target.field] = text(e)
      if (!s[e.target.field].includes('{namespace}')) bad(`The ${e.target.field === 'spendRateQuery' ? 'spend-rate' : 'request-rate'} query must contain {namespace}, which each team's namespace replaces.`)
      return
  }
}

export function recommend(snap: PlanSnapshot, opts: { cluster: string; edits?: EditInput[] }): Recommendations {
  const edits = opts.edits ?? []
  const done: RecommendationEdit[] = []
  const of = <K extends EditTarget['kind']>(kind: K) => edits.filter((e): e is EditInput & { target: Extract<EditTarget, { kind: K }> } => e.target.kind === kind)
  const record = (e: EditInput, derived: number | string): void => {
    done.push({ ...e, derived })
  }

  const settings: RecommendSettings = { ...DEFAULT_SETTINGS }
  for (const e of of('setting')) {
    const before = settings[e.target.field]
    applySetting(settings, e)
    record(e, before)
  }

  const bands = streamBands(snap)
  const flavors = buildFlavors(snap)
  const namespaces = uniqueLabels(snap.scenario.demand.streams.map((s) => s.team))
  const needs = teamNeeds(snap, flavors, bands)
  const { queues, warnings } = buildQueues(snap, flavors, needs, namespaces)
  const floor = snap.scenario.policy.fairnessFloor
  const entry = (t: { team: string; flavor: string }) => {
    const q = queues.find((x) => x.team === t.team) ?? bad(`The plan has no team "${t.team}".`)
    return q.quotas.find((x) => x.flavor === t.flavor) ?? bad(`The plan has no flavor "${t.flavor}" (flavors: ${flavors.map((f) => f.rec.name).join(', ')}).`)
  }
  const queueEdits = of('queue')
  for (const e of queueEdits.filter((x) => x.target.field === 'nominalQuota')) {
    const q = entry(e.target)
    record(e, q.nominalQuota)
    q.nominalQuota = wholeNumber(e)
  }
  for (const f of flavors) {
    const sum = queues.reduce((a, q) => a + (q.quotas.find((x) => x.flavor === f.rec.name)?.nominalQuota ?? 0), 0)
    if (sum > f.rec.capacity) {
      bad(
        `The nominal quotas of ${f.rec.name} would sum to ${sum}, more than its ${f.rec.capacity} accelerators in the plan's fleet. Lower another team's quota on ${f.rec.name} first (${queues.map((q) => `${q.team} ${q.quotas.find((x) => x.flavor === f.rec.name)?.nominalQuota ?? 0}`).join(', ')}).`,
      )
    }
    const left = f.rec.capacity - sum
    if (left > 0) warnings.push(`${f.rec.name}: the nominal quotas sum to ${sum} of ${f.rec.capacity} accelerators; ${left} ${left === 1 ? 'is' : 'are'} in no team's quota and only reachable by borrowing.`)
  }
  withLimits(queues, flavors, floor, new Set())
  const fixed = new Set<string>()
  for (const e of queueEdits.filter((x) => x.target.field !== 'nominalQuota')) {
    const q = entry(e.target)
    const field = e.target.field as 'lendingLimit' | 'borrowingLimit'
    record(e, q[field])
    q[field] = wholeNumber(e)
    if (field === 'lendingLimit' && q.lendingLimit > q.nominalQuota) bad(`The lending limit of team ${e.target.team} on ${e.target.flavor} (${q.lendingLimit}) cannot exceed its nominal quota (${q.nominalQuota}).`)
    fixed.add(queueKey(e.target.team, e.target.flavor, field))
  }
  withLimits(queues, flavors, floor, fixed)

  const quotas = buildResourceQuotas(queues, flavors)
  for (const e of of('resource-quota')) {
    const rq = quotas.find((q) => q.team === e.target.team) ?? bad(`The plan has no team "${e.target.team}".`)
    const key = `requests.${e.target.resource}`
    if (!(key in rq.hard)) bad(`Team ${e.target.team}'s ResourceQuota has no ${key} (it has ${Object.keys(rq.hard).join(', ')}).`)
    record(e, rq.hard[key]!)
    rq.hard[key] = wholeNumber(e)
    const admitted = queues.find((q) => q.team === e.target.team)!.quotas.filter((x) => `requests.${x.resource}` === key).reduce((a, x) => a + x.nominalQuota, 0)
    if (rq.hard[key] < admitted) warnings.push(`Team ${e.target.team}: ResourceQuota ${key} = ${rq.hard[key]} is below its Kueue nominal quota (${admitted}); pods Kueue admits would be refused.`)
  }

  const auto = buildAutoscalers(snap, flavors, bands, queues, settings)
  warnings.push(...auto.warnings)
  for (const e of of('autoscaler')) {
    const a = auto.autoscalers.find((x) => x.name === e.target.name) ?? bad(`The plan has no autoscaler "${e.target.name}".`)
    const f = e.target.field
    record(e, a[f])
    if (f === 'minReplicas' || f === 'maxReplicas') a[f] = wholeNumber(e, f === 'minReplicas' && settings.autoscaler === 'hpa' ? 1 : 0)
    else if (f === 'targetRpsPerReplica') a.targetRpsPerReplica = positive(e)
    else if (f === 'target') {
      a.target = text(e)
      if (dnsLabel(a.target, 253) !== a.target) bad(`"${a.target}" is not a Deployment name (lower-case letters, digits and '-').`)
      a.query = fillQuery(settings.requestRateQuery, a.namespace, a.target)
    } else a.query = text(e)
    if (a.minReplicas > a.maxReplicas) bad(`Autoscaler ${a.name}: minReplicas (${a.minReplicas}) cannot exceed maxReplicas (${a.maxReplicas}).`)
  }

  const capacity = buildNodePools(flavors, settings)
  for (const e of of('node-pool')) {
    const n = capacity.nodePools.find((x) => x.name === e.target.name) ?? bad(`The plan has no NodePool "${e.target.name}".`)
    record(e, n[e.target.field])
    if (e.target.field === 'weight') {
      n.weight = wholeNumber(e, 1)
      if (n.weight > 100) bad('A Karpenter NodePool weight is between 1 and 100.')
    } else {
      n.limit = wholeNumber(e)
      const flavor = flavors.find((f) => f.rec.name === n.name)
      if (flavor && n.limit < flavor.rec.capacity) warnings.push(`NodePool ${n.name}: limit ${n.limit} is below the plan's ${flavor.rec.capacity} accelerators; Kueue quotas assume all of them.`)
    }
  }

  const budgets = buildBudgets(snap, flavors, bands, queues, settings)
  for (const e of of('budget')) {
    const b = budgets.find((x) => x.team === e.target.team) ?? bad(`The plan has no team "${e.target.team}".`)
    record(e, b[e.target.field])
    b[e.target.field] = positive(e)
    if (b.warningUsdPerHour > b.criticalUsdPerHour) bad(`Team ${b.team}: the warning threshold ($${b.warningUsdPerHour}/h) cannot be above the critical one ($${b.criticalUsdPerHour}/h).`)
  }

  return {
    version: 1,
    cluster: opts.cluster,
    settings,
    kueue: {
      cohort: COHORT,
      flavors: flavors.map((f) => f.rec),
      queues,
      reasoning: {
        text: `One cohort (${COHORT}) holds every team's ClusterQueue, so quota a team does not use can be borrowed by the others and reclaimed by preemption (reclaimWithinCohort: Any) when its owner needs it back. Nominal quotas are sized at each team's median forecast demand — the guaranteed share covers a typical day — the rest of the capacity follows each team's headroom up to the 97.5th percentile (the upper end of the 95 % band), and a team may borrow what the others do not use. The fairness floor (${floor}) is kept out of lending, so every team can always reach that share of its median demand. Quotas cover accelerators only: add cpu and memory to the resource groups, or exclude them in Kueue's configuration (resources.excludeResourcePrefixes), or Kueue will not admit pods that request them.`,
        inputs: [
          { label: 'demand bands', value: [...new Set(bands.map((b) => b.source.split(':')[0]))].join('; ') },
          { label: 'fairness floor', value: String(floor) },
          { label: 'flavors', value: flavors.map((f) => `${f.rec.name} (${f.rec.capacity})`).join(', ') },
        ],
      },
    },
    quotas,
    autoscaling: auto.autoscalers,
    nodePools: capacity.nodePools,
    onPrem: capacity.elsewhere,
    budgets,
    edits: done,
    warnings,
  }
}

export const COHORT = 'fleetplan-accelerators'
