/**
 * The policy's parameters: one ConfigMap whose `data` the CEL reads as `params.data`. It holds what changes
 * per team or namespace and what the export refreshes from the workspace (prices, month-to-date spend,
 * namespace → team); the Gatekeeper Constraints carry the same values as typed parameters.
 * Keys are `[-._a-zA-Z0-9]+` (ConfigMap keys); values are strings, numbers in plain decimal.
 */
import { selectorValueToType } from '../../../shared/accelerator-k8s'
import type { PolicyDoc } from '../../../shared/policy-schema'
import type { PolicyFacts } from '../../../shared/policy-types'

/** Plain decimal text of a number (no exponent), as the CEL's double() reads it back exactly. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`)
  const r = Math.round(x * 1e6) / 1e6
  return Object.is(r, -0) ? '0' : String(r).includes('e') ? r.toFixed(6).replace(/\.?0+$/, '') : String(r)
}

const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/

/** The price of an accelerator whose type the workload does not select or the catalog does not price. */
export function unknownTypePrice(doc: PolicyDoc, facts: PolicyFacts): number {
  const explicit = doc.rules.find((r) => r.kind === 'max-hourly-cost' && r.unknownTypeUsdPerHour !== undefined)
  if (explicit?.kind === 'max-hourly-cost' && explicit.unknownTypeUsdPerHour !== undefined) return explicit.unknownTypeUsdPerHour
  const all = Object.values(facts.prices)
  return all.length ? Math.max(...all) : 0
}

export function paramsData(doc: PolicyDoc, facts: PolicyFacts): Record<string, string> {
  const data: Record<string, string> = {}
  const put = (key: string, value: string): void => {
    // Names the schema could not rule out (e.g. a namespace seen in history) are skipped, not mangled.
    if (CONFIGMAP_KEY.test(key) && key.length <= 253) data[key] = value
  }
  for (const [ns, team] of Object.entries(facts.namespaceTeams)) put(`team.ns.${ns}`, team)
  for (const [value, type] of Object.entries(selectorValueToType())) if (value !== type) put(`accel.${value}`, type)
  const costRules = doc.rules.filter((r) => r.kind === 'max-hourly-cost')
  if (costRules.length > 0) {
    for (const [type, usd] of Object.entries(facts.prices)) put(`price.${type}`, num(usd))
    put('price.unknown', num(unknownTypePrice(doc, facts)))
  }
  for (const r of doc.rules) {
    switch (r.kind) {
      case 'max-hourly-cost':
        for (const [type, usd] of Object.entries(r.prices)) put(`${r.id}.price.${type}`, num(usd))
        for (const t of r.perTeam) put(`${r.id}.max.${t.team}`, num(t.maxUsdPerHour))
        break
      case 'allowed-accelerators':
        for (const t of r.perTeam) {
          put(`${r.id}.scope.team.${t.team}`, 'own list')
          for (const type of t.allowed) put(`${r.id}.allow.team.${t.team}.${type}`, 'allowed')
        }
        for (const n of r.perNamespace) {
          put(`${r.id}.scope.ns.${n.namespace}`, 'own list')
          for (const type of n.allowed) put(`${r.id}.allow.ns.${n.namespace}.${type}`, 'allowed')
        }
        break
      case 'max-accelerators':
        for (const t of r.perTeam) put(`${r.id}.max.${t.team}`, num(t.max))
        break
      case 'budget-ceiling':
        for (const b of r.budgets) {
          put(`${r.id}.limit.${b.team}`, num(b.monthlyUsd))
          put(`${r.id}.spent.${b.team}`, num(facts.monthToDateUsd[b.team] ?? 0))
        }
        break
      case 'required-labels':
        break
    }
  }
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
