/**
 * The one policy model. A policy is a named list of cost rules; main/policy emits it as a Kubernetes
 * ValidatingAdmissionPolicy (CEL) and as OPA Gatekeeper Constraints, and replays the emitted CEL on history.
 * The renderer's editor and the CLI's `--policy FILE` are both validated against this schema.
 */
import { z } from 'zod'

import type { RuleKind } from './policy-rules'

export { DEFAULT_RULE_IDS, RULE_KIND_HELP, RULE_KIND_LABELS, RULE_KINDS, defaultRule, type RuleKind } from './policy-rules'

/** A Kubernetes label value (teams and namespaces are compared with label values and ConfigMap keys). */
const labelValue = z
  .string()
  .trim()
  .min(1, 'required')
  .max(63)
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'letters, digits, "-", "_" and "." (a Kubernetes label value)')
const namespaceName = z
  .string()
  .trim()
  .min(1, 'required')
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace name (lower-case letters, digits and "-")')
/** A qualified label key: optional DNS prefix + "/" + name. */
export const labelKey = z
  .string()
  .trim()
  .min(1, 'required')
  .max(253)
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'a Kubernetes label key such as team or example.com/cost-center')
/** Catalog accelerator id (H100, MI300X, TPUv5e, …) or a raw product name seen in telemetry (no dots: it ends parameter keys). */
const acceleratorType = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?$/, 'an accelerator type such as H100 (letters, digits, "-" and "_")')
/** Rule ids name CEL variables, ConfigMap keys and Constraints: short lower-case identifiers. */
/** Parameter keys shared by all rules start with these: a rule id must not. */
export const RESERVED_RULE_IDS = ['team', 'accel', 'price'] as const
const ruleId = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,19}$/, 'a rule id is 1–20 lower-case letters and digits, starting with a letter')
  .refine((id) => !(RESERVED_RULE_IDS as readonly string[]).includes(id), `a rule id cannot be ${RESERVED_RULE_IDS.join(', ')}`)
const usd = z.number().finite().min(0).max(1e9)
const description = z.string().max(1000).optional()

const maxHourlyCost = z
  .object({
    kind: z.literal('max-hourly-cost'),
    id: ruleId,
    description,
    /** Limit for every team without its own. */
    maxUsdPerHour: usd.refine((x) => x > 0, 'must be above 0'),
    perTeam: z.array(z.object({ team: labelValue, maxUsdPerHour: usd.refine((x) => x > 0, 'must be above 0') }).strict()).max(200).default([]),
    /** USD per accelerator-hour by type; types not listed take the workspace catalog's price (export refreshes it). */
    prices: z.record(acceleratorType, usd).default({}),
    /** Price of an accelerator whose type the workload does not select (default: the highest price known). */
    unknownTypeUsdPerHour: usd.optional(),
    cpuUsdPerCoreHour: usd.default(0),
    memoryUsdPerGiBHour: usd.default(0),
  })
  .strict()

const allowedAccelerators = z
  .object({
    kind: z.literal('allowed-accelerators'),
    id: ruleId,
    description,
    /** Allowed for every team and namespace without their own list. */
    allowed: z.array(acceleratorType).max(100),
    perTeam: z.array(z.object({ team: labelValue, allowed: z.array(acceleratorType).max(100) }).strict()).max(200).default([]),
    perNamespace: z.array(z.object({ namespace: namespaceName, allowed: z.array(acceleratorType).max(100) }).strict()).max(200).default([]),
    /** Deny accelerator workloads that select no accelerator type (they could land on any). */
    requireSelector: z.boolean().default(true),
  })
  .strict()

const requiredLabels = z
  .object({
    kind: z.literal('required-labels'),
    id: ruleId,
    description,
    labels: z.array(labelKey).min(1).max(20),
    /** `accelerator`: only workloads requesting accelerators; `all`: every workload. */
    scope: z.enum(['accelerator', 'all']).default('accelerator'),
  })
  .strict()

const maxAccelerators = z
  .object({
    kind: z.literal('max-accelerators'),
    id: ruleId,
    description,
    max: z.number().int().min(0).max(100_000),
    perTeam: z.array(z.object({ team: labelValue, max: z.number().int().min(0).max(100_000) }).strict()).max(200).default([]),
    /** A workload with this label set to "true" is exempt. */
    exemptionLabel: labelKey.default('fleetplan.io/exempt-max-accelerators'),
  })
  .strict()

const budgetCeiling = z
  .object({
    kind: z.literal('budget-ceiling'),
    id: ruleId,
    description,
    budgets: z.array(z.object({ team: labelValue, monthlyUsd: usd }).strict()).min(1).max(200),
    /** Deny once month-to-date spend reaches this share of the budget, in percent. */
    thresholdPct: z.number().min(1).max(1000).default(100),
  })
  .strict()

export const ruleSchema = z.discriminatedUnion('kind', [maxHourlyCost, allowedAccelerators, requiredLabels, maxAccelerators, budgetCeiling])

export const ENGINES = ['validating-admission-policy', 'gatekeeper'] as const
export type PolicyEngine = (typeof ENGINES)[number]
export const ENFORCEMENTS = ['Deny', 'Warn', 'Audit'] as const

export const policyDocSchema = z
  .object({
    schema: z.literal('fleetplan.io/policy/v1').default('fleetplan.io/policy/v1'),
    name: z
      .string()
      .trim()
      .min(1, 'required')
      .max(40)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a policy name is lower-case letters, digits and "-" (it names Kubernetes objects)'),
    description: z.string().max(4000).default(''),
    /** The label that names a workload's team; a namespace's team comes from history when the label is missing. */
    teamLabel: labelKey.default('team'),
    /** What the cluster does on a violation: deny, or only warn / audit (a dry run). */
    enforcement: z.enum(ENFORCEMENTS).default('Deny'),
    /** Which admission controllers the export writes for (the editor previews both). */
    engines: z.array(z.enum(ENGINES)).min(1).max(2).default(['validating-admission-policy']),
    rules: z.array(ruleSchema).min(1, 'a policy needs at least one rule').max(20),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>()
    p.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule id "${r.id}" is used twice` })
      seen.add(r.id)
    })
  })

export type PolicyDoc = z.output<typeof policyDocSchema>
export type PolicyDocInput = z.input<typeof policyDocSchema>
export type PolicyRule = PolicyDoc['rules'][number]
export type RuleOf<K extends RuleKind> = Extract<PolicyRule, { kind: K }>

