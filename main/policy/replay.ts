/**
 * Replay: every historical workload becomes the admission request the cluster would have seen
 * (admission.ts), and the CEL of the ValidatingAdmissionPolicy the export writes — read back from its YAML —
 * is evaluated on it by @bufbuild/cel with the parameters the export would have written that day (the budget
 * rule's month-to-date spend is recomputed for every day replayed). Runs over a range of workload ids, so
 * the pool's threads split a replay; `mergePartials` adds their answers up.
 *
 * Identical inputs give identical verdicts (CEL is pure), so each rule's verdict is kept under a key made of
 * exactly what that rule's emitted validation reads (`ruleKeys`): kind, namespace, accelerator type and
 * containers for all; the team label for team-scoped limits; the required labels' values; the exemption
 * label; the day only for the budget rule (its month-to-date parameter changes daily). No emitted validation
 * or variable reads the object's name or any other label (emit/cel.ts reads labels by literal key only;
 * test/unit/policy/emit.test.ts checks the name), so a key without them changes no verdict — and
 * test/integration/policy-replay-alibaba.test.ts checks replays with and without reuse agree on every
 * workload. Messages, which may name the object, are evaluated per example.
 */
import { parse } from 'yaml'
import { ACCELERATOR_RESOURCES } from '../../shared/accelerator-k8s'
import { counterfactual } from '../../shared/policy-counterfactual'
import type { PolicyDoc } from '../../shared/policy-schema'
import type { PolicyFacts, ReplayExample, ReplayResult, ReplayRuleFigure } from '../../shared/policy-types'
import type { WorkloadContainer, WorkloadKind } from '../../shared/workload-types'
import type { Db } from '../db/open'
import { whereGiven } from '../db/where'
import { admissionRequest } from './admission'
import { CompiledVap, toCelValue, type AdmissionInput, type Verdict } from './cel/evaluator'
import { toYaml } from './emit/yaml'
import { paramsConfigMap, validatingAdmissionPolicy } from './emit/vap'
import { dayOf, monthToDateAt, type DailySpend } from './facts'

export const CEL_ENGINE = '@bufbuild/cel 0.6'

/** DailySpend in a form structured clone carries to a worker. */
export interface SpendTable {
  source: 'billing' | 'workloads'
  teams: [string, [number, number][]][]
}
export const toSpendTable = (s: DailySpend | null): SpendTable | null =>
  s ? { source: s.source, teams: [...s.byTeam].map(([t, m]) => [t, [...m]]) } : null
const fromSpendTable = (t: SpendTable | null): DailySpend | null =>
  t ? { source: t.source, byTeam: new Map(t.teams.map(([team, days]) => [team, new Map(days)])) } : null

export interface ReplayChunkInput {
  doc: PolicyDoc
  facts: Omit<PolicyFacts, 'monthToDateUsd' | 'asOf'>
  spend: SpendTable | null
  /** Workload ids [idFrom, idTo]. */
  idFrom: number
  idTo: number
  fromMs: number | null
  toMs: number | null
  examples: number
  /** False evaluates every validation on every workload (the check that reuse changes nothing). */
  reuseVerdicts?: boolean
}

interface Figure {
  workloads: number
  denied: number
  deniedCostUsd: number
}

export interface ReplayPartial {
  workloads: number
  denied: number
  deniedCostUsd: number
  deniedAcceleratorHours: number
  deniedCostBasis: { billedUsd: number; catalogUsd: number; unpriced: number }
  byRule: Omit<ReplayRuleFigure, 'ruleId' | 'kind'>[]
  byTeam: Record<string, Figure>
  byWeek: Record<string, Figure>
  examples: (ReplayExample & { startMs: number })[]
  evaluations: number
}

interface Row {
  id: number
  uid: string
  kind: WorkloadKind
  name: string
  namespace: string | null
  team: string | null
  accelerator_type: string | null
  accelerators: number
  labels_json: string
  containers_json: string | null
  start_ms: number | null
  accelerator_hours: number | null
  cost: number | null
  cost_source: string
}

const WEEK = 7 * 86_400_000
/** Monday of the week (UTC) of a time, as YYYY-MM-DD. */
export function weekOf(ms: number): string {
  const monday = Math.floor((ms - 4 * 86_400_000) / WEEK) * WEEK + 4 * 86_400_000
  return new Date(monday).toISOString().slice(0, 10)
}

