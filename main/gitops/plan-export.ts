/**
 * An approved plan as files in a GitOps checkout, and the review diff against what the checkout holds:
 *
 *   <root>/plans/<date>-<slug>/{plan.md, plan.json, report.html}
 *   <root>/clusters/<cluster>/{kustomization.yaml, kueue/, quotas/, autoscaling/, karpenter/, alerts/}
 *
 * A manifest whose body is unchanged keeps the checkout's bytes (header included), so a newer plan for the
 * same cluster changes only the files that differ, and re-exporting an unchanged plan writes nothing.
 */
import { ApiError } from '../../shared/errors'
import { moneyText } from '../../shared/money'
import type { ManifestFileDiff, PlanDiff, PlanFigures } from '../../shared/plan-types'
import type { Plan, PlanExportResult } from '../../shared/types'
import { planMarkdown } from '../report/fleet-markdown'
import { planJson } from '../report/plan-json'
import { previousPlan, readCheckout, type CheckoutState } from './checkout'
import { commitOnNewBranch, type CommitFile } from './git-export'
import { removableBy, stillNeeded } from './cluster-ownership'
import { kustomization, renderClusterFolder, type ClusterFile, type RenderedFile } from './manifests/generators'
import { bodyOf, isGenerated, manifestFile, type HeaderInfo } from './manifests/stable-yaml'
import type { ManifestProblem } from './manifests/validate'
import type { RenderedPlan } from './plan-render'
import { unifiedDiff } from './text-diff'

export const DEFAULT_ROOT = 'fleetplan'

/** '' (the repository's top), or a relative folder without leading/trailing slashes; refuses `..`. */
export function normaliseRoot(root: string | undefined): string {
  const r = (root ?? DEFAULT_ROOT).trim().replace(/\\/g, '/').replace(/^\/+|\/+$/g, '')
  if (r === '.' || r === '') return ''
  if (r.split('/').some((seg) => seg === '..' || seg === '.' || seg === '' || seg === '.git')) {
    throw new ApiError({ code: 'invalid-input', message: `The export folder "${root}" must be a folder inside the checkout (no "..", "." or .git).` })
  }
  return r
}

const under = (root: string, path: string): string => (root ? `${root}/${path}` : path)

export function exportLocation(plan: Plan, root = DEFAULT_ROOT): { planDir: string; clusterDir: string; branch: string } {
  if (!plan.approval) throw new ApiError({ code: 'conflict', message: `Plan "${plan.name}" is not approved yet: approve it before exporting.` })
  const date = plan.approval.at.slice(0, 10)
  return { planDir: under(root, `plans/${date}-${plan.slug}`), clusterDir: under(root, `clusters/${plan.cluster}`), branch: `fleetplan/${date}-${plan.slug}` }
}

/** Refuses the export with each problem in a sentence. */
export function refuseInvalid(problems: ManifestProblem[]): void {
  if (problems.length) {
    throw new ApiError({
      code: 'conflict',
      message: `${problems.length} generated manifest${problems.length === 1 ? '' : 's'} would not be accepted by the cluster, so nothing was exported: ${problems
        .slice(0, 5)
        .map((p) => `${p.file}${p.field ? ` at ${p.field}` : ''}: ${p.message}`)
        .join('; ')}.`,
    })
  }
}

const headerOf = (plan: Plan): HeaderInfo => ({ planId: plan.id, planName: plan.name, approvedBy: plan.approval?.by ?? null, approvedAt: plan.approval?.at ?? null })

interface ClusterChanges {
  files: CommitFile[]
  remove: string[]
  diffs: ManifestFileDiff[]
  notes: string[]
}

/**
 * The cluster folder against the checkout: what to write, what to remove, and the per-file diff. Generated files
 * the plan no longer writes are removed only when a plan of its own kind wrote them (and no kept file needs
 * them); the others stay, listed in kustomization.yaml with the plan's own manifests.
 */
