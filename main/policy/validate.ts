/**
 * Validates emitted manifests against their real schemas: core kinds (ValidatingAdmissionPolicy, its binding,
 * ConfigMap, Namespace) with the validators `kubernetes-models` generates from the Kubernetes OpenAPI; the
 * ConstraintTemplate with the Gatekeeper CRD's openAPIV3Schema (vendored in resources/crds/gatekeeper) under
 * ajv; each Constraint's `spec.parameters` with its template's own parameter schema.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { Namespace } from 'kubernetes-models/v1/Namespace'
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy'
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding'
import { parse } from 'yaml'
import { catalogDir } from '../catalog/catalog'
import { closedSchema } from '../gitops/manifests/validate'
import { REGO_TEMPLATES } from './emit/rego-templates'

type Obj = Record<string, unknown>

function ajv(): Ajv {
  // Kubernetes' structural-schema extensions (x-kubernetes-*) are not JSON Schema keywords: ignored (strict off).
  const a = new Ajv({ strict: false, allErrors: true, validateFormats: false })
  return a
}

let templateValidator: ValidateFunction | null = null

/** The ConstraintTemplate v1 schema from the vendored Gatekeeper CRD. */
function constraintTemplateSchema(): ValidateFunction {
  if (templateValidator) return templateValidator
  const file = join(catalogDir(), '..', 'crds', 'gatekeeper', 'constrainttemplate-customresourcedefinition.yaml')
  const crd = parse(readFileSync(file, 'utf8')) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Obj } }[] } }
  const v1 = crd.spec.versions.find((v) => v.name === 'v1')
  if (!v1) throw new Error(`${file}: no v1 version`)
  templateValidator = ajv().compile(v1.schema.openAPIV3Schema)
  return templateValidator
}

const parameterValidators = new Map<string, ValidateFunction>()
function parametersSchema(kind: string): ValidateFunction | null {
  const t = Object.values(REGO_TEMPLATES).find((x) => x.kind === kind)
  if (!t) return null
  let v = parameterValidators.get(kind)
  if (!v) {
    // Closed: Gatekeeper prunes parameters its schema does not declare, so one the template would never see is a bug.
    v = ajv().compile(closedSchema(t.parameters) as Obj)
    parameterValidators.set(kind, v)
  }
  return v
}

/** The part of a Constraint Gatekeeper itself defines (every constraint kind shares it). */
const constraintEnvelope = ajv().compile({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'constraints.gatekeeper.sh/v1beta1' },
    metadata: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 } } },
    spec: {
      type: 'object',
      properties: {
        enforcementAction: { enum: ['deny', 'dryrun', 'warn', 'scoped'] },
        match: {
          type: 'object',
          properties: {
            kinds: { type: 'array', items: { type: 'object', properties: { apiGroups: { type: 'array', items: { type: 'string' } }, kinds: { type: 'array', items: { type: 'string' } } } } },
            excludedNamespaces: { type: 'array', items: { type: 'string' } },
          },
        },
        parameters: { type: 'object' },
      },
    },
  },
})

const errorsOf = (v: ValidateFunction): string =>
  (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
    .join('; ')

function modelProblem(validate: () => void): string | null {
  try {
    validate()
    return null
  } catch (err) {
    return (err as Error).message
  }
}

/** Problems of one manifest (none when valid), each naming its kind and name. */
export function validateManifest(o: Obj): string[] {
  const meta = o.metadata as { name?: unknown } | undefined
  const name = `${String(o.kind)} ${typeof meta?.name === 'string' ? meta.name : '?'}`
  const problems: string[] = []
  const add = (p: string | null): void => {
    if (p) problems.push(`${name}: ${p}`)
  }
  switch (`${String(o.apiVersion)}/${String(o.kind)}`) {
    case 'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy':
      add(modelProblem(() => new ValidatingAdmissionPolicy(o).validate()))
      break
    case 'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding':
      add(modelProblem(() => new ValidatingAdmissionPolicyBinding(o as never).validate()))
      break
    case 'v1/ConfigMap':
      add(modelProblem(() => new ConfigMap(o).validate()))
      break
    case 'v1/Namespace':
      add(modelProblem(() => new Namespace(o).validate()))
      break
    case 'templates.gatekeeper.sh/v1/ConstraintTemplate': {
      const v = constraintTemplateSchema()
      if (!v(o)) add(errorsOf(v))
      const kind = ((((o.spec as Obj).crd as Obj).spec as Obj).names as Obj).kind
      if (String((o.metadata as Obj).name) !== String(kind).toLowerCase()) add(`metadata.name must be the lower-cased kind ${String(kind).toLowerCase()}`)
      break
    }
    default: {
      if (o.apiVersion !== 'constraints.gatekeeper.sh/v1beta1') {
        add(`no schema known for ${String(o.apiVersion)}/${String(o.kind)}`)
        break
      }
      if (!constraintEnvelope(o)) add(errorsOf(constraintEnvelope))
      const params = parametersSchema(String(o.kind))
      if (!params) add(`no ConstraintTemplate defines kind ${String(o.kind)}`)
      else if (!params(((o.spec as Obj | undefined) ?? {}).parameters ?? {})) add(`parameters: ${errorsOf(params)}`)
    }
  }
  return problems
}
