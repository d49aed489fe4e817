/**
 * `fleetplan plan create|submit|edit|approve|export|show|copy|list` — thin mappings onto the plan contract methods.
 */
import { stringFlags } from './args'
import { amountText, moneyText, signedMoneyText } from '../../shared/money'
import { resolve } from 'node:path'
import type { EditTarget, PlanDiff } from '../../shared/plan-types'
import type { Plan, PlanExportResult, PlanPreview } from '../../shared/types'
import { readJsonFile } from './scenario-command'

export const PLAN_USAGE = `  fleetplan plan create --name NAME [--scenario sc_…|FILE.json] [--cluster NAME] [--growth PCT] [--horizon DAYS] --workspace W [--json]
  fleetplan plan preview [--growth PCT] [--horizon DAYS] --workspace W [--json]
  fleetplan plan submit --plan ID [--by NAME] --workspace W [--json]
  fleetplan plan edit --plan ID (--quota TEAM:FLAVOR=N | --target JSON --value V) [--by NAME] --workspace W [--json]
  fleetplan plan approve --plan ID [--by NAME] --comment TEXT [--repo DIR] --workspace W [--json]
  fleetplan plan show --plan ID [--diff --repo DIR] [--root DIR] --workspace W [--json]
  fleetplan plan export --plan ID --repo DIR [--root DIR] --workspace W [--json]
  fleetplan plan copy --plan ID [--name NAME] [--by NAME] --workspace W [--json]
  fleetplan plan list --workspace W [--json]`

export const PLAN_OPTIONS = {
  ...stringFlags('cluster', 'root'),
  diff: { type: 'boolean' },
  ...stringFlags('quota', 'target', 'value'),
} as const

export class PlanUsageError extends Error {}

type Values = Record<string, string | boolean | undefined>
type Call = (name: string, input: unknown) => Promise<unknown>
type Out = (value: unknown, text: () => string) => void

const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined)
const money = (x: number): string => moneyText(x, 'USD', 0)
const signedMoney = (x: number): string => signedMoneyText(x, 'USD', 0)

function need(v: Values, ...keys: string[]): void {
  const missing = keys.filter((k) => !str(v, k))
  if (missing.length) throw new PlanUsageError(`this command needs ${missing.map((k) => `--${k}`).join(', ')}`)
}

/** `--quota TEAM:FLAVOR=N` → an edit of that team's nominal quota on that flavor. */
export function parseQuotaEdit(text: string): { target: EditTarget; value: number } {
  const m = /^(.+):([a-z0-9.-]+)=(\d+)$/.exec(text.trim())
  if (!m) throw new PlanUsageError(`--quota is TEAM:FLAVOR=N (e.g. research:h100-aws-reserved=12), got "${text}"`)
  return { target: { kind: 'queue', team: m[1]!, flavor: m[2]!, field: 'nominalQuota' }, value: Number(m[3]) }
}

function summary(p: Plan): string {
  const lines = [`${p.id}  ${p.status}  "${p.name}"  cluster ${p.cluster}  ${p.contentHash}`]
  if (p.fleet) {
    const f = p.fleet
    lines.push(`  fleet: ${f.accelerators} accelerators in ${f.pools} pools, ${money(f.monthlyUsd)}/month (730 h), ${money(f.horizonUsd)} over ${f.horizonDays} days`)
    if (f.simulated) lines.push(`  simulated: ${money(f.simulated.costUsd.mean)} over the horizon, ${f.simulated.carbonTonnes.mean.toFixed(1)} tCO2e, Jain ${f.simulated.jain.mean.toFixed(3)}, p95 wait ${f.simulated.waitP95Hours.mean.toFixed(1)} h`)
    else lines.push('  simulated: no (the scenario was not simulated before the plan was made)')
  }
  if (p.totals && p.scenario) lines.push(`  spend: run rate ${money(p.totals.monthlyRunRate)}/month, forecast ${money(p.totals.forecastCost)} over ${p.scenario.horizonDays} days`)
  const r = p.recommendations
  if (r) {
    lines.push(`  Kueue: ${r.kueue.flavors.length} flavors, ${r.kueue.queues.length} ClusterQueues in cohort ${r.kueue.cohort}`)
    for (const q of r.kueue.queues) lines.push(`    ${q.team} (${q.namespace}): ${q.quotas.map((e) => `${e.flavor} ${e.nominalQuota}`).join(', ')}`)
    lines.push(`  autoscalers ${r.autoscaling.length}, NodePools ${r.nodePools.length}, outside Karpenter ${r.onPrem.length}, budgets ${r.budgets.length}, review edits ${r.edits.length}`)
    for (const w of r.warnings) lines.push(`  warning: ${w}`)
  }
  if (p.approval) lines.push(`  approved by ${p.approval.by} at ${p.approval.at}: ${p.approval.comment}`)
  return lines.join('\n')
}