function clusterChanges(plan: Plan, renderedFiles: RenderedFile[], clusterDir: string, checkout: CheckoutState): ClusterChanges {
  const files: CommitFile[] = []
  const diffs: ManifestFileDiff[] = []
  const notes: string[] = []
  const wanted = new Set(renderedFiles.map((f) => f.path))
  const candidates = new Map<string, string>()
  const kept: string[] = []
  if (renderedFiles.length > 0) {
    for (const [path, content] of checkout.clusterFiles) {
      if (wanted.has(path)) continue
      if (!isGenerated(content)) notes.push(`${clusterDir}/${path} was not written by Fleetplan: it is kept as it is (and not listed in kustomization.yaml).`)
      else if (removableBy(plan, content, checkout.writers)) candidates.set(path, content)
      else kept.push(path)
    }
    for (const path of stillNeeded(candidates, kept.map((p) => checkout.clusterFiles.get(p) ?? ''))) {
      candidates.delete(path)
      kept.push(path)
    }
  }
  // What the other kind of plan wrote stays listed beside this plan's manifests.
  const rendered =
    kept.length === 0
      ? renderedFiles
      : renderedFiles.map((f) =>
          f.path === 'kustomization.yaml' ? { path: f.path, content: manifestFile(headerOf(plan), kustomization([...renderedFiles.filter((x) => x.path !== f.path).map((x) => x.path), ...kept])) } : f,
        )
  for (const f of rendered) {
    const old = checkout.clusterFiles.get(f.path)
    if (old !== undefined && bodyOf(old) === bodyOf(f.content)) {
      diffs.push({ path: f.path, change: 'unchanged', diff: '', added: 0, removed: 0 })
      continue
    }
    files.push({ path: `${clusterDir}/${f.path}`, content: f.content })
    const d = unifiedDiff(old ?? '', f.content, `${clusterDir}/${f.path}`)
    diffs.push({ path: f.path, change: old === undefined ? 'added' : 'changed', ...d })
  }
  const remove: string[] = []
  for (const [path, content] of candidates) {
    remove.push(`${clusterDir}/${path}`)
    diffs.push({ path, change: 'removed', ...unifiedDiff(content, '', `${clusterDir}/${path}`) })
  }
  diffs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { files, remove, diffs, notes }
}

export function figuresOfPlan(plan: Plan): PlanFigures {
  const sim = plan.fleet?.simulated ?? null
  return {
    planId: plan.id,
    name: plan.name,
    monthlyUsd: plan.fleet?.monthlyUsd ?? plan.totals?.monthlyRunRate ?? null,
    carbonTonnes: sim?.carbonTonnes.mean ?? null,
    jain: sim?.jain.mean ?? null,
    waitP95Hours: sim?.waitP95Hours.mean ?? null,
  }
}

const delta = (a: number | null, b: number | null | undefined): number | null => (a === null || b === null || b === undefined ? null : a - b)

/** The review diff: this plan (approved or not) against the plan the checkout holds for its cluster. */
export async function diffPlan(plan: Plan, repoPath: string, rootInput?: string, extra: readonly ClusterFile[] = []): Promise<PlanDiff> {
  const root = normaliseRoot(rootInput)
  const checkout = await readCheckout(repoPath, root, plan.cluster, plan.kind)
  const clusterDir = under(root, `clusters/${plan.cluster}`)
  const changes = clusterChanges(plan, renderClusterFolder(plan, headerOf(plan), undefined, extra), clusterDir, checkout)
  const proposed = figuresOfPlan(plan)
  const current = previousPlan(checkout, plan.id, plan.approval?.at ?? null)
  const notes = [...changes.notes]
  if (!checkout.head) notes.push('The repository has no commits yet: every file is new.')
  else if (!current) notes.push(`No Fleetplan plan for cluster ${plan.cluster} was found in ${under(root, 'plans/')} at HEAD: every file is new.`)
  return {
    repoPath: checkout.repo,
    root,
    cluster: plan.cluster,
    base: checkout.head,
    current,
    proposed,
    deltas: {
      monthlyUsd: delta(proposed.monthlyUsd, current?.monthlyUsd),
      carbonTonnes: delta(proposed.carbonTonnes, current?.carbonTonnes),
      jain: delta(proposed.jain, current?.jain),
      waitP95Hours: delta(proposed.waitP95Hours, current?.waitP95Hours),
    },
    files: changes.diffs,
    notes,
  }
}

