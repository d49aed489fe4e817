/**
 * The Gatekeeper ConstraintTemplates: small, fixed, reviewed Rego — one template per rule kind plus one shared
 * library. Nothing here is generated: a policy only generates Constraints, whose parameters are validated
 * against each template's parameter schema (validate.ts). Rego cannot be evaluated on the machines Fleetplan
 * is built on (no OPA binary); the CEL emitted for the same policy is the one the replay evaluates.
 *
 * Written for Gatekeeper ≥ 3.x (OPA v0 syntax in `rego`, a shared `lib.fleetplan` package in `libs`).
 */
import { ACCELERATOR_RESOURCES, ACCELERATOR_SELECTOR_KEYS } from '../../../shared/accelerator-k8s'
import type { RuleKind } from '../../../shared/policy-schema'

const regoSet = (xs: readonly string[]): string => `{${xs.map((x) => JSON.stringify(x)).join(', ')}}`
const regoArray = (xs: readonly string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`

export const REGO_LIBRARY = `package lib.fleetplan

# Extended resources of accelerator device plugins, and the node labels that select an accelerator type.
accelerator_resources := ${regoSet(ACCELERATOR_RESOURCES)}

selector_keys := ${regoArray(ACCELERATOR_SELECTOR_KEYS)}

# Kubernetes quantity suffixes (resource.Quantity).
suffixes := {"n": 0.000000001, "u": 0.000001, "m": 0.001, "k": 1000, "M": 1000000, "G": 1000000000, "T": 1000000000000, "P": 1000000000000000, "Ki": 1024, "Mi": 1048576, "Gi": 1073741824, "Ti": 1099511627776, "Pi": 1125899906842624}

quantity(q) = n {
  is_number(q)
  n := q
}

quantity(q) = n {
  is_string(q)
  parts := regex.find_all_string_submatch_n("^([+-]?[0-9.]+)([a-zA-Z]*)$", q, 1)[0]
  n := to_number(parts[1]) * unit(parts[2])
}

unit(s) = 1 {
  s == ""
}

unit(s) = f {
  f := suffixes[s]
}

pod_spec(obj) = spec {
  obj.kind == "Job"
  spec := obj.spec.template.spec
} else = spec {
  spec := obj.spec
}

obj_labels(obj) = l {
  l := obj.metadata.labels
} else = {}

# The sum of some resources of one container: requests, else limits.
amount(c, resources) = n {
  reqs := object.get(c, ["resources", "requests"], {})
  keys := [k | reqs[k]; resources[k]]
  count(keys) > 0
  n := sum([quantity(reqs[k]) | k := keys[_]])
} else = n {
  lims := object.get(c, ["resources", "limits"], {})
  n := sum([quantity(lims[k]) | lims[k]; resources[k]])
}

# Effective request: the larger of the app containers' sum and the largest init container.
effective(obj, resources) = n {
  spec := pod_spec(obj)
  app := sum([amount(c, resources) | c := spec.containers[_]])
  init := max(array.concat([0], [amount(c, resources) | c := object.get(spec, "initContainers", [])[_]]))
  n := max([app, init])
}

accelerators(obj) = n {
  n := effective(obj, accelerator_resources)
}

namespace_teams(params) = m {
  m := {x.namespace: x.team | x := object.get(params, "namespaceTeams", [])[_]}
}

team(obj, params) = t {
  t := obj_labels(obj)[params.teamLabel]
  t != ""
} else = t {
  t := namespace_teams(params)[input.review.namespace]
} else = ""

accelerator_type(obj, params) = t {
  sel := object.get(pod_spec(obj), "nodeSelector", {})
  values := [sel[k] | k := selector_keys[_]; sel[k]]
  v := values[0]
  types := {x.value: x.type | x := object.get(params, "selectorTypes", [])[_]}
  t := object.get(types, v, v)
} else = ""

# A per-team value from a list of {team, <field>}, else the default.
team_value(entries, t, field, default_value) = v {
  some i
  entries[i].team == t
  v := entries[i][field]
} else = default_value
`

export interface RegoTemplate {
  kind: string
  rego: string
  /** The template's parameter schema (spec.crd.spec.validation.openAPIV3Schema). */
  parameters: Record<string, unknown>
}

const str = { type: 'string' }
const numSchema = { type: 'number', minimum: 0 }
const namespaceTeams = { type: 'array', items: { type: 'object', required: ['namespace', 'team'], properties: { namespace: str, team: str } } }
const selectorTypes = { type: 'array', items: { type: 'object', required: ['value', 'type'], properties: { value: str, type: str } } }
const strList = { type: 'array', items: str }

const schema = (required: string[], properties: Record<string, unknown>): Record<string, unknown> => ({
  type: 'object',
  required: ['ruleId', ...required],
  properties: { ruleId: str, ...properties },
})

export const REGO_TEMPLATES: Record<RuleKind, RegoTemplate> = {
  'max-hourly-cost': {
    kind: 'FleetplanMaxHourlyCost',
    parameters: schema(['teamLabel', 'maxUsdPerHour', 'prices', 'unknownTypeUsdPerHour'], {
      teamLabel: str,
      maxUsdPerHour: numSchema,
      perTeam: { type: 'array', items: { type: 'object', required: ['team', 'maxUsdPerHour'], properties: { team: str, maxUsdPerHour: numSchema } } },
      prices: { type: 'array', items: { type: 'object', required: ['type', 'usdPerHour'], properties: { type: str, usdPerHour: numSchema } } },
      unknownTypeUsdPerHour: numSchema,
      cpuUsdPerCoreHour: numSchema,
      memoryUsdPerGiBHour: numSchema,
      namespaceTeams,
      selectorTypes,
    }),
    rego: `package fleetplanmaxhourlycost

import data.lib.fleetplan

price(t) = p {
  some i
  input.parameters.prices[i].type == t
  p := input.parameters.prices[i].usdPerHour
} else = input.parameters.unknownTypeUsdPerHour

hourly_cost(obj) = c {
  n := fleetplan.accelerators(obj)
  cpu := fleetplan.effective(obj, {"cpu"})
  mem := fleetplan.effective(obj, {"memory"}) / 1073741824
  c := n * price(fleetplan.accelerator_type(obj, input.parameters)) + cpu * object.get(input.parameters, "cpuUsdPerCoreHour", 0) + mem * object.get(input.parameters, "memoryUsdPerGiBHour", 0)
}

violation[{"msg": msg}] {
  obj := input.review.object
  c := hourly_cost(obj)
  limit := fleetplan.team_value(object.get(input.parameters, "perTeam", []), fleetplan.team(obj, input.parameters), "maxUsdPerHour", input.parameters.maxUsdPerHour)
  c > limit
  msg := sprintf("[%v] requests cost $%.2f per hour, above the limit of $%.2f per hour", [input.parameters.ruleId, c, limit])
}
`,
  },
  'allowed-accelerators': {
    kind: 'FleetplanAllowedAccelerators',
    parameters: schema(['teamLabel', 'allowed'], {
      teamLabel: str,
      allowed: strList,
      perTeam: { type: 'array', items: { type: 'object', required: ['team', 'allowed'], properties: { team: str, allowed: strList } } },
      perNamespace: { type: 'array', items: { type: 'object', required: ['namespace', 'allowed'], properties: { namespace: str, allowed: strList } } },
      requireSelector: { type: 'boolean' },
      namespaceTeams,
      selectorTypes,
    }),
    rego: `package fleetplanallowedaccelerators

import data.lib.fleetplan

allowed_types(obj) = types {
  some i
  input.parameters.perNamespace[i].namespace == input.review.namespace
  types := input.parameters.perNamespace[i].allowed
} else = types {
  some i
  input.parameters.perTeam[i].team == fleetplan.team(obj, input.parameters)
  types := input.parameters.perTeam[i].allowed
} else = input.parameters.allowed

violation[{"msg": msg}] {
  obj := input.review.object
  fleetplan.accelerators(obj) > 0
  t := fleetplan.accelerator_type(obj, input.parameters)
  t == ""
  object.get(input.parameters, "requireSelector", true)
  msg := sprintf("[%v] requests accelerators without selecting an accelerator type", [input.parameters.ruleId])
}

violation[{"msg": msg}] {
  obj := input.review.object
  fleetplan.accelerators(obj) > 0
  t := fleetplan.accelerator_type(obj, input.parameters)
  t != ""
  not type_allowed(obj, t)
  msg := sprintf("[%v] accelerator type %v is not allowed for namespace %v", [input.parameters.ruleId, t, input.review.namespace])
}

type_allowed(obj, t) {
  allowed_types(obj)[_] == t
}
`,
  },
  'required-labels': {
    kind: 'FleetplanRequiredLabels',
    parameters: schema(['labels', 'scope'], { labels: strList, scope: { type: 'string', enum: ['accelerator', 'all'] } }),
    rego: `package fleetplanrequiredlabels

import data.lib.fleetplan

in_scope(obj) {
  input.parameters.scope == "all"
}

in_scope(obj) {
  input.parameters.scope == "accelerator"
  fleetplan.accelerators(obj) > 0
}

violation[{"msg": msg}] {
  obj := input.review.object
  in_scope(obj)
  labels := fleetplan.obj_labels(obj)
  missing := [k | k := input.parameters.labels[_]; object.get(labels, k, "") == ""]
  count(missing) > 0
  msg := sprintf("[%v] missing cost-allocation label(s): %v", [input.parameters.ruleId, concat(", ", missing)])
}
`,
  },
  'max-accelerators': {
    kind: 'FleetplanMaxAccelerators',
    parameters: schema(['teamLabel', 'max', 'exemptionLabel'], {
      teamLabel: str,
      max: { type: 'integer', minimum: 0 },
      perTeam: { type: 'array', items: { type: 'object', required: ['team', 'max'], properties: { team: str, max: { type: 'integer', minimum: 0 } } } },
      exemptionLabel: str,
      namespaceTeams,
    }),
    rego: `package fleetplanmaxaccelerators

import data.lib.fleetplan

exempt(obj) {
  fleetplan.obj_labels(obj)[input.parameters.exemptionLabel] == "true"
}

violation[{"msg": msg}] {
  obj := input.review.object
  n := fleetplan.accelerators(obj)
  limit := fleetplan.team_value(object.get(input.parameters, "perTeam", []), fleetplan.team(obj, input.parameters), "max", input.parameters.max)
  n > limit
  not exempt(obj)
  msg := sprintf("[%v] requests %v accelerators, above the limit of %v (label %v=true exempts)", [input.parameters.ruleId, n, limit, input.parameters.exemptionLabel])
}
`,
  },
  'budget-ceiling': {
    kind: 'FleetplanBudgetCeiling',
    parameters: schema(['teamLabel', 'thresholdPct', 'budgets', 'asOf'], {
      teamLabel: str,
      thresholdPct: numSchema,
      budgets: {
        type: 'array',
        items: { type: 'object', required: ['team', 'monthlyUsd', 'spentUsd'], properties: { team: str, monthlyUsd: numSchema, spentUsd: numSchema } },
      },
      asOf: str,
      namespaceTeams,
    }),
    rego: `package fleetplanbudgetceiling

import data.lib.fleetplan

violation[{"msg": msg}] {
  obj := input.review.object
  fleetplan.accelerators(obj) > 0
  t := fleetplan.team(obj, input.parameters)
  some i
  b := input.parameters.budgets[i]
  b.team == t
  ceiling := b.monthlyUsd * input.parameters.thresholdPct / 100
  b.spentUsd >= ceiling
  msg := sprintf("[%v] team %v has spent $%.2f this month (as of %v), at or above its ceiling of $%.2f", [input.parameters.ruleId, t, b.spentUsd, input.parameters.asOf, ceiling])
}
`,
  },
}