function describeDiff(d: PlanDiff): string {
  const cur = d.current
  const lines = [
    `review diff of cluster ${d.cluster} against ${d.repoPath}${d.base ? ` at ${d.base.slice(0, 12)}` : ' (no commits)'}: ${cur ? `plan ${cur.planId ?? '?'} "${cur.name ?? ''}"` : 'no plan exported yet'}`,
  ]
  if (d.deltas.monthlyUsd !== null) lines.push(`  cost: ${signedMoney(d.deltas.monthlyUsd)}/month`)
  if (d.deltas.carbonTonnes !== null) lines.push(`  carbon: ${d.deltas.carbonTonnes >= 0 ? '+' : ''}${d.deltas.carbonTonnes.toFixed(1)} tCO2e over the horizon`)
  if (d.deltas.jain !== null) lines.push(`  fairness (Jain): ${d.deltas.jain >= 0 ? '+' : ''}${d.deltas.jain.toFixed(3)}`)
  if (d.deltas.waitP95Hours !== null) lines.push(`  p95 wait: ${d.deltas.waitP95Hours >= 0 ? '+' : ''}${d.deltas.waitP95Hours.toFixed(1)} h`)
  const count = (c: string): number => d.files.filter((f) => f.change === c).length
  lines.push(`  files: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed, ${count('unchanged')} unchanged`)
  for (const n of d.notes) lines.push(`  note: ${n}`)
  for (const f of d.files.filter((x) => x.change !== 'unchanged')) lines.push('', f.diff.trimEnd())
  return lines.join('\n')
}