const signed = (x: number, digits: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(digits)}`
const usd = (x: number, currency: string | null = 'USD'): string => moneyText(x, currency, 0)

export function commitMessage(plan: Plan, previous: PlanFigures | null, counts: { written: number; removed: number }): string {
  const a = plan.approval
  const f = plan.fleet
  const t = plan.totals
  const sim = f?.simulated ?? null
  const monthly = f?.monthlyUsd ?? t?.monthlyRunRate ?? null
  const vs = previous?.planId ? `vs plan ${previous.planId}` : f?.currentAcceleratorMonthlyUsd != null ? 'vs current accelerator spend' : null
  const before = previous?.monthlyUsd ?? (f ? f.currentAcceleratorMonthlyUsd : null)
  const costDelta = monthly !== null && before !== null && vs ? `${signed(monthly - before, 2)} USD/month (${vs})` : 'unknown (nothing to compare with)'
  const carbonDelta =
    sim && previous?.carbonTonnes != null ? `${signed(sim.carbonTonnes.mean - previous.carbonTonnes, 1)} tCO2e over the horizon (vs plan ${previous.planId})` : sim ? 'unknown (no earlier simulated plan)' : 'unknown (not simulated)'
  return [
    `fleetplan: plan "${plan.name}"${plan.kind === 'fleet' ? ` for cluster ${plan.cluster}` : ''}`,
    '',
    `Approved by ${a?.by ?? '?'} at ${a?.at ?? '?'}: ${a?.comment ?? ''}`,
    '',
    ...(f
      ? [
          `Fleet: ${f.accelerators} accelerators in ${f.pools} pools, ${usd(f.monthlyUsd)} per month (730 h)${previous?.monthlyUsd != null ? `, was ${usd(previous.monthlyUsd)} in plan ${previous.planId}` : ''}`,
          ...(sim ? [`Simulated over ${f.horizonDays} days: ${usd(sim.costUsd.mean)} (95 % CI ${usd(sim.costUsd.ci95[0])} - ${usd(sim.costUsd.ci95[1])}), ${sim.carbonTonnes.mean.toFixed(1)} tCO2e`] : []),
        ]
      : []),
    ...(t && plan.scenario
      ? [
          `Monthly run rate: ${usd(t.monthlyRunRate, t.currency)}`,
          `Forecast next ${plan.scenario.horizonDays} days: ${usd(t.forecastCost, t.currency)} (80 % band ${usd(t.forecastLo80, t.currency)} - ${usd(t.forecastHi80, t.currency)})`,
        ]
      : []),
    `Files: ${counts.written} written, ${counts.removed} removed`,
    '',
    `Plan-Id: ${plan.id}`,
    `Approved-By: ${a?.by ?? '?'}`,
    `Content-Hash: ${a?.contentHash ?? '?'}`,
    `Cost-Delta: ${costDelta}`,
    `Carbon-Delta: ${carbonDelta}`,
    '',
  ].join('\n')
}

/** Renders a plan's files. */
export type PlanRenderer = (plan: Plan, previous: PlanFigures | null, extra?: readonly ClusterFile[]) => Promise<RenderedPlan>

/**
 * On the calling thread, loading the schema and chart libraries on first use (not at start-up). Not in the
 * worker pool: the kubernetes-models validators do not load in a pool thread started with tsx's hooks (tests,
 * `tsx`), which would break every other job of that thread.
 */
export const renderInProcess: PlanRenderer = async (plan, previous, extra = []) =>
  // A baseline plan without policies has no manifests and no report: it never waits for those libraries.
  plan.kind === 'fleet' || extra.length > 0
    ? (await import('./plan-render')).renderPlan(plan, previous, extra)
    : { problems: [], cluster: [], planJson: planJson(plan), planMd: planMarkdown(plan, previous), reportHtml: null }

/** Exports an approved plan as one commit on a new branch of the user's checkout (nothing else is touched). */
export async function exportPlan(
  plan: Plan,
  repoPath: string,
  opts: { root?: string | undefined; now: () => Date; render?: PlanRenderer; extra?: readonly ClusterFile[] },
): Promise<Omit<PlanExportResult, 'superseded'>> {
  const root = normaliseRoot(opts.root)
  const { planDir, clusterDir, branch } = exportLocation(plan, root)
  const checkout = await readCheckout(repoPath, root, plan.cluster, plan.kind)
  const previous = previousPlan(checkout, plan.id, plan.approval?.at ?? null)
  const rendered = await (opts.render ?? renderInProcess)(plan, previous, opts.extra ?? [])
  refuseInvalid(rendered.problems)
  const changes = clusterChanges(plan, rendered.cluster, clusterDir, checkout)
  const files: CommitFile[] = [
    { path: `${planDir}/plan.json`, content: rendered.planJson },
    { path: `${planDir}/plan.md`, content: rendered.planMd },
    ...(rendered.reportHtml !== null ? [{ path: `${planDir}/report.html`, content: rendered.reportHtml }] : []),
    ...changes.files,
  ]
  const message = commitMessage(plan, previous, { written: files.length, removed: changes.remove.length })
  const r = await commitOnNewBranch({ repoPath: checkout.repo, branch, message, files, remove: changes.remove })
  return { repoPath: checkout.repo, branch: r.branch, commit: r.commit, at: opts.now().toISOString(), files: files.map((f) => f.path), removed: changes.remove, status: r.status }
}
