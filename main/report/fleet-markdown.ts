/** plan.md of a fleet plan: the decision, its figures, and every recommendation with the reasoning behind it. */
import { amountText, moneyText } from '../../shared/money'
import type { PlanFigures, Reasoning } from '../../shared/plan-types'
import type { Plan } from '../../shared/types'
import { describeTarget } from '../recommend'
import { baselineMarkdown } from './plan-markdown'

const usd = (x: number, digits = 0): string => moneyText(x, 'USD', digits)
const num = amountText
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``

function why(r: Reasoning): string[] {
  return [
    `> ${cell(r.text)}`,
    ...(r.formula ? ['>', `> Formula: ${code(r.formula)}`] : []),
    ...(r.inputs.length ? ['>', ...r.inputs.map((i) => `> - ${cell(i.label)}: ${cell(i.value)}`)] : []),
    '',
  ]
}

export function planMarkdown(plan: Plan, previous: PlanFigures | null = null): string {
  if (plan.kind === 'baseline' || !plan.snapshot || !plan.recommendations || !plan.fleet) return baselineMarkdown(plan)
  const snap = plan.snapshot
  const r = plan.recommendations
  const f = plan.fleet
  const sim = f.simulated
  const a = plan.approval
  const lines: string[] = [
    `# ${plan.name}`,
    '',
    ...(plan.description ? [plan.description, ''] : []),
    '| | |',
    '|---|---|',
    `| Plan id | ${code(plan.id)} |`,
    `| Cluster | ${code(plan.cluster)} |`,
    `| Approved by | ${a ? cell(a.by) : '—'} |`,
    `| Approved at | ${a?.at ?? '—'} |`,
    `| Approval comment | ${a ? cell(a.comment) : '—'} |`,
    `| Content hash | ${code(plan.approval?.contentHash ?? plan.contentHash)} |`,
    `| Scenario | ${cell(snap.scenario.name)} (${snap.scenario.basis ?? 'variant'}${snap.scenario.id ? `, ${code(snap.scenario.id)}` : ''}) |`,
    `| Simulation run | ${sim ? `${code(sim.runId)}, ${sim.paths} paths` : 'none: the scenario was not simulated'} |`,
    `| Optimization run | ${snap.optimization ? `${code(snap.optimization.runId)} (${snap.optimization.kind})` : 'none'} |`,
    `| Demand from | ${snap.forecast ? `forecast run #${snap.forecast.runId} (${snap.forecast.speed}, ${snap.forecast.horizon} days)` : "the scenario's demand model (history × growth)"} |`,
    // Cost policies attached in review (signed with the plan, exported under policies/), and any frozen with the scenario.
    `| Attached policies | ${[...plan.policies.map((p) => p.name), ...snap.policies.map((p) => p.name)].map(cell).join(', ') || 'none'} |`,
    '',
    '## Totals',
    '',
    '| Figure | Value |',
    '|---|---:|',
    `| Fleet | ${f.accelerators} accelerators in ${f.pools} pools |`,
    `| Fleet price per month (730 h) | ${usd(f.monthlyUsd)} |`,
    `| Fleet price over the horizon (${num(f.horizonDays, 0)} days) | ${usd(f.horizonUsd)} |`,
    ...(sim
      ? [
          `| Simulated cost over the horizon (mean, 95 % CI; 5–95 % of paths) | ${usd(sim.costUsd.mean)} (${usd(sim.costUsd.ci95[0])} – ${usd(sim.costUsd.ci95[1])}; ${usd(sim.costUsd.p05)} – ${usd(sim.costUsd.p95)}) |`,
          `| Carbon over the horizon | ${num(sim.carbonTonnes.mean)} tCO2e |`,
          `| Fairness (Jain's index over teams) | ${num(sim.jain.mean, 3)} |`,
          `| Queue wait p95 | ${num(sim.waitP95Hours.mean)} h |`,
          `| Utilisation | ${num(sim.utilisation.mean * 100)} % |`,
        ]
      : []),
    ...(f.currentAcceleratorMonthlyUsd !== null ? [`| Current accelerator spend per month (730 h; billing: run rate of the last 30 days${f.currentAcceleratorRunRateUsd != null ? `, ${usd(f.currentAcceleratorRunRateUsd)} per 30 days` : ''}) | ${usd(f.currentAcceleratorMonthlyUsd)} |`] : []),
    ...(previous?.monthlyUsd != null ? [`| Previous plan in this checkout (${code(previous.planId ?? '?')}) per month | ${usd(previous.monthlyUsd)} (change ${previous.monthlyUsd <= f.monthlyUsd ? '+' : '−'}${usd(Math.abs(f.monthlyUsd - previous.monthlyUsd))}) |`] : []),
    '',
    `_${f.basis}_`,
    '',
    '## Fleet',
    '',
    '| Accelerator | Provider / region | Option | Count | $/accelerator-hour | Price source |',
    '|---|---|---|---:|---:|---|',
    ...snap.pools.map((p) => `| ${p.accelerator} | ${p.provider}/${p.region} | ${p.option} | ${p.count} | ${num(p.usdPerAccelHour, 3)} | ${cell(p.priceSource)} |`),
    '',
    '## Kueue',
    '',
    ...why(r.kueue.reasoning),
    '### ResourceFlavors',
    '',
    '| Flavor | Resource | Capacity | Node labels | Check on your nodes |',
    '|---|---|---:|---|---|',
    ...r.kueue.flavors.map(
      (fl) =>
        `| ${code(fl.name)} | ${code(fl.resource)} | ${fl.capacity} | ${Object.entries(fl.nodeLabels)
          .map(([k, v]) => code(`${k}=${v}`))
          .join('<br>')} | ${fl.verify.length ? fl.verify.map(cell).join('<br>') : '—'} |`,
    ),
    '',
    '### Quotas per team (cohort ' + code(r.kueue.cohort) + ')',
    '',
    `| Team | Namespace | ${r.kueue.flavors.map((fl) => code(fl.name)).join(' | ')} |`,
    `|---|---|${r.kueue.flavors.map(() => '---:').join('|')}|`,
    ...r.kueue.queues.map((q) => `| ${cell(q.team)} | ${code(q.namespace)} | ${q.quotas.map((e) => `${e.nominalQuota} (lend ${e.lendingLimit}, borrow ${e.borrowingLimit})`).join(' | ')} |`),
    '',
    'Each cell: nominal quota (at most lent, at most borrowed). Per flavor the nominal quotas sum to its capacity.',
    '',
    ...r.kueue.queues.flatMap((q) => [
      `#### ${q.team}`,
      '',
      ...q.quotas.filter((e) => e.nominalQuota > 0 || e.demandP50 > 0).flatMap((e) => [`**${e.flavor}**: nominal ${e.nominalQuota}, lending ${e.lendingLimit}, borrowing ${e.borrowingLimit}`, '', ...why(e.reasoning)]),
    ]),
    '## ResourceQuotas',
    '',
    '| Namespace | Hard limits |',
    '|---|---|',
    ...r.quotas.map((q) => `| ${code(q.namespace)} | ${Object.entries(q.hard).map(([k, v]) => code(`${k}: ${v}`)).join('<br>')} |`),
    '',
    ...(r.quotas[0] ? why(r.quotas[0].reasoning) : []),
    '## Autoscaling',
    '',
    ...(r.autoscaling.length
      ? [
          '| Autoscaler | Engine | Target | Accelerator | Replicas | req/s per replica |',
          '|---|---|---|---|---:|---:|',
          ...r.autoscaling.map((x) => `| ${code(`${x.namespace}/${x.name}`)} | ${x.engine} | ${code(x.target)} | ${x.accelerator} | ${x.minReplicas}–${x.maxReplicas} | ${num(x.targetRpsPerReplica, 2)} |`),
          '',
          ...r.autoscaling.flatMap((x) => [`**${x.name}**: query ${code(x.query)}`, '', ...why(x.reasoning)]),
        ]
      : ['No inference streams in the plan: no autoscalers.', '']),
    '## Capacity',
    '',
    ...(r.nodePools.length
      ? [
          '### Karpenter NodePools',
          '',
          '| NodePool | Capacity type | Limit | Weight | Node class |',
          '|---|---|---:|---:|---|',
          ...r.nodePools.map((n) => `| ${code(n.name)} | ${n.capacityType} | ${n.limit} ${code(n.resource)} | ${n.weight} | ${code(`${n.nodeClassRef.kind}/${n.nodeClassRef.name}`)} |`),
          '',
          ...r.nodePools.flatMap((n) => why(n.reasoning)),
        ]
      : []),
    ...(r.onPrem.length
      ? [
          '### Capacity outside Karpenter (on-prem and clouds without a Karpenter provider)',
          '',
          '| Accelerator | Region | Count | Resource | Kueue flavor |',
          '|---|---|---:|---|---|',
          ...r.onPrem.map((o) => `| ${o.accelerator} | ${o.region} | ${o.count} | ${code(o.resource)} | ${code(o.flavor)} |`),
          '',
          ...r.onPrem.flatMap((o) => why(o.reasoning)),
        ]
      : []),
    '## Budgets',
    '',
    '| Team | Namespace | Median / month | 80 % upper band / month | 95 % upper band / month | Warning above | Critical above |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...r.budgets.map(
      (b) =>
        `| ${cell(b.team)} | ${code(b.namespace)} | ${usd(b.monthlyP50Usd)} | ${usd(b.monthlyHi80Usd)} | ${usd(b.monthlyHi95Usd)} | ${usd(b.warningUsdPerHour, 2)}/h for 2 h | ${usd(b.criticalUsdPerHour, 2)}/h for 30 min |`,
    ),
    '',
    ...(r.budgets[0] ? [`Spend rate: ${code(r.budgets[0].spendRateExpr.replace(r.budgets[0].namespace, '<namespace>'))}`, '', ...why(r.budgets[0].reasoning)] : []),
    '## Review',
    '',
    ...(r.edits.length
      ? ['Figures changed by reviewers (signed with the plan):', '', ...r.edits.map((e) => `- ${cell(describeTarget(e.target))}: ${String(e.derived)} → **${String(e.value)}** (${cell(e.by)}, ${e.at})`), '']
      : ['No figure was changed in review.', '']),
    ...(r.warnings.length ? ['Warnings:', '', ...r.warnings.map((w) => `- ${cell(w)}`), ''] : []),
    '_Written by Fleetplan. plan.json holds the signed plan; report.html the same for finance, with charts._',
    '',
  ]
  return lines.join('\n')
}
