/**
 * The policy model's intended semantics, written directly from the rule definitions (shared/policy-schema.ts
 * and the comment at the top of main/policy/emit/cel.ts) for the differential test. Independent of the
 * emitter: it reads the policy document and the facts, never the generated parameters or CEL, and parses
 * quantities with its own small parser.
 */
import { ACCELERATOR_RESOURCES, ACCELERATOR_SELECTOR_KEYS, selectorValueToType } from '../../shared/accelerator-k8s'
import type { PolicyDoc, PolicyRule } from '../../shared/policy-schema'
import type { PolicyFacts } from '../../shared/policy-types'

type Obj = Record<string, unknown>

const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
}

/** Kubernetes quantity → number; throws on anything else (the CEL's quantity() errors too). */
export function oracleQuantity(q: string): number {
  const m = /^([+-]?\d*\.?\d+|[+-]?\d+\.)([a-zA-Z]*|[eE][+-]?\d+)$/.exec(q)
  if (!m) throw new Error(`bad quantity ${q}`)
  const n = Number(m[1])
  const s = m[2] ?? ''
  if (/^[eE]/.test(s)) return n * 10 ** Number(s.slice(1))
  const f = SUFFIX[s]
  if (f === undefined) throw new Error(`bad suffix ${s}`)
  // Decimal suffixes below one: divide (0.5 = 500 / 1000 exactly, as the API server's decimal arithmetic).
  return f < 1 ? n / Math.round(1 / f) : n * f
}

function amount(c: Obj, resources: readonly string[]): number {
  const res = (c.resources ?? {}) as Obj
  const pick = (field: 'requests' | 'limits'): number | null => {
    const m = res[field] as Record<string, string> | undefined
    if (!m) return null
    const keys = Object.keys(m).filter((k) => resources.includes(k))
    if (keys.length === 0) return null
    return keys.reduce((s, k) => s + oracleQuantity(m[k] as string), 0)
  }
  return pick('requests') ?? pick('limits') ?? 0
}

function effective(spec: Obj, resources: readonly string[]): number {
  const app = ((spec.containers ?? []) as Obj[]).reduce((s, c) => s + amount(c, resources), 0)
  const init = ((spec.initContainers ?? []) as Obj[]).reduce((m, c) => Math.max(m, amount(c, resources)), 0)
  return Math.max(app, init)
}

export interface OracleRequest {
  kind: 'Pod' | 'Job'
  object: Obj
  namespace: string
}

/** For each rule of the policy: would the request be allowed? (null when the request itself is malformed.) */
export function intendedVerdicts(doc: PolicyDoc, facts: PolicyFacts, req: OracleRequest): boolean[] | null {
  const meta = (req.object.metadata ?? {}) as Obj
  const labels = (meta.labels ?? {}) as Record<string, string>
  const spec = (req.kind === 'Pod' ? req.object.spec : ((req.object.spec as Obj).template as Obj).spec) as Obj
  let accelerators: number
  let cpu: number
  let memGiB: number
  try {
    accelerators = effective(spec, ACCELERATOR_RESOURCES)
    cpu = effective(spec, ['cpu'])
    memGiB = effective(spec, ['memory']) / 1024 ** 3
  } catch {
    return null
  }
  const teamLabel = labels[doc.teamLabel]
  const team = teamLabel !== undefined && teamLabel !== '' ? teamLabel : (facts.namespaceTeams[req.namespace] ?? '')
  const selector = (spec.nodeSelector ?? {}) as Record<string, string>
  const selKey = ACCELERATOR_SELECTOR_KEYS.find((k) => k in selector)
  const raw = selKey ? (selector[selKey] as string) : ''
  const type = raw === '' ? '' : (selectorValueToType()[raw] ?? raw)
  const unknownPrice = (): number => {
    const r = doc.rules.find((x) => x.kind === 'max-hourly-cost' && x.unknownTypeUsdPerHour !== undefined)
    if (r?.kind === 'max-hourly-cost' && r.unknownTypeUsdPerHour !== undefined) return r.unknownTypeUsdPerHour
    const all = Object.values(facts.prices)
    return all.length ? Math.max(...all) : 0
  }
  const catalogPrice = (): number => (type !== '' && !type.includes('.') && type in facts.prices ? (facts.prices[type] as number) : unknownPrice())

  const verdict = (r: PolicyRule): boolean => {
    switch (r.kind) {
      case 'max-hourly-cost': {
        const price = type !== '' && !type.includes('.') && type in r.prices ? (r.prices[type] as number) : catalogPrice()
        const cost = accelerators * price + cpu * r.cpuUsdPerCoreHour + memGiB * r.memoryUsdPerGiBHour
        const limit = r.perTeam.find((t) => t.team === team)?.maxUsdPerHour ?? r.maxUsdPerHour
        return cost <= limit
      }
      case 'allowed-accelerators': {
        if (accelerators === 0) return true
        if (type === '') return !r.requireSelector
        const byNs = r.perNamespace.find((n) => n.namespace === req.namespace)
        const byTeam = r.perTeam.find((t) => t.team === team)
        const list = byNs?.allowed ?? byTeam?.allowed ?? r.allowed
        return list.includes(type)
      }
      case 'required-labels':
        if (r.scope === 'accelerator' && accelerators === 0) return true
        return r.labels.every((k) => k in labels && labels[k] !== '')
      case 'max-accelerators': {
        const limit = r.perTeam.find((t) => t.team === team)?.max ?? r.max
        return accelerators <= limit || labels[r.exemptionLabel] === 'true'
      }
      case 'budget-ceiling': {
        if (accelerators === 0) return true
        const b = r.budgets.find((x) => x.team === team)
        if (!b) return true
        return (facts.monthToDateUsd[team] ?? 0) < b.monthlyUsd * (r.thresholdPct / 100)
      }
    }
  }
  return doc.rules.map(verdict)
}
