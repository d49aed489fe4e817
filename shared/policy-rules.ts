/**
 * The policy rule kinds, their words and defaults, without the schema: the renderer's store adds rules
 * without loading zod (shared/policy-schema.ts validates them and re-exports these).
 */
import type { PolicyRule } from './policy-schema'

export const RULE_KINDS = ['max-hourly-cost', 'allowed-accelerators', 'required-labels', 'max-accelerators', 'budget-ceiling'] as const
export type RuleKind = (typeof RULE_KINDS)[number]

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  'max-hourly-cost': 'Maximum hourly cost of a workload',
  'allowed-accelerators': 'Accelerator types allowed per team / namespace',
  'required-labels': 'Required cost-allocation labels',
  'max-accelerators': 'Maximum accelerators per workload',
  'budget-ceiling': 'Team monthly budget ceiling',
}

/** What each rule kind denies, in one sentence (the editor and the README show it). */
export const RULE_KIND_HELP: Record<RuleKind, string> = {
  'max-hourly-cost':
    'Denies a workload whose requests cost more per hour than the limit: accelerators × the catalog price of the selected accelerator type, plus CPU cores and memory at the prices you set.',
  'allowed-accelerators':
    'Denies an accelerator workload whose accelerator type (node selector) is not allowed for its namespace, else its team, else everyone.',
  'required-labels': 'Denies a workload (accelerator workloads only, or every workload) that lacks one of the labels or has it empty.',
  'max-accelerators': 'Denies a workload requesting more accelerators than the limit, unless it carries the exemption label set to "true".',
  'budget-ceiling':
    'Denies new accelerator workloads of a team once its month-to-date spend has reached its monthly budget (× the threshold); the spend is a parameter the export refreshes.',
}

/** A fresh rule of a kind with conservative defaults (the editor's "Add rule"). */
export function defaultRule(kind: RuleKind, id: string): PolicyRule {
  switch (kind) {
    case 'max-hourly-cost':
      return { kind, id, maxUsdPerHour: 100, perTeam: [], prices: {}, cpuUsdPerCoreHour: 0, memoryUsdPerGiBHour: 0 }
    case 'allowed-accelerators':
      return { kind, id, allowed: ['H100', 'A100'], perTeam: [], perNamespace: [], requireSelector: true }
    case 'required-labels':
      return { kind, id, labels: ['team', 'project'], scope: 'accelerator' }
    case 'max-accelerators':
      return { kind, id, max: 8, perTeam: [], exemptionLabel: 'fleetplan.io/exempt-max-accelerators' }
    case 'budget-ceiling':
      return { kind, id, budgets: [{ team: 'team-a', monthlyUsd: 50_000 }], thresholdPct: 100 }
  }
}

/** Default rule ids per kind (short, so ConfigMap keys and variable names stay readable). */
export const DEFAULT_RULE_IDS: Record<RuleKind, string> = {
  'max-hourly-cost': 'cost',
  'allowed-accelerators': 'types',
  'required-labels': 'labels',
  'max-accelerators': 'size',
  'budget-ceiling': 'budget',
}
