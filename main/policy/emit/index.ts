/**
 * Everything a set of policies exports into a cluster folder, as a list of files under `policies/`: the
 * ValidatingAdmissionPolicies with their bindings and parameter ConfigMaps, and/or the Gatekeeper
 * ConstraintTemplates and Constraints (as each policy's `engines` says), and a kustomization listing them.
 * One resource per file, stable YAML: re-emitting an unchanged policy writes the same bytes.
 */
import type { PolicyDoc } from '../../../shared/policy-schema'
import type { EmittedFile, PolicyEmitResult, PolicyFacts } from '../../../shared/policy-types'
import { validateManifest } from '../validate'
import { celValidations, celVariables } from './cel'
import { constraint, constraintParameters, constraintTemplate } from './gatekeeper'
import { REGO_TEMPLATES } from './rego-templates'
import { paramsConfigMap, policyNamespace, validatingAdmissionPolicy, validatingAdmissionPolicyBinding } from './vap'
import { toYaml } from './yaml'

export { toYaml }

export const POLICIES_DIR = 'policies'


export interface EmitOptions {
  /** First line(s) of every file, e.g. naming the plan the export came from. */
  header?: string
  /** Override which engines are written (default: each policy's own `engines`). */
  engines?: PolicyDoc['engines']
}

function file(path: string, object: Record<string, unknown>, header: string): EmittedFile {
  return { path, object, text: `${header}${toYaml(object)}` }
}

/** The files of several policies (templates and the namespace once), with the kustomization last. */
export function emitPolicyFiles(docs: readonly PolicyDoc[], facts: PolicyFacts, opts: EmitOptions = {}): EmittedFile[] {
  const header = opts.header ?? ''
  const files: EmittedFile[] = []
  const engines = (d: PolicyDoc): PolicyDoc['engines'] => opts.engines ?? d.engines
  if (docs.some((d) => engines(d).includes('validating-admission-policy'))) files.push(file(`${POLICIES_DIR}/namespace.yaml`, policyNamespace(), header))
  const templates = new Set<PolicyDoc['rules'][number]['kind']>()
  for (const d of docs) {
    if (!engines(d).includes('gatekeeper')) continue
    for (const r of d.rules) templates.add(r.kind)
  }
  for (const kind of [...templates].sort()) {
    files.push(file(`${POLICIES_DIR}/gatekeeper/templates/${REGO_TEMPLATES[kind].kind.toLowerCase()}.yaml`, constraintTemplate(kind), header))
  }
  for (const d of [...docs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const dir = `${POLICIES_DIR}/${d.name}`
    if (engines(d).includes('validating-admission-policy')) {
      files.push(file(`${dir}/params.configmap.yaml`, paramsConfigMap(d, facts), header))
      for (const kind of ['Pod', 'Job'] as const) {
        const suffix = kind === 'Pod' ? 'pods' : 'jobs'
        files.push(file(`${dir}/validatingadmissionpolicy-${suffix}.yaml`, validatingAdmissionPolicy(d, kind), header))
        files.push(file(`${dir}/validatingadmissionpolicybinding-${suffix}.yaml`, validatingAdmissionPolicyBinding(d, kind), header))
      }
    }
    if (engines(d).includes('gatekeeper')) {
      for (const r of d.rules) files.push(file(`${dir}/constraint-${r.id}.yaml`, constraint(d, r, facts), header))
    }
  }
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: files.map((f) => f.path.slice(POLICIES_DIR.length + 1)),
  }
  files.push({ path: `${POLICIES_DIR}/kustomization.yaml`, object: null, text: `${header}${toYaml(kustomization)}` })
  return files
}

/** One policy's files plus the CEL and Rego the editor previews, validated against the real schemas. */
export function emitPolicy(doc: PolicyDoc, facts: PolicyFacts): PolicyEmitResult {
  const files = emitPolicyFiles([doc], facts)
  const problems = files.flatMap((f) => (f.object ? validateManifest(f.object) : []))
  return {
    files,
    cel: {
      variables: celVariables(doc, 'Pod'),
      validations: celValidations(doc).map((v) => ({ ruleId: v.ruleId, expression: v.expression, messageExpression: v.messageExpression })),
    },
    rego: doc.rules.map((r) => ({
      ruleId: r.id,
      template: REGO_TEMPLATES[r.kind].kind.toLowerCase(),
      kind: REGO_TEMPLATES[r.kind].kind,
      rego: REGO_TEMPLATES[r.kind].rego,
      parameters: constraintParameters(doc, r, facts),
    })),
    facts,
    problems,
  }
}
