/**
 * Every generated manifest is checked against its real schema before it can be committed:
 * - custom resources against the upstream CRD (`resources/crds/`, each served version's openAPIV3Schema
 *   compiled with ajv), including the CRD's CEL rules (`x-kubernetes-validations`, evaluated with @bufbuild/cel;
 *   update-only rules that read `oldSelf`, and rules calling Kubernetes' own CEL library, are reported as not
 *   evaluated);
 * - core kinds, and the custom kinds the kubernetes-models packages model, through their validators;
 * - apiVersion / kind served, metadata.name a DNS-1123 subdomain, namespace present exactly when the kind is
 *   namespaced.
 */
import { celEnv, celError, isCelError, parse as parseCel, plan as planCel, type CelResult } from '@bufbuild/cel'
import { Ajv, type ValidateFunction } from 'ajv'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { resourceDir } from '../../catalog/resource-dir'
// One file per model, not the package indexes: the indexes load hundreds of validators the export never uses.
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { Namespace } from 'kubernetes-models/v1/Namespace'
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy'
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding'
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject'
import { NodePool } from '@kubernetes-models/karpenter/karpenter.sh/v1/NodePool'
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule'

export interface ManifestProblem {
  file: string
  kind: string
  name: string
  /** JSON pointer of the offending field ('' for the object). */
  field: string
  message: string
}

type Schema = Record<string, unknown>

interface CrdVersion {
  kind: string
  apiVersion: string
  namespaced: boolean
  schema: Schema
  /** Compiled on first use: most exports touch a few of the served versions. */
  compiled: ValidateFunction | null
}

/** The kubernetes-models class validating a kind (core kinds and the custom kinds whose models match the CRD). */
type ModelClass = new (data: never) => { validate(): void }
const MODELS: Record<string, ModelClass> = {
  'v1/ResourceQuota': ResourceQuota,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'karpenter.sh/v1/NodePool': NodePool,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': ValidatingAdmissionPolicyBinding,
}
/** Namespaced core kinds (custom kinds say so in their CRD). */
const CORE_NAMESPACED: Record<string, boolean> = { 'v1/ResourceQuota': true, 'autoscaling/v2/HorizontalPodAutoscaler': true, 'v1/ConfigMap': true }

/**
 * Gatekeeper prunes parameters a template's schema does not declare (structural schemas): a generated
 * parameter the policy would never see is a bug, so a Constraint's parameters are checked with every object
 * the schema describes closed.
 */
export function closedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closedSchema)
  if (!schema || typeof schema !== 'object') return schema
  const out: Schema = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closedSchema(v)]))
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false
  return out
}

/** Go RE2's `(?i)` prefix has no JavaScript equivalent inside a pattern: spell each letter in both cases. */
export function caseInsensitivePattern(p: string): string {
  if (!p.includes('(?i)')) return p
  let out = ''
  let inClass = false
  const body = p.replace('(?i)', '')
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (c === '\\') {
      out += c + (body[i + 1] ?? '')
      i++
      continue
    }
    if (c === '[') inClass = true
    if (c === ']') inClass = false
    if (/[a-z]/i.test(c)) out += inClass ? c.toLowerCase() + c.toUpperCase() : `[${c.toLowerCase()}${c.toUpperCase()}]`
    else out += c
  }
  return out
}

function rewritePatterns(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(rewritePatterns)
  if (s && typeof s === 'object') {
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'pattern' && typeof v === 'string' ? caseInsensitivePattern(v) : rewritePatterns(v)]))
  }
  return s
}

