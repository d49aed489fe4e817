/**
 * The emitted manifests validate against their real schemas (kubernetes-models for the core kinds, the
 * vendored Gatekeeper CRD, each template's parameter schema), and validation catches broken ones; the export
 * is stable; the Rego templates are fixed; no validation reads the object's name (the replay relies on it).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { policyDocSchema, RULE_KINDS, type PolicyDoc } from '../../../shared/policy-schema'
import type { PolicyFacts } from '../../../shared/policy-types'
import { emitPolicy, emitPolicyFiles } from '../../../main/policy/emit'
import { celValidations, celVariables } from '../../../main/policy/emit/cel'
import { validateManifest } from '../../../main/policy/validate'
import { REPO_ROOT } from '../../helpers/tmp'

const FACTS: PolicyFacts = {
  prices: { H100: 10.98, A100: 3.32, MI300X: 8.4 },
  namespaceTeams: { assistant: 'assistant', 'vision-batch': 'vision' },
  monthToDateUsd: { vision: 61234.56, assistant: 12.5 },
  asOf: '2024-09-30T00:00:00.000Z',
}

const examplesDir = join(REPO_ROOT, 'resources', 'examples')
const examples: { file: string; doc: PolicyDoc }[] = readdirSync(examplesDir)
  .filter((f) => /^policy-.*\.json$/.test(f))
  .map((file) => ({ file, doc: policyDocSchema.parse(JSON.parse(readFileSync(join(examplesDir, file), 'utf8'))) }))

const everyKind = policyDocSchema.parse({
  name: 'every-kind',
  engines: ['validating-admission-policy', 'gatekeeper'],
  rules: [
    { kind: 'max-hourly-cost', id: 'cost', maxUsdPerHour: 80, perTeam: [{ team: 'vision', maxUsdPerHour: 40 }], prices: { H100: 9 }, cpuUsdPerCoreHour: 0.04, memoryUsdPerGiBHour: 0.005 },
    { kind: 'allowed-accelerators', id: 'types', allowed: ['H100'], perTeam: [{ team: 'vision', allowed: ['A100'] }], perNamespace: [{ namespace: 'research', allowed: ['MI300X'] }] },
    { kind: 'required-labels', id: 'labels', labels: ['team', 'example.com/cost-center'] },
    { kind: 'max-accelerators', id: 'size', max: 8, perTeam: [{ team: 'assistant', max: 16 }] },
    { kind: 'budget-ceiling', id: 'budget', budgets: [{ team: 'vision', monthlyUsd: 50000 }], thresholdPct: 90 },
  ],
})

const objectOf = (files: ReturnType<typeof emitPolicyFiles>, suffix: string): Record<string, unknown> => {
  const f = files.find((x) => x.path.endsWith(suffix))
  if (!f?.object) throw new Error(`no ${suffix}`)
  return structuredClone(f.object)
}

describe('policy emission', () => {
  it('ships example policies, each valid and covering every rule kind between them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3)
    const kinds = new Set(examples.flatMap((e) => e.doc.rules.map((r) => r.kind)))
    for (const k of RULE_KINDS.filter((k) => k !== 'allowed-accelerators' && k !== 'budget-ceiling')) expect(kinds.has(k), k).toBe(true)
    for (const e of examples) {
      const r = emitPolicy(e.doc, FACTS)
      expect(r.problems, e.file).toEqual([])
      expect(r.files.at(-1)?.path).toBe('policies/kustomization.yaml')
    }
  })

  it('validates every kind it emits, for both engines', () => {
    const r = emitPolicy(everyKind, FACTS)
    expect(r.problems).toEqual([])
    const kinds = r.files.filter((f) => f.object).map((f) => String(f.object?.kind))
    expect(new Set(kinds)).toEqual(
      new Set([
        'Namespace',
        'ConfigMap',
        'ValidatingAdmissionPolicy',
        'ValidatingAdmissionPolicyBinding',
        'ConstraintTemplate',
        'FleetplanMaxHourlyCost',
        'FleetplanAllowedAccelerators',
        'FleetplanRequiredLabels',
        'FleetplanMaxAccelerators',
        'FleetplanBudgetCeiling',
      ]),
    )
    // Each file holds one resource, and its text is the object.
    for (const f of r.files.filter((x) => x.object)) expect(parse(f.text)).toEqual(f.object)
  })

  it('catches broken manifests: wrong types, missing fields, unknown or mistyped parameters', () => {
    const files = emitPolicyFiles([everyKind], FACTS)
    const vap = objectOf(files, 'validatingadmissionpolicy-pods.yaml') as { spec: Record<string, unknown> }
    vap.spec.failurePolicy = 'Sometimes'
    expect(validateManifest(vap).join()).toMatch(/failurePolicy/)

    const binding = objectOf(files, 'validatingadmissionpolicybinding-pods.yaml') as { spec: Record<string, unknown> }
    binding.spec.validationActions = 'Deny'
    expect(validateManifest(binding).join()).toMatch(/validationActions/)

    const cm = objectOf(files, 'params.configmap.yaml') as { data: Record<string, unknown> }
    cm.data['size.max.vision'] = 16
    expect(validateManifest(cm).join()).toMatch(/data/)

    const template = objectOf(files, 'fleetplanmaxaccelerators.yaml') as { spec: { targets: Record<string, unknown>[]; crd: { spec: { names: Record<string, unknown> } } } }
    ;(template.spec.targets[0] as Record<string, unknown>).rego = 42
    expect(validateManifest(template).join()).toMatch(/rego/)
    const renamed = objectOf(files, 'fleetplanmaxaccelerators.yaml') as { metadata: { name: string } }
    renamed.metadata.name = 'other'
    expect(validateManifest(renamed).join()).toMatch(/lower-cased kind/)

    const size = objectOf(files, 'constraint-size.yaml') as { spec: { parameters: Record<string, unknown>; enforcementAction?: string } }
    size.spec.parameters.max = '8'
    expect(validateManifest(size).join()).toMatch(/parameters: \/max must be integer/)
    const extra = objectOf(files, 'constraint-size.yaml') as { spec: { parameters: Record<string, unknown> } }
    extra.spec.parameters.maxx = 8
    expect(validateManifest(extra).join()).toMatch(/additional properties/)
    const missing = objectOf(files, 'constraint-budget.yaml') as { spec: { parameters: Record<string, unknown> } }
    delete missing.spec.parameters.budgets
    expect(validateManifest(missing).join()).toMatch(/budgets/)
    const action = objectOf(files, 'constraint-cost.yaml') as { spec: Record<string, unknown> }
    action.spec.enforcementAction = 'block'
    expect(validateManifest(action).join()).toMatch(/enforcementAction/)
  })

  it('puts Gatekeeper templates in an earlier Argo CD sync wave than their Constraints, which skip the dry run', () => {
    const files = emitPolicyFiles([everyKind], FACTS).filter((f) => f.object && String(f.object.apiVersion).includes('gatekeeper'))
    const annotations = (o: Record<string, unknown> | null): Record<string, string> => ((o?.metadata as { annotations?: Record<string, string> }).annotations ?? {})
    const templates = files.filter((f) => f.object?.kind === 'ConstraintTemplate')
    const constraints = files.filter((f) => f.object?.apiVersion === 'constraints.gatekeeper.sh/v1beta1')
    expect(templates).toHaveLength(5)
    expect(constraints).toHaveLength(5)
    const waves = (fs: typeof files): number[] => fs.map((f) => Number(annotations(f.object)['argocd.argoproj.io/sync-wave']))
    // Argo CD applies a wave only once every resource of the waves before it is applied (and healthy).
    expect(waves(templates).every(Number.isInteger)).toBe(true)
    expect(waves(constraints).every(Number.isInteger)).toBe(true)
    expect(Math.max(...waves(templates))).toBeLessThan(Math.min(...waves(constraints)))
    for (const c of constraints) expect(annotations(c.object)['argocd.argoproj.io/sync-options'], c.path).toBe('SkipDryRunOnMissingResource=true')
    for (const t of templates) expect(annotations(t.object)['argocd.argoproj.io/sync-options'], t.path).toBeUndefined()
    // The VAP side needs no ordering (built-in kinds); it stays in the default wave.
    for (const f of emitPolicyFiles([everyKind], FACTS).filter((x) => x.object && !String(x.object.apiVersion).includes('gatekeeper'))) {
      expect(annotations(f.object)['argocd.argoproj.io/sync-wave'], f.path).toBeUndefined()
    }
  })

  it('is stable: the same policy and facts give the same bytes, and templates do not depend on the policy', () => {
    const a = emitPolicyFiles([everyKind], FACTS)
    const b = emitPolicyFiles([everyKind], structuredClone(FACTS))
    expect(a.map((f) => f.text)).toEqual(b.map((f) => f.text))
    const other = policyDocSchema.parse({ ...everyKind, name: 'other', rules: everyKind.rules.map((r) => ({ ...r, id: `${r.id}2` })) })
    const c = emitPolicyFiles([other], { ...FACTS, prices: { H100: 1 } })
    for (const f of a.filter((x) => x.path.includes('/gatekeeper/templates/'))) expect(c.find((x) => x.path === f.path)?.text).toBe(f.text)
  })

  it('reads no object name in any validation or variable (messages may)', () => {
    const code = (e: string): string => e.replace(/'(?:[^'\\]|\\.)*'/g, "''")
    const exprs = [...celVariables(everyKind, 'Pod'), ...celVariables(everyKind, 'Job'), ...celValidations(everyKind)].map((v) => code(v.expression))
    for (const e of exprs) expect(e).not.toMatch(/\bname\b/)
  })

  it('refuses policies the model does not allow, naming the field', () => {
    const bad = policyDocSchema.safeParse({ name: 'Bad Name', rules: [{ kind: 'max-accelerators', id: 'price', max: -1 }] })
    expect(bad.success).toBe(false)
    const paths = bad.error?.issues.map((i) => i.path.join('.')) ?? []
    expect(paths).toEqual(expect.arrayContaining(['name', 'rules.0.id', 'rules.0.max']))
    const twice = policyDocSchema.safeParse({ name: 'twice', rules: [{ kind: 'max-accelerators', id: 'a', max: 1 }, { kind: 'max-accelerators', id: 'a', max: 2 }] })
    expect(twice.error?.issues[0]?.message).toMatch(/used twice/)
  })
})
