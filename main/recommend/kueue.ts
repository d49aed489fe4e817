/**
 * Kueue from a plan: a ResourceFlavor per accelerator type × provider × capacity type with the node labels those
 * nodes really carry, a ClusterQueue per team in one cohort, a LocalQueue per team namespace.
 *
 * Quotas: the nominal quotas of each flavor sum to its capacity in the plan's fleet, exactly. Each team first
 * gets ⌈floor × median demand⌉ (the fairness floor, guaranteed: not lendable), then the rest of the capacity
 * is shared in proportion to what the team still needs up to its median, then to its headroom (97.5th
 * percentile − median). A team may borrow whatever the others may lend: lent quota is reclaimed by preemption
 * when its owner needs it, so borrowing never eats into a guarantee, and the flavor's total stays its capacity.
 */
import type { FlavorRec, FrozenPool, PlanSnapshot, QueueQuotaRec, TeamQueueRec } from '../../shared/plan-types'
import { apportion, routeStream, type StreamBand } from './demand'
import { CAPACITY_TYPE_LABEL, KARPENTER_NODE_CLASS, REGION_LABEL, capacityTypeOf, deviceOf } from './devices'
import { dnsLabel, fmt } from './names'

export interface Flavor {
  rec: FlavorRec
  pools: FrozenPool[]
  /** Count-weighted price per accelerator-hour (on-prem energy at full power included). */
  usdPerAccelHour: number
}

export const LOCAL_QUEUE = 'accelerators'

export function buildFlavors(snap: PlanSnapshot): Flavor[] {
  const groups = new Map<string, FrozenPool[]>()
  for (const p of snap.pools) {
    if (p.count <= 0) continue
    const key = `${p.accelerator}|${p.provider}|${capacityTypeOf(p.option)}`
    groups.set(key, [...(groups.get(key) ?? []), p])
  }
  const flavors = [...groups.values()].map((pools): Flavor => {
    const p0 = pools[0]!
    const cap = capacityTypeOf(p0.option)
    const dev = deviceOf(p0.accelerator)
    const capacity = pools.reduce((a, p) => a + p.count, 0)
    const regions = [...new Set(pools.map((p) => p.region))]
    const accel = p0.provider === 'gcp' ? (dev.gke ?? dev.product) : p0.provider === 'aws' ? (dev.aws ?? dev.product) : dev.product
    const labels: Record<string, string> = {}
    const verify: string[] = []
    const why: string[] = []
    if (accel) {
      labels[accel.key] = accel.value
      if (dev.verify.includes(accel.key)) verify.push(accel.key)
      why.push(`${accel.key} is set by ${accel.key.startsWith('cloud.google.com') ? 'GKE' : accel.key.startsWith('karpenter.k8s.aws') ? "Karpenter's AWS provider" : 'the vendor device plugin / feature discovery'}`)
    }
    const karpenter = cap !== 'on-prem' && KARPENTER_NODE_CLASS[p0.provider]
    if (karpenter) {
      labels[CAPACITY_TYPE_LABEL] = cap
      why.push(`${CAPACITY_TYPE_LABEL} is set by Karpenter on the nodes of the NodePool below`)
    }
    if (regions.length === 1) {
      labels[REGION_LABEL] = regions[0]!
      if (cap === 'on-prem' || !karpenter) {
        verify.push(REGION_LABEL)
        why.push(`${REGION_LABEL} must be set on these nodes by your provisioning (no cloud provider sets it here)`)
      }
    }
    for (const v of dev.verify) if (v.includes(' ')) verify.push(v)
    const name = cap === 'on-prem' ? dnsLabel(`${p0.accelerator}-on-prem`) : dnsLabel(`${p0.accelerator}-${p0.provider}-${cap}`)
    const usdPerAccelHour =
      pools.reduce((a, p) => a + p.count * (p.usdPerAccelHour + (p.option === 'on-prem' ? (p.tdpW / 1000) * p.pue * p.electricityUsdPerKwh : 0)), 0) / Math.max(1, capacity)
    return {
      pools,
      usdPerAccelHour,
      rec: {
        name,
        accelerator: p0.accelerator,
        provider: p0.provider,
        option: p0.option,
        capacityType: cap,
        resource: dev.resource,
        capacity,
        nodeLabels: labels,
        tolerations: [{ key: dev.resource, operator: 'Exists', effect: 'NoSchedule' }],
        verify,
        reasoning: {
          text: `${capacity} × ${p0.acceleratorName} (${p0.provider}, ${pools.map((p) => p.option).join(' + ')}) in the plan's fleet. ${why.join('; ')}. Pods admitted to this flavor tolerate the ${dev.resource}:NoSchedule taint accelerator nodes carry.`,
          inputs: pools.map((p) => ({ label: `${p.accelerator} ${p.provider}/${p.region} ${p.option}`, value: `${p.count} accelerators` })),
        },
      },
    }
  })
  return flavors.sort((a, b) => a.rec.name.localeCompare(b.rec.name))
}