/** The policy exactly as exported: YAML written, then read back. */
function shipped(doc: PolicyDoc): Record<'Pod' | 'Job', CompiledVap> {
  const read = (kind: 'Pod' | 'Job'): CompiledVap => {
    const vap = parse(toYaml(validatingAdmissionPolicy(doc, kind))) as { metadata: { name: string }; spec: ConstructorParameters<typeof CompiledVap>[0] }
    return new CompiledVap(vap.spec, vap.metadata.name)
  }
  return { Pod: read('Pod'), Job: read('Job') }
}

type KeyOf = (r: Row, labels: Record<string, string>, day: number) => string

/**
 * The accelerator resources of a workload's containers (and whether each is an init container): all the
 * `accelerators` variable reads of them. Kept per distinct containers text (a fleet has few).
 */
function acceleratorPart(): (r: Row) => string {
  const seen = new Map<string, string>()
  const pick = (m: Record<string, string> | undefined): string => (m ? ACCELERATOR_RESOURCES.map((k) => m[k] ?? '').join(',') : '')
  return (r) => {
    if (r.containers_json === null) return `n${r.accelerators}`
    let k = seen.get(r.containers_json)
    if (k === undefined) {
      const cs = JSON.parse(r.containers_json) as WorkloadContainer[]
      k = cs.map((c) => `${c.init ? 'i' : 'a'}${pick(c.requests)};${pick(c.limits)}`).join('|')
      if (seen.size > 100_000) seen.clear()
      seen.set(r.containers_json, k)
    }
    return k
  }
}

/** Per rule (in the policy's order): the cache key of its verdict — what its emitted validation reads. */
export function ruleKeys(doc: PolicyDoc): KeyOf[] {
  const label = (labels: Record<string, string>, k: string): string => JSON.stringify(labels[k] ?? null)
  const acc = acceleratorPart()
  // Kind, namespace (also the team's fallback), accelerator type and whether a node selector names it.
  const base = (r: Row): string => `${r.kind === 'Job' ? 'J' : 'P'}\u0001${r.namespace ?? ''}\u0001${r.accelerator_type ?? ''}\u0001${r.accelerators > 0 ? 1 : 0}`
  const team = (l: Record<string, string>): string => label(l, doc.teamLabel)
  return doc.rules.map((rule): KeyOf => {
    switch (rule.kind) {
      case 'max-hourly-cost':
        // Every resource of every container (CPU and memory are priced too).
        return (r, l) => `${base(r)}\u0001${r.accelerators}\u0001${r.containers_json ?? ''}\u0001${team(l)}`
      case 'allowed-accelerators':
        return (r, l) => `${base(r)}\u0001${acc(r)}\u0001${team(l)}`
      case 'required-labels':
        return (r, l) => `${base(r)}\u0001${acc(r)}\u0001${rule.labels.map((k) => label(l, k)).join('\u0001')}`
      case 'max-accelerators':
        return (r, l) => `${base(r)}\u0001${acc(r)}\u0001${team(l)}\u0001${label(l, rule.exemptionLabel)}`
      case 'budget-ceiling':
        // Not the type: the budget reads the team, whether accelerators are requested, and the day's spend.
        return (r, l, day) => `${r.kind === 'Job' ? 'J' : 'P'}\u0001${r.namespace ?? ''}\u0001${acc(r)}\u0001${team(l)}\u0001${day}`
    }
  })
}

