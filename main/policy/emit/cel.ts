/**
 * The CEL a ValidatingAdmissionPolicy carries for a policy: shared variables (the pod spec, labels, team,
 * accelerators requested, accelerator type, prices) and one validation per rule. Values that change per team
 * or namespace, and the figures the export refreshes (prices, month-to-date spend), are read from the
 * policy's parameter ConfigMap (`params.data`, see params.ts); policy-wide limits are written in the CEL.
 *
 * Semantics (the differential test checks the CEL against them):
 * - accelerators requested = max(Σ app containers, max over init containers) of the accelerator extended
 *   resources (requests, else limits — API server defaulting copies limits to requests for Pods, not for
 *   Job templates); the Kubernetes effective-request rule. Restartable (sidecar) init containers are counted
 *   as init containers.
 * - accelerator type = the first node-selector key of ACCELERATOR_SELECTOR_KEYS present, its value mapped to
 *   the catalog id (`accel.<value>` parameter) or kept as written; node affinity is not read.
 * - team = the team label when present and non-empty, else the namespace's team from history, else "".
 */
import { ACCELERATOR_RESOURCES, ACCELERATOR_SELECTOR_KEYS } from '../../../shared/accelerator-k8s'
import type { PolicyDoc, PolicyRule, RuleOf } from '../../../shared/policy-schema'

export type AdmittedKind = 'Pod' | 'Job'

export interface CelVariable {
  name: string
  expression: string
}

export interface CelValidation {
  ruleId: string
  expression: string
  messageExpression: string
  /** The static message the API server falls back to when messageExpression fails. */
  message: string
  reason: 'Forbidden' | 'Invalid'
}

/** A CEL string literal. */
export const lit = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
/** A CEL double literal (always with a decimal point: 8 must be 8.0 to compare with doubles). */
export const dbl = (x: number): string => {
  const s = String(x)
  return /[.eE]/.test(s) ? s : `${s}.0`
}
const list = (xs: readonly string[]): string => `[${xs.map(lit).join(', ')}]`

/** The sum of some resources of one container `c` (divided by `scale`): requests, else limits. */
function containerAmount(resources: readonly string[] | 'accelerators', scale = 1): string {
  const one = resources !== 'accelerators' && resources.length === 1 ? lit(resources[0] as string) : null
  const part = (field: 'requests' | 'limits'): { pick: string; total: string } => {
    // Iterate the container's own keys (few) and look each up in a map of names (one hash lookup each).
    const named = one ? null : `c.resources.${field}.filter(r, r in ${resources === 'accelerators' ? 'variables.acceleratorResources' : `{${(resources).map((r) => `${lit(r)}: true`).join(', ')}}`})`
    const pick = one ? `${one} in c.resources.${field}` : `size(${named}) > 0`
    const total = one ? `quantity(c.resources.${field}[${one}]).asApproximateFloat()` : `${named}.map(r, quantity(c.resources.${field}[r]).asApproximateFloat()).sum()`
    return { pick, total: scale === 1 ? total : `${total} / ${dbl(scale)}` }
  }
  const req = part('requests')
  const lim = part('limits')
  return `has(c.resources) && has(c.resources.requests) && ${req.pick} ? ${req.total} : (has(c.resources) && has(c.resources.limits) && ${lim.pick} ? ${lim.total} : 0.0)`
}

/** Variables for the effective request of some resources: app sum, init max, effective. */
function effectiveRequest(prefix: string, resources: readonly string[] | 'accelerators', scale = 1): CelVariable[] {
  const amount = containerAmount(resources, scale)
  return [
    { name: `${prefix}App`, expression: `variables.spec.containers.map(c, ${amount}).sum()` },
    {
      name: `${prefix}Init`,
      expression: `has(variables.spec.initContainers) && size(variables.spec.initContainers) > 0 ? variables.spec.initContainers.map(c, ${amount}).max() : 0.0`,
    },
    { name: prefix, expression: `variables.${prefix}App > variables.${prefix}Init ? variables.${prefix}App : variables.${prefix}Init` },
  ]
}

const hasKind = <K extends PolicyRule['kind']>(doc: PolicyDoc, kind: K): RuleOf<K>[] => doc.rules.filter((r): r is RuleOf<K> => r.kind === kind)

