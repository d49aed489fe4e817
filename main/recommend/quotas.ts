/**
 * ResourceQuota per team namespace: a backstop for pods that bypass Kueue. A namespace may request at most the
 * resource's capacity minus what the other teams are guaranteed (their unlendable quota), so no pod, queued or
 * not, can take capacity another team was promised. It moves only when capacity or a guarantee moves, not with
 * every quota edit.
 */
import type { NamespaceQuotaRec, TeamQueueRec } from '../../shared/plan-types'
import type { Flavor } from './kueue'

export const RESOURCE_QUOTA_NAME = 'fleetplan-accelerators'

export function buildResourceQuotas(queues: TeamQueueRec[], flavors: Flavor[]): NamespaceQuotaRec[] {
  const guaranteed = (q: TeamQueueRec, flavor: string): number => {
    const e = q.quotas.find((x) => x.flavor === flavor)
    return e ? e.nominalQuota - e.lendingLimit : 0
  }
  return queues.map((q) => {
    const hard: Record<string, number> = {}
    const parts: { label: string; value: string }[] = []
    for (const f of flavors) {
      const key = `requests.${f.rec.resource}`
      const others = queues.reduce((a, o) => (o === q ? a : a + guaranteed(o, f.rec.name)), 0)
      hard[key] = (hard[key] ?? 0) + Math.max(0, f.rec.capacity - others)
      parts.push({ label: `${f.rec.name} (${f.rec.resource})`, value: `${f.rec.capacity} capacity − ${others} guaranteed to other teams` })
    }
    return {
      team: q.team,
      namespace: q.namespace,
      name: RESOURCE_QUOTA_NAME,
      hard,
      reasoning: {
        text: `At most the capacity of each resource minus what the other teams are guaranteed (their quota that is never lent): pods of ${q.team} that skip the LocalQueue cannot take capacity promised to another team. Kueue admits less than this (nominal quota + what others lend).`,
        inputs: parts,
        formula: 'hard[requests.<resource>] = Σ flavors of that resource (capacity − Σ other teams’ (nominalQuota − lendingLimit))',
      },
    }
  })
}
