/**
 * ValidatingAdmissionPolicy + binding (admissionregistration.k8s.io/v1, Kubernetes ≥ 1.30) for a policy: one
 * pair for Pods and one for batch Jobs (their pod specs sit at different paths, and one policy per kind keeps
 * the API server's type checking free of warnings), and the parameter ConfigMap both bindings read.
 */
import type { PolicyDoc } from '../../../shared/policy-schema'
import type { PolicyFacts } from '../../../shared/policy-types'
import { celValidations, celVariables, type AdmittedKind } from './cel'
import { paramsData } from './params'

export const POLICY_NAMESPACE = 'fleetplan-system'
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'fleetplan' }

export const vapName = (doc: PolicyDoc, kind: AdmittedKind): string => `fleetplan-${doc.name}-${kind === 'Pod' ? 'pods' : 'jobs'}`
export const paramsName = (doc: PolicyDoc): string => `fleetplan-${doc.name}-params`

const labels = (doc: PolicyDoc): Record<string, string> => ({ ...MANAGED_BY, 'fleetplan.io/policy': doc.name })

const RESOURCE_RULES: Record<AdmittedKind, Record<string, unknown>> = {
  Pod: { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
  Job: { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['jobs'] },
}

/** Deny blocks and records in the audit log; Warn answers with a warning; Audit only records. */
const ACTIONS: Record<PolicyDoc['enforcement'], string[]> = { Deny: ['Deny', 'Audit'], Warn: ['Warn', 'Audit'], Audit: ['Audit'] }

export function validatingAdmissionPolicy(doc: PolicyDoc, kind: AdmittedKind): Record<string, unknown> {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: {
      name: vapName(doc, kind),
      labels: labels(doc),
      ...(doc.description ? { annotations: { 'fleetplan.io/description': doc.description } } : {}),
    },
    spec: {
      // An expression that cannot be evaluated denies: a cost policy that fails open is no policy.
      failurePolicy: 'Fail',
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: { resourceRules: [RESOURCE_RULES[kind]] },
      variables: celVariables(doc, kind),
      validations: celValidations(doc).map((v) => ({
        expression: v.expression,
        messageExpression: v.messageExpression,
        message: v.message,
        reason: v.reason,
      })),
    },
  }
}

export function validatingAdmissionPolicyBinding(doc: PolicyDoc, kind: AdmittedKind): Record<string, unknown> {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: vapName(doc, kind), labels: labels(doc) },
    spec: {
      policyName: vapName(doc, kind),
      paramRef: { name: paramsName(doc), namespace: POLICY_NAMESPACE, parameterNotFoundAction: 'Deny' },
      validationActions: ACTIONS[doc.enforcement],
      matchResources: {
        namespaceSelector: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', POLICY_NAMESPACE] }],
        },
      },
    },
  }
}

export function paramsConfigMap(doc: PolicyDoc, facts: PolicyFacts): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: paramsName(doc),
      namespace: POLICY_NAMESPACE,
      labels: labels(doc),
      annotations: { 'fleetplan.io/facts-as-of': facts.asOf },
    },
    data: paramsData(doc, facts),
  }
}

export function policyNamespace(): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: POLICY_NAMESPACE, labels: MANAGED_BY } }
}