/** Parameter lookups: a per-key value from the ConfigMap, else a default written in the CEL. */
const param = (key: string): string => `params.data[${key}]`
const hasParam = (key: string): string => `(${key}) in params.data`

/** The variables of the policy (shared by all its validations; the API server evaluates each at most once). */
export function celVariables(doc: PolicyDoc, kind: AdmittedKind): CelVariable[] {
  const team = lit(doc.teamLabel)
  const vars: CelVariable[] = [
    { name: 'spec', expression: kind === 'Pod' ? 'object.spec' : 'object.spec.template.spec' },
    { name: 'labels', expression: 'has(object.metadata.labels) ? object.metadata.labels : {}' },
    {
      name: 'team',
      expression: `${team} in variables.labels && variables.labels[${team}] != '' ? variables.labels[${team}] : (${hasParam(`'team.ns.' + request.namespace`)} ? ${param(`'team.ns.' + request.namespace`)} : '')`,
    },
    { name: 'acceleratorResources', expression: `{${ACCELERATOR_RESOURCES.map((r) => `${lit(r)}: true`).join(', ')}}` },
    ...effectiveRequest('accelerators', 'accelerators'),
    {
      name: 'selector',
      expression: `has(variables.spec.nodeSelector) ? ${list(ACCELERATOR_SELECTOR_KEYS)}.filter(k, k in variables.spec.nodeSelector).map(k, variables.spec.nodeSelector[k]) : []`,
    },
    {
      name: 'acceleratorType',
      expression: `size(variables.selector) == 0 ? '' : (${hasParam(`'accel.' + variables.selector[0]`)} ? ${param(`'accel.' + variables.selector[0]`)} : variables.selector[0])`,
    },
  ]
  const costRules = hasKind(doc, 'max-hourly-cost')
  if (costRules.length > 0) {
    vars.push({
      name: 'acceleratorPrice',
      expression: `variables.acceleratorType != '' && !variables.acceleratorType.contains('.') && ${hasParam(`'price.' + variables.acceleratorType`)} ? double(${param(`'price.' + variables.acceleratorType`)}) : double(params.data['price.unknown'])`,
    })
  }
  if (costRules.some((r) => r.cpuUsdPerCoreHour > 0)) vars.push(...effectiveRequest('cpuCores', ['cpu']))
  if (costRules.some((r) => r.memoryUsdPerGiBHour > 0)) vars.push(...effectiveRequest('memoryGiB', ['memory'], 2 ** 30))
  for (const r of costRules) {
    // Rule-specific prices override the catalog's through their own keys.
    const price = Object.keys(r.prices).length
      ? `(variables.acceleratorType != '' && !variables.acceleratorType.contains('.') && ${hasParam(`'${r.id}.price.' + variables.acceleratorType`)} ? double(${param(`'${r.id}.price.' + variables.acceleratorType`)}) : variables.acceleratorPrice)`
      : 'variables.acceleratorPrice'
    const terms = [`variables.accelerators * ${price}`]
    if (r.cpuUsdPerCoreHour > 0) terms.push(`variables.cpuCores * ${dbl(r.cpuUsdPerCoreHour)}`)
    if (r.memoryUsdPerGiBHour > 0) terms.push(`variables.memoryGiB * ${dbl(r.memoryUsdPerGiBHour)}`)
    vars.push({ name: `${r.id}HourlyCostUsd`, expression: terms.join(' + ') })
  }
  return vars
}

/** `<rule>.<what>.<team>` from the ConfigMap when present, else the policy-wide default. */
const perTeam = (ruleId: string, what: string, fallback: string): string =>
  `(${hasParam(`'${ruleId}.${what}.' + variables.team`)} ? double(${param(`'${ruleId}.${what}.' + variables.team`)}) : ${fallback})`

const round2 = (expr: string): string => `string(double(int((${expr}) * 100.0)) / 100.0)`