/** Accelerators of each flavor a team needs at the median and at the 97.5th percentile of its demand. */
export interface TeamNeed {
  p50: number
  hi95: number
  /** How each of the team's streams reaches this flavor, for the reasoning. */
  streams: string[]
}

export function teamNeeds(snap: PlanSnapshot, flavors: Flavor[], bands: StreamBand[]): Map<string, Map<string, TeamNeed>> {
  const out = new Map<string, Map<string, TeamNeed>>()
  const flavorOfPool = new Map<FrozenPool, Flavor>()
  for (const f of flavors) for (const p of f.pools) flavorOfPool.set(p, f)
  for (const b of bands) {
    const byFlavor = out.get(b.team) ?? new Map<string, TeamNeed>()
    out.set(b.team, byFlavor)
    const r = routeStream(snap, b)
    for (const [i, share] of r.shares) {
      const pool = snap.pools[i]!
      const f = flavorOfPool.get(pool)
      const thr = pool.throughput[b.workloadClass] ?? 0
      if (!f || thr <= 0 || share <= 0) continue
      const n = byFlavor.get(f.rec.name) ?? { p50: 0, hi95: 0, streams: [] }
      n.p50 += (b.band.p50 * share) / thr
      n.hi95 += (b.band.hi95 * share) / thr
      n.streams.push(`${b.workloadClass}: ${fmt(share * 100, 0)} % of its demand via ${r.how}, throughput ${fmt(thr, 2)} × H100`)
      byFlavor.set(f.rec.name, n)
    }
  }
  return out
}

const ceil = (x: number): number => Math.ceil(x - 1e-9)

/** Nominal quotas of one flavor: floor guarantees first, then median needs, then headroom; Σ = capacity. */
export function sizeFlavor(capacity: number, needs: { p50: number; hi95: number }[], floor: number): { quotas: number[]; short: boolean } {
  const guarantee = needs.map((n) => ceil(floor * n.p50))
  const g = guarantee.reduce((a, b) => a + b, 0)
  if (g > capacity) return { quotas: apportion(capacity, needs.map((n) => n.p50)), short: true }
  const toMedian = needs.map((n, i) => Math.max(0, n.p50 - guarantee[i]!))
  const medianGap = toMedian.reduce((a, b) => a + b, 0)
  const spare = capacity - g
  let weights: number[]
  if (medianGap >= spare) weights = toMedian
  else {
    // Everyone's median fits: the rest follows the headroom of the 95 % band (then, if none, the medians).
    const rest = spare - medianGap
    const head = needs.map((n) => Math.max(0, n.hi95 - n.p50))
    const h = head.reduce((a, b) => a + b, 0)
    const p = needs.reduce((a, n) => a + n.p50, 0)
    weights = toMedian.map((m, i) => m + rest * (h > 0 ? head[i]! / h : p > 0 ? needs[i]!.p50 / p : 1 / needs.length))
  }
  const extra = apportion(spare, weights)
  return { quotas: guarantee.map((x, i) => x + extra[i]!), short: false }
}

/** Lending keeps the floor's share unlendable; borrowing may use whatever the other teams may lend. */
export function limitsFor(quota: number, need: { p50: number }, floor: number, lendableByOthers: number): { lendingLimit: number; borrowingLimit: number; guaranteed: number } {
  const guaranteed = Math.min(quota, ceil(floor * need.p50))
  return { guaranteed, lendingLimit: quota - guaranteed, borrowingLimit: lendableByOthers }
}

