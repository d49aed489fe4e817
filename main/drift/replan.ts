/** Re-plan: a new draft from the workspace's current data with an earlier plan's settings and policies. */
import type { Plan } from '../../shared/types'
import type { Db } from '../db/open'
import { createPlan, getPlan } from '../plan/plans'
import { attachPolicy, planPolicies } from '../policy/attach'

export function replan(db: Db, planId: string, name: string | undefined, now: () => Date): Plan {
  const old = getPlan(db, planId)
  const date = now().toISOString().slice(0, 10)
  const growth = old.scenario?.growthPctPerMonth ?? 0
  const horizon = old.scenario?.horizonDays ?? old.fleet?.horizonDays ?? 30
  // A fleet plan's decision is re-made from its scenario (frozen in the plan) on today's data.
  const scenario = old.kind === 'fleet' && old.snapshot ? { scenario: old.snapshot.scenario } : {}
  const settings = old.kind === 'fleet' ? `its scenario "${old.snapshot?.scenario.name ?? '?'}", cluster ${old.cluster}` : `growth ${growth} %/month, horizon ${horizon} days`
  return db.transaction(() => {
    const plan = createPlan(
      db,
      {
        name: name ?? `${old.name} (re-plan ${date})`.slice(0, 120),
        description: `Re-plan of ${old.id} ("${old.name}") on ${date} with its settings: ${settings}.${old.description ? `\n\n${old.description}` : ''}`.slice(0, 4000),
        growthPctPerMonth: growth,
        horizonDays: horizon,
        cluster: old.cluster,
        ...scenario,
      },
      now,
    )
    for (const p of planPolicies(db, planId)) attachPolicy(db, plan.id, { doc: p.doc }, now)
    return getPlan(db, plan.id)
  })()
}
