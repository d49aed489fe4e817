/**
 * A plan's cost policies export inside the plan's GitOps layout: `fleetplan/clusters/<the plan's cluster>/policies/…`,
 * listed in that cluster's kustomization.yaml beside the plan's other manifests. The exported commit renders with
 * the real `kubectl kustomize` (/usr/bin/kubectl), and every rendered resource validates against the schemas the
 * GitOps export uses — the CRDs the app ships and, to prove those are the real ones, the kit's originals
 * (Gatekeeper's ConstraintTemplate CRD; each Constraint against the CRD Gatekeeper would generate from its
 * template; ValidatingAdmissionPolicy, its binding, ConfigMap and Namespace through kubernetes-models).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { renderPlan } from '../../main/gitops/plan-render'
import { ManifestValidator } from '../../main/gitops/manifests/validate'
import { emitPolicyFiles } from '../../main/policy/emit'
import { validateManifest } from '../../main/policy/validate'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { git, userCheckout } from '../helpers/git'
import { fixturePlan } from '../helpers/plan-fixtures'
import { examplePolicyDocs } from '../helpers/policy-examples'
import { FOCUS_SAMPLE, KIT_DATA, REPO_ROOT, tempDir } from '../helpers/tmp'

const KUBECTL = '/usr/bin/kubectl'

type Obj = Record<string, unknown>
const id = (o: Obj): string => `${String(o.kind)}/${String((o.metadata as { name: string }).name)}`

/** Validators over the shipped CRDs and the kit's, each told about the ConstraintTemplates among `objects`. */
function validators(objects: Obj[]): ManifestValidator[] {
  const templates = objects.filter((o) => o.kind === 'ConstraintTemplate')
  return [join(REPO_ROOT, 'resources', 'crds'), join(KIT_DATA, 'k8s-crds')].map((dir) => {
    const v = new ManifestValidator(dir)
    v.addConstraintTemplates(templates)
    return v
  })
}

/** Every policy kind emitted, valid under both validators and the policy engine's own closed-parameter check. */
function expectValid(objects: Obj[]): void {
  for (const v of validators(objects)) for (const o of objects) expect(v.validate(o, id(o)), id(o)).toEqual([])
  for (const o of objects.filter((x) => String(x.apiVersion).includes('gatekeeper') || String(x.apiVersion).startsWith('admissionregistration'))) {
    expect(validateManifest(o), id(o)).toEqual([])
  }
}

let t: TestBackend | undefined
afterEach(async () => t?.close())

