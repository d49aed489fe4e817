import { ApiError } from '../../shared/errors'
import { moneyText } from '../../shared/money'
import type { Plan, PlanExportResult } from '../../shared/types'
import { planJson, planMarkdown } from '../plan/plan-report'
import { commitOnNewBranch } from './git-export'


export function exportLocation(plan: Plan): { dir: string; branch: string } {
  if (!plan.approval) throw new ApiError({ code: 'conflict', message: `Plan "${plan.name}" is not approved yet: approve it before exporting.` })
  const date = plan.approval.at.slice(0, 10)
  return { dir: `fleetplan/plans/${date}-${plan.slug}`, branch: `fleetplan/${date}-${plan.slug}` }
}

export function commitMessage(plan: Plan): string {
  const t = plan.totals
  const a = plan.approval
  return [
    `fleetplan: plan "${plan.name}"`,
    '',
    `Approved by ${a?.by ?? '?'} at ${a?.at ?? '?'}: ${a?.comment ?? ''}`,
    '',
    `Monthly run rate: ${moneyText(t.monthlyRunRate, t.currency)}`,
    `Forecast next ${plan.scenario.horizonDays} days: ${moneyText(t.forecastCost, t.currency)} (80 % band ${moneyText(t.forecastLo80, t.currency)} – ${moneyText(t.forecastHi80, t.currency)})`,
    '',
    `Plan-Id: ${plan.id}`,
    `Approved-By: ${a?.by ?? '?'}`,
    `Content-Hash: ${a?.contentHash ?? '?'}`,
    '',
  ].join('\n')
}

/** Exports an approved plan as a commit on a new branch of the user's checkout. */
export async function exportPlan(plan: Plan, repoPath: string, now: () => Date): Promise<PlanExportResult> {
  const { dir, branch } = exportLocation(plan)
  const files = [
    { path: `${dir}/plan.json`, content: planJson(plan) },
    { path: `${dir}/plan.md`, content: planMarkdown(plan) },
  ]
  const r = await commitOnNewBranch({ repoPath, branch, message: commitMessage(plan), files })
  return { repoPath, branch: r.branch, commit: r.commit, at: now().toISOString(), files: files.map((f) => f.path), status: r.status }
}