function validation(r: PolicyRule): CelValidation {
  switch (r.kind) {
    case 'max-hourly-cost': {
      const limit = perTeam(r.id, 'max', dbl(r.maxUsdPerHour))
      return {
        ruleId: r.id,
        expression: `variables.${r.id}HourlyCostUsd <= ${limit}`,
        messageExpression: `'[${r.id}] requests cost $' + ${round2(`variables.${r.id}HourlyCostUsd`)} + ' per hour (' + string(variables.accelerators) + ' × ' + (variables.acceleratorType == '' ? 'unselected accelerator' : variables.acceleratorType) + '), above the limit of $' + ${round2(limit)} + ' per hour'`,
        message: `[${r.id}] the workload's requests cost more per hour than the limit ($${r.maxUsdPerHour}/h unless the team has its own)`,
        reason: 'Forbidden',
      }
    }
    case 'allowed-accelerators': {
      const type = 'variables.acceleratorType'
      // Scope markers and allowed pairs have distinct prefixes; types never contain dots, so no two keys collide.
      const scope = (what: string, who: string): string => `'${r.id}.scope.${what}.' + ${who}`
      const allow = (what: string, who: string): string => `('${r.id}.allow.${what}.' + ${who} + '.' + ${type}) in params.data`
      const typeCheck = `!${type}.contains('.') && (${hasParam(scope('ns', 'request.namespace'))} ? ${allow('ns', 'request.namespace')} : (${hasParam(scope('team', 'variables.team'))} ? ${allow('team', 'variables.team')} : ${type} in ${list(r.allowed)}))`
      const unselected = r.requireSelector ? 'false' : 'true'
      return {
        ruleId: r.id,
        expression: `variables.accelerators == 0.0 || (${type} == '' ? ${unselected} : ${typeCheck})`,
        messageExpression: `${type} == '' ? '[${r.id}] requests accelerators without selecting an accelerator type (node selector ${ACCELERATOR_SELECTOR_KEYS[0]} or another accelerator label)' : '[${r.id}] accelerator type ' + ${type} + ' is not allowed for namespace ' + request.namespace + (variables.team == '' ? '' : ' / team ' + variables.team)`,
        message: `[${r.id}] the accelerator type is not allowed for this namespace or team`,
        reason: 'Forbidden',
      }
    }
    case 'required-labels': {
      const keys = list(r.labels)
      const present = `${keys}.all(k, k in variables.labels && variables.labels[k] != '')`
      return {
        ruleId: r.id,
        expression: r.scope === 'all' ? present : `variables.accelerators == 0.0 || ${present}`,
        messageExpression: `'[${r.id}] missing cost-allocation label(s): ' + ${keys}.filter(k, !(k in variables.labels) || variables.labels[k] == '').join(', ')`,
        message: `[${r.id}] the workload lacks a required cost-allocation label (${r.labels.join(', ')})`,
        reason: 'Invalid',
      }
    }
    case 'max-accelerators': {
      const limit = perTeam(r.id, 'max', dbl(r.max))
      const ex = lit(r.exemptionLabel)
      return {
        ruleId: r.id,
        expression: `variables.accelerators <= ${limit} || (${ex} in variables.labels && variables.labels[${ex}] == 'true')`,
        messageExpression: `'[${r.id}] requests ' + string(variables.accelerators) + ' accelerators, above the limit of ' + string(${limit}) + ' (label ${r.exemptionLabel}=true exempts)'`,
        message: `[${r.id}] the workload requests more accelerators than allowed without the ${r.exemptionLabel} label`,
        reason: 'Forbidden',
      }
    }
    case 'budget-ceiling': {
      const budget = `'${r.id}.limit.' + variables.team`
      const spent = `'${r.id}.spent.' + variables.team`
      const spentValue = `double(${hasParam(spent)} ? ${param(spent)} : '0')`
      const ceiling = `double(${param(budget)}) * ${dbl(r.thresholdPct / 100)}`
      return {
        ruleId: r.id,
        expression: `variables.accelerators == 0.0 || !(${hasParam(budget)}) || ${spentValue} < ${ceiling}`,
        messageExpression: `'[${r.id}] team ' + variables.team + ' has spent $' + ${round2(spentValue)} + ' this month, at or above its ceiling of $' + ${round2(ceiling)}`,
        message: `[${r.id}] the team's month-to-date spend has reached its budget ceiling`,
        reason: 'Forbidden',
      }
    }
  }
}

export function celValidations(doc: PolicyDoc): CelValidation[] {
  return doc.rules.map((r) => validation(r))
}
