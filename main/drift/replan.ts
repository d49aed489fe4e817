/** Re-plan: a new draft from the workspace's current data with an earlier plan's settings and policies. */
import type { Plan } from '../../shared/types'
import type { Db } from '../db/open'
import { createPlan, getPlan } from '../plan/plans'
import { attachPolicy, planPolicies } from '../policy/attach'

export function replan(db: Db, planId: string, name: string | undefined, now: () => Date): Plan {
  const old = getPlan(db, planId)
  const date = now().toISOString().slice(0, 10)
  return db.transaction(() => {
    const plan = createPlan(
      db,
      {
        name: name ?? `${old.name} (re-plan ${date})`.slice(0, 120),
        description: `Re-plan of ${old.id} ("${old.name}") on ${date} with its settings: growth ${old.scenario.growthPctPerMonth} %/month, horizon ${old.scenario.horizonDays} days.${old.description ? `\n\n${old.description}` : ''}`.slice(0, 4000),
        growthPctPerMonth: old.scenario.growthPctPerMonth,
        horizonDays: old.scenario.horizonDays,
      },
      now,
    )
    for (const p of planPolicies(db, planId)) attachPolicy(db, plan.id, { doc: p.doc }, now)
    return getPlan(db, plan.id)
  })()
}
