/**
 * Everything an export writes that takes CPU: the cluster's manifests (validated against their schemas),
 * plan.json, plan.md and report.html (ECharts server-side rendering). A pure function of the plan and the
 * previous plan's figures, imported on first use (plan-export.ts imports its types only, so the schema and
 * chart libraries load when a plan is first rendered, not at start-up).
 */
import type { PlanFigures } from '../../shared/plan-types'
import type { Plan } from '../../shared/types'
import { planMarkdown } from '../report/fleet-markdown'
import { planHtml } from '../report/plan-html'
import { planJson } from '../report/plan-json'
import { CLUSTER_GENERATORS, clusterManifests, renderClusterFolder, type ClusterFile, type RenderedFile } from './manifests/generators'
import { crdDir, ManifestValidator, type ManifestProblem } from './manifests/validate'

export interface RenderedPlan {
  problems: ManifestProblem[]
  /** The cluster folder's files (paths inside the folder); empty for a baseline plan. */
  cluster: RenderedFile[]
  planJson: string
  planMd: string
  reportHtml: string | null
}

let validator: ManifestValidator | null = null
/** The validator over the vendored CRDs (resources/crds), built once (schemas compile on first use). */
export function manifestValidator(): ManifestValidator {
  validator ??= new ManifestValidator(crdDir())
  return validator
}

/** `extra`: cluster files from outside the recommendations (the plan's cost policies). */
export function renderPlan(plan: Plan, previous: PlanFigures | null, extra: readonly ClusterFile[] = []): RenderedPlan {
  const v = manifestValidator()
  v.addConstraintTemplates(extra.filter((f) => f.object.kind === 'ConstraintTemplate').map((f) => f.object))
  const problems = clusterManifests(plan, CLUSTER_GENERATORS, extra).flatMap((f) => v.validate(f.object, f.path))
  const head = { planId: plan.id, planName: plan.name, approvedBy: plan.approval?.by ?? null, approvedAt: plan.approval?.at ?? null }
  return {
    problems,
    cluster: renderClusterFolder(plan, head, CLUSTER_GENERATORS, extra),
    planJson: planJson(plan),
    planMd: planMarkdown(plan, previous),
    reportHtml: plan.kind === 'fleet' ? planHtml(plan, previous) : null,
  }
}
