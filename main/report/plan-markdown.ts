import { moneyText } from '../../shared/money'
import type { Plan } from '../../shared/types'


/** plan.md: the same plan for a reviewer reading the pull request. */
export function baselineMarkdown(plan: Plan): string {
  const t = plan.totals!
  const s = plan.scenario!
  const cur = t.currency
  const lines = [
    `# ${plan.name}`,
    '',
    plan.description ? `${plan.description}\n` : '',
    `| | |`,
    `|---|---|`,
    `| Plan id | \`${plan.id}\` |`,
    `| Approved by | ${plan.approval?.by ?? '—'} |`,
    `| Approved at | ${plan.approval?.at ?? '—'} |`,
    `| Approval comment | ${(plan.approval?.comment ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    `| Content hash | \`${plan.approval?.contentHash ?? '—'}\` |`,
    '',
    '## Totals',
    '',
    `| Figure | Value |`,
    `|---|---:|`,
    `| Spend in basis period (${s.basis.start} → ${s.basis.end}, ${s.basis.days} days) | ${moneyText(t.basisCost, cur)} |`,
    `| Monthly run rate (30 days) | ${moneyText(t.monthlyRunRate, cur)} |`,
    `| Forecast, next ${s.horizonDays} days (growth ${s.growthPctPerMonth} %/month) | ${moneyText(t.forecastCost, cur)} |`,
    `| Forecast 80 % band (conservative: daily bands summed) | ${moneyText(t.forecastLo80, cur)} – ${moneyText(t.forecastHi80, cur)} |`,
    `| Accelerator spend in basis period | ${moneyText(s.acceleratorCost, cur)} |`,
    '',
    '## Spend by provider (basis period)',
    '',
    '| Provider | Cost |',
    '|---|---:|',
    ...s.costByProvider.map((r) => `| ${r.key} | ${moneyText(r.cost, cur)} |`),
    '',
    '## Top services (basis period)',
    '',
    '| Service | Cost |',
    '|---|---:|',
    ...s.costByService.map((r) => `| ${r.key} | ${moneyText(r.cost, cur)} |`),
    '',
    '## Scenario',
    '',
    s.forecastModel
      ? `Baseline: the spend seen in the workspace, carried forward with the quick daily forecast (${s.forecastModel}, chosen by a rolling-origin backtest among the seasonal-naive family and the seasonal profile).`
      : 'Baseline: the spend seen in the workspace, carried forward with a seasonal-naive (weekly) forecast.',
    '',
    '_Written by Fleetplan. plan.json holds the same plan in machine-readable form._',
    '',
  ]
  return lines.join('\n')
}