describe('policies in the plan export', () => {
  it('export under the plan’s cluster, render with kubectl kustomize, and validate — every policy kind', async () => {
    t = await emptyBackend()
    await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    const draft = await t.call('plan-create', { name: 'Guardrails east', cluster: 'gpu-east' })
    for (const doc of examplePolicyDocs()) await t.call('plan-policy-attach', { planId: draft.id, doc })
    await t.call('plan-submit', { id: draft.id, by: 'Sam Author' })
    const plan = await t.call('plan-approve', { id: draft.id, by: 'Dana Planner', comment: 'Guardrails reviewed.' })
    // The approval signs the attached policies.
    expect(plan.policies.map((p) => p.name).sort()).toEqual(examplePolicyDocs().map((d) => d.name).sort())

    const { repo } = userCheckout(t.dir)
    const r = await t.call('plan-export', { id: plan.id, repoPath: repo })
    expect(r.status).toBe('exported')
    const cluster = 'fleetplan/clusters/gpu-east'
    expect(r.files.filter((f) => f.startsWith(`${cluster}/policies/`)).length).toBeGreaterThan(10)
    expect(r.files.every((f) => f.startsWith('fleetplan/plans/') || f.startsWith(`${cluster}/`))).toBe(true)
    // plan.json carries the signed policies: the hash recomputes from the file.
    const planJson = JSON.parse(git(repo, 'show', `${r.commit}:${r.files.find((f) => f.endsWith('plan.json'))}`)) as { policies: { name: string }[] }
    expect(planJson.policies.map((p) => p.name).sort()).toEqual(plan.policies.map((p) => p.name).sort())

    // The commit as a GitOps controller would read it.
    const out = tempDir()
    try {
      for (const f of r.files) {
        mkdirSync(dirname(join(out.dir, f)), { recursive: true })
        writeFileSync(join(out.dir, f), git(repo, 'show', `${r.commit}:${f}`))
      }
      const kustomization = parse(readFileSync(join(out.dir, cluster, 'kustomization.yaml'), 'utf8')) as { resources: string[] }
      const listed = r.files.filter((f) => f.startsWith(`${cluster}/`) && !f.endsWith('kustomization.yaml')).map((f) => f.slice(cluster.length + 1))
      expect([...kustomization.resources].sort()).toEqual(listed.sort())
      const rendered = parseAllDocuments(execFileSync(KUBECTL, ['kustomize', join(out.dir, cluster)], { encoding: 'utf8' })).map((d) => d.toJS() as Obj)
      expect(rendered).toHaveLength(listed.length)
      expect([...new Set(rendered.map((o) => `${String(o.apiVersion)}/${String(o.kind)}`))].filter((k) => !k.startsWith('constraints.')).sort()).toEqual([
        'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
        'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
        'templates.gatekeeper.sh/v1/ConstraintTemplate',
        'v1/ConfigMap',
        'v1/Namespace',
      ])
      // One ConstraintTemplate and one Constraint kind per rule kind (the examples use all five).
      expect(rendered.filter((o) => o.kind === 'ConstraintTemplate')).toHaveLength(5)
      expect(new Set(rendered.filter((o) => o.apiVersion === 'constraints.gatekeeper.sh/v1beta1').map((o) => o.kind)).size).toBe(5)
      expectValid(rendered)
      // The exported commit keeps the Argo CD ordering: templates (wave -1) before their Constraints (wave 0),
      // which also skip the dry run while their kind does not exist yet.
      const ann = (o: Obj): Record<string, string> => (o.metadata as { annotations?: Record<string, string> }).annotations ?? {}
      for (const o of rendered.filter((x) => x.kind === 'ConstraintTemplate')) expect(ann(o)['argocd.argoproj.io/sync-wave'], id(o)).toBe('-1')
      for (const o of rendered.filter((x) => x.apiVersion === 'constraints.gatekeeper.sh/v1beta1')) {
        expect(ann(o)['argocd.argoproj.io/sync-wave'], id(o)).toBe('0')
        expect(ann(o)['argocd.argoproj.io/sync-options'], id(o)).toBe('SkipDryRunOnMissingResource=true')
      }
      // Kustomize keeps the CEL exactly as emitted.
      const vap = rendered.find((o) => id(o) === 'ValidatingAdmissionPolicy/fleetplan-gpu-cost-guardrails-pods')
      expect(JSON.stringify(vap)).toContain('variables.accelerators')
    } finally {
      out.cleanup()
    }
  })

  it('sit beside a fleet plan’s Kueue, quota and Karpenter manifests in one kustomization', () => {
    const plan = { ...fixturePlan('mixed-cloud', { cluster: 'prod' }), policies: [] }
    const facts = { prices: { H100: 10.98, H200: 10.85, MI300X: 8.4 }, namespaceTeams: { research: 'research' }, monthToDateUsd: { research: 1234.5 }, asOf: '2024-09-30T00:00:00Z' }
    const extra = emitPolicyFiles(examplePolicyDocs(), facts).flatMap((f) => (f.object ? [{ path: f.path, object: f.object as Obj & { apiVersion: string; kind: string; metadata: { name: string } } }] : []))
    const r = renderPlan(plan, null, extra)
    expect(r.problems).toEqual([])
    const out = tempDir()
    try {
      for (const f of r.cluster) {
        mkdirSync(dirname(join(out.dir, f.path)), { recursive: true })
        writeFileSync(join(out.dir, f.path), f.content)
      }
      const rendered = parseAllDocuments(execFileSync(KUBECTL, ['kustomize', out.dir], { encoding: 'utf8' })).map((d) => d.toJS() as Obj)
      const kinds = new Set(rendered.map((o) => String(o.kind)))
      for (const k of ['ClusterQueue', 'ResourceQuota', 'NodePool', 'ValidatingAdmissionPolicy', 'ConstraintTemplate']) expect(kinds.has(k), k).toBe(true)
      expect(rendered).toHaveLength(r.cluster.length - 1)
      expectValid(rendered)
    } finally {
      out.cleanup()
    }
  })

  it('refuses an export whose Constraint parameters the template would prune', () => {
    const plan = { ...fixturePlan('mixed-cloud', { cluster: 'prod' }), policies: [] }
    const facts = { prices: { H100: 10.98 }, namespaceTeams: {}, monthToDateUsd: {}, asOf: '2024-09-30T00:00:00Z' }
    const extra = emitPolicyFiles(examplePolicyDocs(), facts).flatMap((f) => (f.object ? [{ path: f.path, object: structuredClone(f.object) as Obj & { apiVersion: string; kind: string; metadata: { name: string } } }] : []))
    const constraint = extra.find((f) => f.object.apiVersion === 'constraints.gatekeeper.sh/v1beta1')
    ;((constraint?.object.spec as Obj).parameters as Obj).unknownKnob = 1
    const r = renderPlan(plan, null, extra)
    expect(r.problems.map((p) => `${p.file} ${p.field} ${p.message}`).join('\n')).toMatch(/parameters.*must NOT have additional properties/)
  })
})