export function replayChunk(db: Db, input: ReplayChunkInput, progress: (done: number, total: number) => void): ReplayPartial {
  const { doc } = input
  const vaps = shipped(doc)
  const spend = fromSpendTable(input.spend)
  const daily = doc.rules.some((r) => r.kind === 'budget-ceiling')
  const paramsByDay = new Map<number, AdmissionInput['params']>()
  const paramsFor = (day: number): AdmissionInput['params'] => {
    const key = daily ? day : 0
    let p = paramsByDay.get(key)
    if (p === undefined) {
      const facts: PolicyFacts = { ...input.facts, monthToDateUsd: daily ? monthToDateAt(spend, day) : {}, asOf: new Date(day * 86_400_000).toISOString() }
      p = toCelValue(parse(toYaml(paramsConfigMap(doc, facts))))
      paramsByDay.set(key, p)
    }
    return p
  }
  const where = ['id >= ?', 'id <= ?', 'host = 0']
  const params: number[] = [input.idFrom, input.idTo]
  whereGiven(where, params, 'start_ms >= ?', input.fromMs)
  whereGiven(where, params, 'start_ms < ?', input.toMs)
  const total = db.prepare(`SELECT count(*) FROM workload WHERE ${where.join(' AND ')}`).pluck().get(...params) as number
  const rows = db
    .prepare(
      `SELECT id, uid, kind, name, namespace, team, accelerator_type, accelerators, labels_json, containers_json, start_ms, accelerator_hours, cost, cost_source
         FROM workload WHERE ${where.join(' AND ')} ORDER BY id`,
    )
    .iterate(...params) as IterableIterator<Row>

  const n = doc.rules.length
  const out: ReplayPartial = {
    workloads: 0,
    denied: 0,
    deniedCostUsd: 0,
    deniedAcceleratorHours: 0,
    deniedCostBasis: { billedUsd: 0, catalogUsd: 0, unpriced: 0 },
    byRule: doc.rules.map(() => ({ denied: 0, deniedCostUsd: 0, deniedAcceleratorHours: 0, errors: 0 })),
    byTeam: {},
    byWeek: {},
    examples: [],
    evaluations: 0,
  }
  const keys = ruleKeys(doc)
  const caches = doc.rules.map(() => new Map<string, Verdict>())
  const reuse = input.reuseVerdicts !== false
  const bump = (m: Record<string, Figure>, key: string, denied: boolean, cost: number): void => {
    const f = (m[key] ??= { workloads: 0, denied: 0, deniedCostUsd: 0 })
    f.workloads++
    if (denied) {
      f.denied++
      f.deniedCostUsd += cost
    }
  }
  const latestExample = (): number => (out.examples.length < input.examples ? Infinity : (out.examples.at(-1)?.startMs ?? Infinity))

  for (const r of rows) {
    const day = r.start_ms === null ? 0 : dayOf(r.start_ms)
    const kind = r.kind === 'Job' ? 'Job' : 'Pod'
    const labels = JSON.parse(r.labels_json) as Record<string, string>
    let input_: AdmissionInput | null = null
    const build = (): AdmissionInput => {
      if (input_) return input_
      const req = admissionRequest({
        kind: r.kind,
        name: r.name,
        namespace: r.namespace,
        labels,
        containers: r.containers_json ? (JSON.parse(r.containers_json) as WorkloadContainer[]) : null,
        accelerators: r.accelerators,
        acceleratorType: r.accelerator_type,
      })
      input_ = { object: toCelValue(req.object), request: toCelValue(req.request), params: paramsFor(day) }
      return input_
    }
    const verdicts: Verdict[] = []
    for (let i = 0; i < n; i++) {
      const cache = caches[i] as Map<string, Verdict>
      const key = reuse ? (keys[i] as KeyOf)(r, labels, day) : ''
      let v = reuse ? cache.get(key) : undefined
      if (!v) {
        v = vaps[kind].evaluateAt(build(), i)
        out.evaluations++
        if (reuse) {
          if (cache.size > 250_000) cache.clear()
          cache.set(key, v)
        }
      }
      verdicts.push(v)
    }
    const denied = verdicts.some((v) => !v.allowed)
    const cost = r.cost ?? 0
    out.workloads++
    if (denied) {
      out.denied++
      out.deniedCostUsd += cost
      out.deniedAcceleratorHours += r.accelerator_hours ?? 0
      if (r.cost_source === 'billed') out.deniedCostBasis.billedUsd += cost
      else if (r.cost_source === 'catalog') out.deniedCostBasis.catalogUsd += cost
      else out.deniedCostBasis.unpriced++
      verdicts.forEach((v, i) => {
        if (v.allowed) return
        const f = out.byRule[i] as ReplayPartial['byRule'][number]
        f.denied++
        f.deniedCostUsd += cost
        f.deniedAcceleratorHours += r.accelerator_hours ?? 0
        if (v.error) f.errors++
      })
      const startMs = r.start_ms ?? Infinity
      if (input.examples > 0 && startMs < latestExample()) {
        const ex = build()
        out.examples.push({
          uid: r.uid,
          kind,
          name: r.name,
          namespace: r.namespace ?? 'default',
          team: r.team,
          start: r.start_ms === null ? null : new Date(r.start_ms).toISOString(),
          startMs,
          costUsd: r.cost,
          costSource: r.cost_source,
          acceleratorType: r.accelerator_type,
          accelerators: r.accelerators,
          denials: verdicts
            .filter((v) => !v.allowed)
            .map((v) => ({
              ruleId: doc.rules[v.index]?.id ?? String(v.index),
              message: v.error ? `evaluation error (the policy fails closed): ${v.error}` : vaps[kind].message(ex, v.index),
            })),
        })
        out.examples.sort((a, b) => a.startMs - b.startMs)
        if (out.examples.length > input.examples) out.examples.length = input.examples
      }
    }
    bump(out.byTeam, r.team ?? '(none)', denied, cost)
    if (r.start_ms !== null) bump(out.byWeek, weekOf(r.start_ms), denied, cost)
    if (out.workloads % 5000 === 0) progress(out.workloads, total)
  }
  progress(out.workloads, total)
  if (n !== out.byRule.length) throw new Error('rule count changed during replay')
  return out
}

