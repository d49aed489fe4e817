/**
 * OPA Gatekeeper objects for a policy: the fixed ConstraintTemplates of the rule kinds it uses, and one
 * Constraint per rule whose `spec.parameters` carry the same values the CEL reads from its ConfigMap.
 */
import { selectorValueToType } from '../../../shared/accelerator-k8s'
import type { PolicyDoc, PolicyRule } from '../../../shared/policy-schema'
import type { PolicyFacts } from '../../../shared/policy-types'
import { unknownTypePrice } from './params'
import { REGO_LIBRARY, REGO_TEMPLATES } from './rego-templates'
import { MANAGED_BY, POLICY_NAMESPACE } from './vap'

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6

export function constraintTemplate(kind: PolicyRule['kind']): Record<string, unknown> {
  const t = REGO_TEMPLATES[kind]
  return {
    apiVersion: 'templates.gatekeeper.sh/v1',
    kind: 'ConstraintTemplate',
    metadata: {
      name: t.kind.toLowerCase(),
      labels: MANAGED_BY,
      // Templates first: their Constraint kinds exist only once Gatekeeper has read them.
      annotations: { 'argocd.argoproj.io/sync-wave': '-1', 'fleetplan.io/template': 'fixed' },
    },
    spec: {
      crd: { spec: { names: { kind: t.kind }, validation: { openAPIV3Schema: t.parameters } } },
      targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: t.rego, libs: [REGO_LIBRARY] }],
    },
  }
}

const namespaceTeams = (facts: PolicyFacts): { namespace: string; team: string }[] =>
  Object.entries(facts.namespaceTeams)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([namespace, team]) => ({ namespace, team }))
const selectorTypes = (): { value: string; type: string }[] =>
  Object.entries(selectorValueToType())
    .filter(([v, t]) => v !== t)
    .map(([value, type]) => ({ value, type }))

/** The Constraint parameters of one rule (validated against its template's schema before export). */
export function constraintParameters(doc: PolicyDoc, r: PolicyRule, facts: PolicyFacts): Record<string, unknown> {
  switch (r.kind) {
    case 'max-hourly-cost': {
      const prices = { ...facts.prices, ...r.prices }
      return {
        ruleId: r.id,
        teamLabel: doc.teamLabel,
        maxUsdPerHour: r.maxUsdPerHour,
        perTeam: r.perTeam,
        prices: Object.keys(prices)
          .sort()
          .map((type) => ({ type, usdPerHour: round6(prices[type] as number) })),
        unknownTypeUsdPerHour: round6(unknownTypePrice(doc, facts)),
        cpuUsdPerCoreHour: r.cpuUsdPerCoreHour,
        memoryUsdPerGiBHour: r.memoryUsdPerGiBHour,
        namespaceTeams: namespaceTeams(facts),
        selectorTypes: selectorTypes(),
      }
    }
    case 'allowed-accelerators':
      return {
        ruleId: r.id,
        teamLabel: doc.teamLabel,
        allowed: r.allowed,
        perTeam: r.perTeam,
        perNamespace: r.perNamespace,
        requireSelector: r.requireSelector,
        namespaceTeams: namespaceTeams(facts),
        selectorTypes: selectorTypes(),
      }
    case 'required-labels':
      return { ruleId: r.id, labels: r.labels, scope: r.scope }
    case 'max-accelerators':
      return { ruleId: r.id, teamLabel: doc.teamLabel, max: r.max, perTeam: r.perTeam, exemptionLabel: r.exemptionLabel, namespaceTeams: namespaceTeams(facts) }
    case 'budget-ceiling':
      return {
        ruleId: r.id,
        teamLabel: doc.teamLabel,
        thresholdPct: r.thresholdPct,
        budgets: r.budgets.map((b) => ({ team: b.team, monthlyUsd: b.monthlyUsd, spentUsd: round6(facts.monthToDateUsd[b.team] ?? 0) })),
        asOf: facts.asOf,
        namespaceTeams: namespaceTeams(facts),
      }
  }
}

const ENFORCEMENT: Record<PolicyDoc['enforcement'], string> = { Deny: 'deny', Warn: 'warn', Audit: 'dryrun' }

export const constraintName = (doc: PolicyDoc, r: PolicyRule): string => `fleetplan-${doc.name}-${r.id}`

export function constraint(doc: PolicyDoc, r: PolicyRule, facts: PolicyFacts): Record<string, unknown> {
  return {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: REGO_TEMPLATES[r.kind].kind,
    metadata: {
      name: constraintName(doc, r),
      labels: { ...MANAGED_BY, 'fleetplan.io/policy': doc.name },
      annotations: {
        'argocd.argoproj.io/sync-wave': '0',
        // The Constraint's kind only exists after its template is read: let Argo CD's dry run skip it.
        'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
      },
    },
    spec: {
      enforcementAction: ENFORCEMENT[doc.enforcement],
      match: {
        kinds: [
          { apiGroups: [''], kinds: ['Pod'] },
          { apiGroups: ['batch'], kinds: ['Job'] },
        ],
        excludedNamespaces: ['kube-system', POLICY_NAMESPACE],
      },
      parameters: constraintParameters(doc, r, facts),
    },
  }
}