/** resources/crds beside the app: FLEETPLAN_RESOURCES (packaged app), else found walking up from here. */
export function crdDir(): string {
  return resourceDir('crds', 'README.md')
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

export interface CelTally {
  evaluated: number
  /** Rules not evaluated, with why (update-only, or Kubernetes CEL library functions). */
  skipped: string[]
}

export class ManifestValidator {
  private readonly crds = new Map<string, CrdVersion>()
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })

  /** `crdDir`: a folder of CRD YAML files (searched recursively), e.g. resources/crds. */
  constructor(crdDir: string) {
    for (const file of listYaml(crdDir)) {
      const crd = parse(readFileSync(file, 'utf8')) as {
        spec: { group: string; scope: string; names: { kind: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema: Schema } }[] }
      }
      for (const v of crd.spec.versions) {
        if (!v.served || !v.schema) continue
        const schema = rewritePatterns(v.schema.openAPIV3Schema) as Schema
        const apiVersion = `${crd.spec.group}/${v.name}`
        this.crds.set(`${apiVersion}/${crd.spec.names.kind}`, {
          kind: crd.spec.names.kind,
          apiVersion,
          namespaced: crd.spec.scope === 'Namespaced',
          schema,
          compiled: null,
        })
      }
    }
  }

  /**
   * Gatekeeper serves a cluster-scoped kind in constraints.gatekeeper.sh/v1beta1 for each ConstraintTemplate,
   * whose `spec.parameters` schema is the template's: Constraints of the templates given are checked against it.
   */
  addConstraintTemplates(templates: readonly unknown[]): void {
    for (const t of templates) {
      const spec = (t as { spec?: { crd?: { spec?: { names?: { kind?: string }; validation?: { openAPIV3Schema?: Schema } } } } }).spec?.crd?.spec
      const kind = spec?.names?.kind
      if (!kind) continue
      const schema: Schema = {
        type: 'object',
        required: ['spec'],
        properties: {
          spec: {
            type: 'object',
            properties: {
              enforcementAction: { type: 'string', enum: ['deny', 'dryrun', 'warn', 'scoped'] },
              match: { type: 'object' },
              parameters: closedSchema(spec.validation?.openAPIV3Schema ?? { type: 'object' }),
            },
          },
        },
      }
      this.crds.set(`constraints.gatekeeper.sh/v1beta1/${kind}`, { kind, apiVersion: 'constraints.gatekeeper.sh/v1beta1', namespaced: false, schema, compiled: null })
    }
  }

  /** Kinds this validator knows (`apiVersion/Kind`). */
  kinds(): string[] {
    return [...new Set([...this.crds.keys(), ...Object.keys(MODELS)])].sort()
  }

  validate(object: unknown, file: string, cel: CelTally = { evaluated: 0, skipped: [] }): ManifestProblem[] {
    const o = (object ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }
    const kind = typeof o.kind === 'string' ? o.kind : '?'
    const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '?'
    const problems: ManifestProblem[] = []
    const add = (field: string, message: string): void => void problems.push({ file, kind, name, field, message })
    if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
      add('', 'apiVersion and kind are required')
      return problems
    }
    const key = `${o.apiVersion}/${o.kind}`
    const crd = this.crds.get(key)
    const model = MODELS[key]
    if (!crd && !model) {
      add('/apiVersion', `no schema for ${o.kind} in ${o.apiVersion} (known: ${this.kinds().join(', ')})`)
      return problems
    }
    if (typeof o.metadata?.name !== 'string' || !DNS_SUBDOMAIN.test(o.metadata.name) || o.metadata.name.length > 253) add('/metadata/name', 'must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")')
    const namespaced = crd ? crd.namespaced : (CORE_NAMESPACED[key] ?? false)
    const ns = o.metadata?.namespace
    if (namespaced && (typeof ns !== 'string' || !DNS_SUBDOMAIN.test(ns) || ns.length > 63)) add('/metadata/namespace', `${o.kind} is namespaced: metadata.namespace must be a DNS-1123 label`)
    if (!namespaced && ns !== undefined) add('/metadata/namespace', `${o.kind} is cluster-scoped: it has no namespace`)
    const check = crd ? (crd.compiled ??= this.ajv.compile(crd.schema)) : null
    if (check && !check(object)) {
      for (const e of check.errors ?? []) add(e.instancePath, `${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`)
    }
    if (crd) for (const p of celRules(crd.schema, object, '', cel)) add(p.field, p.message)
    if (model) {
      try {
        new model(object as never).validate()
      } catch (err) {
        for (const m of String((err as Error).message).split(', ')) add('', `kubernetes-models: ${m}`)
      }
    }
    return problems
  }
}

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listYaml(join(dir, d.name)) : d.name.endsWith('.yaml') ? [join(dir, d.name)] : []))
}

/** JSON → CEL input, typed by the schema (integers as CEL int, objects as maps). */
function toCel(schema: Schema | undefined, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => toCel(schema?.items as Schema | undefined, x))
  if (v && typeof v === 'object') {
    const props = (schema?.properties ?? {}) as Record<string, Schema>
    const extra = typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined
    return new Map(Object.entries(v).map(([k, x]) => [k, toCel(props[k] ?? extra, x)]))
  }
  if (typeof v === 'number' && Number.isInteger(v) && (schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true)) return BigInt(v)
  return v
}

/** Compiled once per rule text: the same CRD rules run for every object of a kind. */
const programs = new Map<string, (bindings: { self: unknown }) => CelResult>()
function evalRule(rule: string, self: unknown): CelResult {
  let program = programs.get(rule)
  if (!program) {
    try {
      const compiled = planCel(celEnv(), parseCel(rule)) as (ctx: Record<string, unknown>) => CelResult
      program = (b) => compiled(b)
    } catch (e) {
      program = () => celError(e)
    }
    programs.set(rule, program)
  }
  try {
    return program({ self })
  } catch (e) {
    return celError(e)
  }
}

function celRules(schema: Schema, value: unknown, path: string, tally: CelTally): { field: string; message: string }[] {
  if (value === undefined || value === null) return []
  const out: { field: string; message: string }[] = []
  const rules = (schema['x-kubernetes-validations'] ?? []) as { rule: string; message?: string }[]
  for (const r of rules) {
    if (r.rule.includes('oldSelf')) {
      tally.skipped.push(`${path || '/'}: ${r.rule} (update-only rule)`)
      continue
    }
    const result = evalRule(r.rule, toCel(schema, value))
    if (isCelError(result)) tally.skipped.push(`${path || '/'}: ${r.rule} (${result.message})`)
    else {
      tally.evaluated++
      if (result !== true) out.push({ field: path, message: `${r.message ?? `CEL rule failed: ${r.rule}`}` })
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((x, i) => out.push(...celRules(schema.items as Schema, x, `${path}/${i}`, tally)))
  else if (value && typeof value === 'object') {
    const props = (schema.properties ?? {}) as Record<string, Schema>
    for (const [k, x] of Object.entries(value)) {
      const sub = props[k] ?? (typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined)
      if (sub) out.push(...celRules(sub, x, `${path}/${k}`, tally))
    }
  }
  return out
}