export function mergePartials(
  doc: PolicyDoc,
  parts: readonly ReplayPartial[],
  meta: { from: string | null; to: string | null; resubmittedPct: number; examples: number; spendSource: ReplayResult['spendSource']; elapsedMs: number },
): ReplayResult {
  const sum = (f: (p: ReplayPartial) => number): number => parts.reduce((s, p) => s + f(p), 0)
  const mergeMap = (f: (p: ReplayPartial) => Record<string, Figure>): Record<string, Figure> => {
    const out: Record<string, Figure> = {}
    for (const p of parts) {
      for (const [k, v] of Object.entries(f(p))) {
        const o = (out[k] ??= { workloads: 0, denied: 0, deniedCostUsd: 0 })
        o.workloads += v.workloads
        o.denied += v.denied
        o.deniedCostUsd += v.deniedCostUsd
      }
    }
    return out
  }
  const r2 = (x: number): number => Math.round(x * 100) / 100
  const gross = r2(sum((p) => p.deniedCostUsd))
  return {
    policy: doc.name,
    from: meta.from,
    to: meta.to,
    workloads: sum((p) => p.workloads),
    denied: sum((p) => p.denied),
    deniedCostUsd: gross,
    deniedAcceleratorHours: r2(sum((p) => p.deniedAcceleratorHours)),
    deniedCostBasis: {
      billedUsd: r2(sum((p) => p.deniedCostBasis.billedUsd)),
      catalogUsd: r2(sum((p) => p.deniedCostBasis.catalogUsd)),
      unpriced: sum((p) => p.deniedCostBasis.unpriced),
    },
    byRule: doc.rules.map((rule, i) => ({
      ruleId: rule.id,
      kind: rule.kind,
      denied: sum((p) => p.byRule[i]?.denied ?? 0),
      deniedCostUsd: r2(sum((p) => p.byRule[i]?.deniedCostUsd ?? 0)),
      deniedAcceleratorHours: r2(sum((p) => p.byRule[i]?.deniedAcceleratorHours ?? 0)),
      errors: sum((p) => p.byRule[i]?.errors ?? 0),
    })),
    byTeam: Object.entries(mergeMap((p) => p.byTeam))
      .map(([team, f]) => ({ team, ...f, deniedCostUsd: r2(f.deniedCostUsd) }))
      .sort((a, b) => b.deniedCostUsd - a.deniedCostUsd || b.denied - a.denied || (a.team < b.team ? -1 : 1)),
    byWeek: Object.entries(mergeMap((p) => p.byWeek))
      .map(([week, f]) => ({ week, ...f, deniedCostUsd: r2(f.deniedCostUsd) }))
      .sort((a, b) => (a.week < b.week ? -1 : 1)),
    examples: parts
      .flatMap((p) => p.examples)
      .sort((a, b) => a.startMs - b.startMs || (a.uid < b.uid ? -1 : 1))
      .slice(0, meta.examples)
      .map(({ startMs: _s, ...e }) => e),
    counterfactual: counterfactual(gross, meta.resubmittedPct, doc.rules.some((r) => r.kind === 'budget-ceiling')),
    spendSource: meta.spendSource,
    engine: CEL_ENGINE,
    evaluations: sum((p) => p.evaluations),
    elapsedMs: Math.round(meta.elapsedMs),
  }
}