/** Nominal quotas per team and flavor (limits are filled in by `withLimits`, after any review edits). */
export function buildQueues(
  snap: PlanSnapshot,
  flavors: Flavor[],
  needs: Map<string, Map<string, TeamNeed>>,
  namespaces: Map<string, string>,
): { queues: TeamQueueRec[]; warnings: string[] } {
  const floor = snap.scenario.policy.fairnessFloor
  const teams = [...needs.keys()].sort()
  const warnings: string[] = []
  const quota = new Map<string, number[]>()
  for (const f of flavors) {
    const n = teams.map((t) => needs.get(t)?.get(f.rec.name) ?? { p50: 0, hi95: 0 })
    const sized = sizeFlavor(f.rec.capacity, n, floor)
    if (sized.short) {
      warnings.push(
        `${f.rec.name}: ${f.rec.capacity} accelerators cannot give every team ${fmt(floor * 100, 0)} % of its median demand (${fmt(n.reduce((a, x) => a + x.p50, 0))} needed): quotas follow the medians and nothing is lendable.`,
      )
    }
    if (n.every((x) => x.p50 === 0)) warnings.push(`${f.rec.name}: no team's demand runs on it (memory, training support or the optimizer's allocation): its quota is split evenly.`)
    quota.set(f.rec.name, sized.quotas)
  }
  const queues = teams.map((team, ti): TeamQueueRec => {
    const ns = namespaces.get(team) ?? dnsLabel(team)
    return {
      team,
      namespace: ns,
      clusterQueue: ns,
      localQueue: LOCAL_QUEUE,
      quotas: flavors.map((f): QueueQuotaRec => {
        const need = needs.get(team)?.get(f.rec.name)
        return {
          flavor: f.rec.name,
          resource: f.rec.resource,
          nominalQuota: quota.get(f.rec.name)![ti]!,
          borrowingLimit: 0,
          borrowingCapped: false,
          lendingLimit: 0,
          demandP50: round3(need?.p50 ?? 0),
          demandHi95: round3(need?.hi95 ?? 0),
          reasoning: { text: '', inputs: need ? need.streams.map((s) => ({ label: 'routing', value: s })) : [] },
        }
      }),
      reasoning: {
        text: `ClusterQueue ${ns} for team ${team}, in the cohort with every other team so idle quota can be borrowed; LocalQueue ${LOCAL_QUEUE} in namespace ${ns} (jobs set the label kueue.x-k8s.io/queue-name: ${LOCAL_QUEUE}).`,
        inputs: [{ label: 'namespace', value: ns }],
      },
    }
  })
  return { queues, warnings }
}

export const queueKey = (team: string, flavor: string, field: string): string => `${team}\u0000${flavor}\u0000${field}`

/**
 * Lending and borrowing limits from the (possibly edited) nominal quotas; limits a reviewer set by hand
 * (`fixed`, keyed by queueKey) are kept. Lending first, because borrowing is bounded by what others lend.
 */
export function withLimits(queues: TeamQueueRec[], flavors: Flavor[], floor: number, fixed: Set<string>): void {
  for (const q of queues) {
    for (const e of q.quotas) {
      if (!fixed.has(queueKey(q.team, e.flavor, 'lendingLimit'))) e.lendingLimit = limitsFor(e.nominalQuota, { p50: e.demandP50 }, floor, 0).lendingLimit
    }
  }
  for (const q of queues) {
    for (const e of q.quotas) {
      const f = flavors.find((x) => x.rec.name === e.flavor)!
      const others = queues.reduce((a, o) => (o === q ? a : a + (o.quotas.find((x) => x.flavor === e.flavor)?.lendingLimit ?? 0)), 0)
      const l = limitsFor(e.nominalQuota, { p50: e.demandP50 }, floor, others)
      if (!fixed.has(queueKey(q.team, e.flavor, 'borrowingLimit'))) e.borrowingLimit = l.borrowingLimit
      // Kueue without a borrowingLimit lets a queue borrow whatever the cohort lends: writing the same figure
      // would only make every team's file change whenever one team's quota moves.
      e.borrowingCapped = e.borrowingLimit < others
      const guaranteed = e.nominalQuota - e.lendingLimit
      const routing = e.reasoning.inputs.filter((i) => i.label === 'routing')
      e.reasoning = {
        text:
          e.demandP50 > 0
            ? `Median demand ${fmt(e.demandP50)} and 97.5th percentile ${fmt(e.demandHi95)} ${f.rec.accelerator} on this flavor. ${guaranteed} are guaranteed (at least ⌈${fmt(floor * 100, 0)} % fairness floor × median⌉ = ${l.guaranteed}) and never lent; the other ${e.lendingLimit} may be lent to the cohort. ${e.borrowingCapped ? `Borrowing is capped at ${e.borrowingLimit} by review (the others may lend ${others}).` : `It may borrow what the other teams may lend (${others} now; no borrowingLimit is written, so it follows their quotas).`} Lent quota returns to its owner by preemption.`
            : `No demand of this team runs on ${f.rec.name}: its quota (${e.nominalQuota}) is what the other teams' shares left, all of it lendable.`,
        inputs: [
          { label: 'capacity of the flavor', value: `${f.rec.capacity}` },
          { label: 'median demand (accelerators)', value: fmt(e.demandP50, 2) },
          { label: '97.5th percentile demand', value: fmt(e.demandHi95, 2) },
          { label: 'fairness floor', value: fmt(floor, 2) },
          ...routing,
        ],
        formula: 'guaranteed = min(quota, ⌈floor × p50⌉); lendingLimit = quota − guaranteed; borrowing ≤ Σ other teams’ lendingLimit',
      }
    }
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000
