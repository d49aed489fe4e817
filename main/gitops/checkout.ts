/**
 * What a checkout already holds, read from its committed files at HEAD (never from the workspace): the files
 * of a cluster folder and the plan last exported for that cluster. Read-only: nothing here writes to Git.
 */
import type { PlanFigures, PlanKind } from '../../shared/plan-types'
import { openCheckout } from './git-export'

export interface CheckoutState {
  repo: string
  /** HEAD's commit, null in a repository without commits. */
  head: string | null
  /** Committed files of `<root>/clusters/<cluster>/`, keyed by their path inside that folder. */
  clusterFiles: Map<string, string>
  /** Plans exported for this cluster (`<root>/plans/*\/plan.json`), oldest approval first, with their figures. */
  plans: { figures: PlanFigures; approvedAt: string }[]
  /** The kind of every plan in `<root>/plans/`, by id: who wrote a generated file (its header names the plan). */
  writers: Map<string, PlanKind>
}

/**
 * The plan a given plan follows: the newest one in the checkout approved before it (any, for a plan not yet
 * approved), never itself — so re-exporting a plan after its branch was merged yields the same files.
 */
export function previousPlan(state: CheckoutState, planId: string, approvedAt: string | null): PlanFigures | null {
  const before = state.plans.filter((p) => p.figures.planId !== planId && (approvedAt === null || p.approvedAt <= approvedAt))
  return before.at(-1)?.figures ?? null
}

interface PlanJsonShape {
  id?: string
  name?: string
  kind?: PlanKind
  cluster?: string
  totals?: { monthlyRunRate?: number } | null
  fleet?: { monthlyUsd?: number; simulated?: { carbonTonnes?: { mean?: number }; jain?: { mean?: number }; waitP95Hours?: { mean?: number } } | null } | null
  approval?: { at?: string } | null
}

export function figuresOf(p: PlanJsonShape): PlanFigures {
  const sim = p.fleet?.simulated ?? null
  return {
    planId: p.id ?? null,
    name: p.name ?? null,
    monthlyUsd: p.fleet?.monthlyUsd ?? p.totals?.monthlyRunRate ?? null,
    carbonTonnes: sim?.carbonTonnes?.mean ?? null,
    jain: sim?.jain?.mean ?? null,
    waitP95Hours: sim?.waitP95Hours?.mean ?? null,
  }
}

export async function readCheckout(repoPath: string, root: string, cluster: string, kind: PlanKind = 'fleet'): Promise<CheckoutState> {
  const { repo, git } = await openCheckout(repoPath)
  let head: string | null = null
  try {
    head = (await git.raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim() || null
  } catch {
    head = null
  }
  const clusterFiles = new Map<string, string>()
  if (!head) return { repo, head, clusterFiles, plans: [], writers: new Map() }
  const prefix = `${root}/clusters/${cluster}/`
  const list = async (path: string): Promise<string[]> =>
    (await git.raw(['ls-tree', '-r', '--name-only', head, '--', path]))
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
  for (const path of await list(prefix)) clusterFiles.set(path.slice(prefix.length), await git.show([`${head}:${path}`]))
  const plans: CheckoutState['plans'] = []
  const writers = new Map<string, PlanKind>()
  for (const path of (await list(`${root}/plans/`)).filter((p) => /\/plan\.json$/.test(p))) {
    let p: PlanJsonShape
    try {
      p = JSON.parse(await git.show([`${head}:${path}`])) as PlanJsonShape
    } catch {
      continue // not a Fleetplan file, or not JSON: not a plan
    }
    const pKind = p.kind ?? 'baseline'
    if (p.id) writers.set(p.id, pKind)
    if (pKind !== kind || (kind === 'fleet' && p.cluster !== cluster)) continue
    plans.push({ figures: figuresOf(p), approvedAt: p.approval?.at ?? '' })
  }
  plans.sort((a, b) => (a.approvedAt < b.approvedAt ? -1 : a.approvedAt > b.approvedAt ? 1 : 0))
  return { repo, head, clusterFiles, plans, writers }
}
