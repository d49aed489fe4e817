/**
 * Autoscaling for inference streams: a KEDA ScaledObject with a Prometheus trigger on the request rate (or an
 * HPA on a per-pod request-rate metric), replicas bounded by the stream's demand band on the accelerator it
 * mostly runs on, and the scaling threshold from that accelerator's per-replica throughput.
 */
import type { AutoscalerRec, PlanSnapshot, RecommendSettings, TeamQueueRec } from '../../shared/plan-types'
import { routeStream, type StreamBand } from './demand'
import type { Flavor } from './kueue'
import { dnsLabel, fmt } from './names'

export function fillQuery(template: string, namespace: string, deployment: string): string {
  return template.replaceAll('{namespace}', namespace).replaceAll('{deployment}', deployment)
}

export function buildAutoscalers(
  snap: PlanSnapshot,
  flavors: Flavor[],
  bands: StreamBand[],
  queues: TeamQueueRec[],
  settings: RecommendSettings,
): { autoscalers: AutoscalerRec[]; warnings: string[] } {
  const warnings: string[] = []
  const autoscalers: AutoscalerRec[] = []
  const flavorOfPool = new Map(flavors.flatMap((f) => f.pools.map((p) => [p, f] as const)))
  for (const b of bands) {
    const cls = snap.workloadClasses.find((c) => c.id === b.workloadClass)
    if (!cls || cls.training) continue
    const r = routeStream(snap, b)
    const byType = new Map<string, number>()
    for (const [i, share] of r.shares) {
      const acc = snap.pools[i]!.accelerator
      byType.set(acc, (byType.get(acc) ?? 0) + share)
    }
    const best = [...byType.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]
    if (!best) {
      warnings.push(`${b.team} / ${b.workloadClass}: no accelerator in the fleet can serve it, so no autoscaler is proposed.`)
      continue
    }
    const [accelerator, share] = best
    const pool = snap.pools.find((p) => p.accelerator === accelerator)!
    const flavorNames = new Set([...r.shares.keys()].map((i) => snap.pools[i]!).filter((p) => p.accelerator === accelerator).map((p) => flavorOfPool.get(p)?.rec.name))
    const thr = pool.throughput[b.workloadClass] ?? 1
    const per = 1
    const team = queues.find((q) => q.team === b.team)
    const namespace = team?.namespace ?? dnsLabel(b.team)
    const cap = team ? team.quotas.filter((e) => flavorNames.has(e.flavor)).reduce((a, e) => a + e.nominalQuota + e.borrowingLimit, 0) : Infinity
    const lo = (b.band.lo95 * share) / thr
    const hi = (b.band.hi95 * share) / thr
    const minReplicas = Math.max(1, Math.ceil(lo / per - 1e-9))
    const wanted = Math.max(minReplicas, Math.ceil(hi / per - 1e-9))
    const maxReplicas = Math.max(minReplicas, Math.min(wanted, Math.floor(cap / per)))
    if (maxReplicas < wanted) warnings.push(`${b.team} / ${b.workloadClass}: the 97.5th percentile needs ${wanted} replicas but the team's Kueue quota on ${accelerator} admits ${Math.floor(cap / per)}; maxReplicas is capped there.`)
    const name = dnsLabel(`${b.team}-${b.workloadClass}`)
    const rps = Math.round(settings.h100RequestsPerSecond * thr * per * settings.targetUtilisation * 100) / 100
    autoscalers.push({
      name,
      team: b.team,
      namespace,
      workloadClass: b.workloadClass,
      engine: settings.autoscaler,
      target: name,
      accelerator,
      resource: flavors.find((f) => f.rec.accelerator === accelerator)?.rec.resource ?? 'nvidia.com/gpu',
      acceleratorsPerReplica: per,
      minReplicas,
      maxReplicas,
      targetRpsPerReplica: rps,
      query: fillQuery(settings.requestRateQuery, namespace, name),
      serverAddress: settings.prometheusUrl,
      reasoning: {
        text: `${fmt(share * 100, 0)} % of ${b.team}'s ${b.workloadClass} demand runs on ${accelerator} (${r.how}). Its 95 % band is ${fmt(lo)}–${fmt(hi)} ${accelerator}: replicas ${minReplicas}–${maxReplicas} of ${per} accelerator each. One replica serves ${fmt(rps, 2)} requests/s: ${settings.h100RequestsPerSecond} req/s per H100 × ${fmt(thr, 2)} relative throughput × ${fmt(settings.targetUtilisation * 100, 0)} % target utilisation.`,
        inputs: [
          { label: 'band source', value: b.source },
          { label: '2.5th / 97.5th percentile (H100-eq)', value: `${fmt(b.band.lo95, 2)} / ${fmt(b.band.hi95, 2)}` },
          { label: `relative throughput of ${accelerator}`, value: fmt(thr, 2) },
          { label: "team's Kueue quota on it (nominal + borrowable)", value: Number.isFinite(cap) ? String(cap) : '—' },
        ],
        formula: 'min = max(1, ⌈p2.5 × share ÷ throughput⌉); max = min(⌈p97.5 × share ÷ throughput⌉, quota); threshold = req/s per H100 × throughput × utilisation',
      },
    })
  }
  if (autoscalers.length > 0 && settings.h100RequestsPerSecond === DEFAULT_H100_RPS) {
    warnings.push(`Autoscaling thresholds use the default ${DEFAULT_H100_RPS} requests/s per H100: set the rate your inference servers sustain at your latency target (settings → requests per second per H100).`)
  }
  return { autoscalers, warnings }
}

export const DEFAULT_H100_RPS = 10
