/** ResourceQuota per team namespace: a backstop for pods that bypass Kueue, at most what Kueue could admit. */
import type { NamespaceQuotaRec, TeamQueueRec } from '../../shared/plan-types'

export const RESOURCE_QUOTA_NAME = 'fleetplan-accelerators'

export function buildResourceQuotas(queues: TeamQueueRec[]): NamespaceQuotaRec[] {
  return queues.map((q) => {
    const hard: Record<string, number> = {}
    const parts: { label: string; value: string }[] = []
    for (const e of q.quotas) {
      const key = `requests.${e.resource}`
      hard[key] = (hard[key] ?? 0) + e.nominalQuota + e.borrowingLimit
      parts.push({ label: `${e.flavor} (${e.resource})`, value: `${e.nominalQuota} nominal + ${e.borrowingLimit} borrowable` })
    }
    return {
      team: q.team,
      namespace: q.namespace,
      name: RESOURCE_QUOTA_NAME,
      hard,
      reasoning: {
        text: `The most accelerators Kueue can ever admit for ${q.team} (nominal quota + borrowing limit over every flavor of a resource): pods that skip the LocalQueue cannot take more than that. A resource at 0 forbids it in this namespace.`,
        inputs: parts,
        formula: 'hard[requests.<resource>] = Σ over flavors of that resource (nominalQuota + borrowingLimit)',
      },
    }
  })
}