export async function planCommand(sub: string | undefined, v: Values, call: Call, out: Out): Promise<number> {
  const by = async (): Promise<string> => str(v, 'by') ?? ((await call('plan-identity', str(v, 'repo') ? { repoPath: resolve(str(v, 'repo')!) } : {})) as { name: string }).name
  switch (sub) {
    case 'create': {
      need(v, 'name')
      const scenario = str(v, 'scenario')
      const p = (await call('plan-create', {
        name: str(v, 'name'),
        ...(str(v, 'description') ? { description: str(v, 'description') } : {}),
        ...(str(v, 'growth') ? { growthPctPerMonth: Number(str(v, 'growth')) } : {}),
        ...(str(v, 'horizon') ? { horizonDays: Number(str(v, 'horizon')) } : {}),
        ...(str(v, 'cluster') ? { cluster: str(v, 'cluster') } : {}),
        ...(scenario ? (/^sc_[a-z0-9]+$/.test(scenario) ? { scenarioId: scenario } : { scenario: readJsonFile(scenario) }) : {}),
      })) as Plan
      out(p, () => `created plan (draft)\n${summary(p)}`)
      return 0
    }
    case 'preview': {
      const pv = (await call('plan-preview', {
        ...(str(v, 'growth') ? { growthPctPerMonth: Number(str(v, 'growth')) } : {}),
        ...(str(v, 'horizon') ? { horizonDays: Number(str(v, 'horizon')) } : {}),
      })) as PlanPreview
      out(pv, () =>
        [
          `run rate ${amountText(pv.totals.monthlyRunRate)}/month (last ${pv.scenario.runRateWindow?.days ?? pv.scenario.basis.days} days of data, all services)`,
          `forecast, first 30 days: ${amountText(pv.totals.forecastFirstMonth ?? pv.totals.monthlyRunRate)} (${pv.scenario.forecastModel})`,
          `projected spend over ${pv.scenario.horizonDays} days at ${pv.scenario.growthPctPerMonth} %/month: ${amountText(pv.totals.forecastCost)} (80 % band ${amountText(pv.totals.forecastLo80)} – ${amountText(pv.totals.forecastHi80)})`,
          `monthly spend at the horizon: ${amountText(pv.totals.monthlyRunRateAtHorizon ?? pv.totals.monthlyRunRate)}`,
        ].join('\n'),
      )
      return 0
    }
    case 'submit': {
      need(v, 'plan')
      const p = (await call('plan-submit', { id: str(v, 'plan'), by: await by() })) as Plan
      out(p, () => `submitted for review\n${summary(p)}`)
      return 0
    }
    case 'edit': {
      need(v, 'plan')
      let edit: { target: unknown; value: unknown }
      if (str(v, 'quota')) edit = parseQuotaEdit(str(v, 'quota')!)
      else if (str(v, 'target') && str(v, 'value') !== undefined) {
        let target: unknown
        try {
          target = JSON.parse(str(v, 'target')!) as unknown
        } catch {
          throw new PlanUsageError('--target must be JSON, e.g. {"kind":"node-pool","name":"h100-aws-spot","field":"weight"}')
        }
        const raw = str(v, 'value')!
        edit = { target, value: raw === 'null' ? null : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw }
      } else throw new PlanUsageError('plan edit needs --quota TEAM:FLAVOR=N, or --target JSON --value V')
      const p = (await call('plan-edit', { id: str(v, 'plan'), ...edit, by: await by() })) as Plan
      out(p, () => `edited\n${summary(p)}`)
      return 0
    }
    case 'approve': {
      need(v, 'plan', 'comment')
      const p = (await call('plan-approve', { id: str(v, 'plan'), by: await by(), comment: str(v, 'comment') })) as Plan
      out(p, () => `approved plan ${p.id} by ${p.approval?.by ?? ''} at ${p.approval?.at ?? ''} (${p.approval?.contentHash ?? ''})`)
      return 0
    }
    case 'export': {
      need(v, 'plan', 'repo')
      const r = (await call('plan-export', { id: str(v, 'plan'), repoPath: resolve(str(v, 'repo')!), ...(str(v, 'root') !== undefined ? { root: str(v, 'root') } : {}) })) as PlanExportResult
      out(r, () =>
        r.status === 'unchanged'
          ? `nothing to export: ${r.repoPath} already holds exactly this plan at ${r.commit} (no commit, no branch)`
          : `${r.status === 'exported' ? 'exported' : 'already exported'} to branch ${r.branch} at commit ${r.commit}\n  ${r.files.join('\n  ')}${r.removed.length ? `\n  removed: ${r.removed.join(', ')}` : ''}${r.superseded.length ? `\n  superseded: ${r.superseded.join(', ')}` : ''}`,
      )
      return 0
    }
    case 'show': {
      need(v, 'plan')
      const p = (await call('plan-get', { id: str(v, 'plan') })) as Plan
      if (v.diff === true) {
        need(v, 'repo')
        const d = (await call('plan-diff', { id: p.id, repoPath: resolve(str(v, 'repo')!), ...(str(v, 'root') !== undefined ? { root: str(v, 'root') } : {}) })) as PlanDiff
        out({ plan: p, diff: d }, () => `${summary(p)}\n\n${describeDiff(d)}`)
        return 0
      }
      out(p, () => summary(p))
      return 0
    }
    case 'copy': {
      need(v, 'plan')
      const p = (await call('plan-copy', { id: str(v, 'plan'), ...(str(v, 'name') ? { name: str(v, 'name') } : {}), by: await by() })) as Plan
      out(p, () => `copied into a new draft\n${summary(p)}`)
      return 0
    }
    case 'list': {
      const plans = (await call('plan-list', {})) as Plan[]
      out(plans, () => plans.map((p) => `${p.id}\t${p.status}\t${p.kind}\t${p.cluster}\t${p.name}`).join('\n') || 'no plans')
      return 0
    }
    default:
      throw new PlanUsageError('plan supports: create, preview, submit, edit, approve, show, export, copy, list')
  }
}
