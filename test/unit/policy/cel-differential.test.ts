/**
 * Differential test: the CEL Fleetplan emits (read back from the exported YAML, evaluated by @bufbuild/cel)
 * gives the verdict the policy model intends (test/helpers/policy-oracle.ts) on every rule kind, over
 * generated policies and ≥ 10,000 generated admission requests — missing and empty labels, zero requests,
 * init containers, several containers, limits without requests, quantities like 500m, 1000m and 1Gi,
 * unknown and dotted accelerator types, Pods and Jobs.
 */
import fc from 'fast-check'
import { parse } from 'yaml'
import { describe, expect, test } from 'vitest'
import { ACCELERATOR_NODE_LABELS } from '../../../shared/accelerator-k8s'
import { policyDocSchema, type PolicyDoc } from '../../../shared/policy-schema'
import type { PolicyFacts } from '../../../shared/policy-types'
import { CompiledVap, toCelValue } from '../../../main/policy/cel/evaluator'
import { emitPolicyFiles } from '../../../main/policy/emit'
import { intendedVerdicts } from '../../helpers/policy-oracle'

const TEAMS = ['vision', 'nlp', 'search', 'ml.ops']
const NAMESPACES = ['ml', 'research', 'default', 'team-x']
const TYPES = ['H100', 'A100', 'MI300X', 'TPUv5e', 'L40S', 'G2']
const EXEMPT = 'fleetplan.io/exempt-max-accelerators'

// Prices, limits and quantities are multiples of powers of two so sums are exact in any order.
const eighth = fc.integer({ min: 1, max: 800 }).map((n) => n / 8)
const teamsSubset = fc.subarray(TEAMS, { minLength: 0, maxLength: 3 })
const typesSubset = fc.subarray(TYPES.slice(0, 5), { minLength: 0, maxLength: 4 })

const docArb = fc
  .record({
    teamLabel: fc.constantFrom('team', 'example.com/team'),
    maxCost: eighth,
    costPerTeam: teamsSubset.chain((ts) => fc.tuple(...ts.map((t) => eighth.map((m) => ({ team: t, maxUsdPerHour: m }))))),
    rulePrices: fc.dictionary(fc.constantFrom(...TYPES.slice(0, 5)), eighth, { maxKeys: 2 }),
    unknownPrice: fc.option(eighth, { nil: undefined }),
    cpuPrice: fc.constantFrom(0, 0.125, 0.5),
    memPrice: fc.constantFrom(0, 0.0625, 0.25),
    allowed: typesSubset,
    allowedPerTeam: teamsSubset.chain((ts) => fc.tuple(...ts.map((t) => typesSubset.map((a) => ({ team: t, allowed: a }))))),
    allowedPerNs: fc.subarray(NAMESPACES, { maxLength: 2 }).chain((ns) => fc.tuple(...ns.map((n) => typesSubset.map((a) => ({ namespace: n, allowed: a }))))),
    requireSelector: fc.boolean(),
    labels: fc.subarray(['team', 'project', 'example.com/cost-center'], { minLength: 1 }),
    labelScope: fc.constantFrom('accelerator' as const, 'all' as const),
    max: fc.integer({ min: 0, max: 9 }),
    maxPerTeam: teamsSubset.chain((ts) => fc.tuple(...ts.map((t) => fc.integer({ min: 0, max: 9 }).map((m) => ({ team: t, max: m }))))),
    budgets: fc.subarray(TEAMS, { minLength: 1 }).chain((ts) => fc.tuple(...ts.map((t) => fc.integer({ min: 0, max: 5000 }).map((b) => ({ team: t, monthlyUsd: b }))))),
    threshold: fc.constantFrom(50, 80, 100, 125),
  })
  .map(
    (g): PolicyDoc =>
      policyDocSchema.parse({
        name: 'diff',
        teamLabel: g.teamLabel,
        engines: ['validating-admission-policy'],
        rules: [
          {
            kind: 'max-hourly-cost',
            id: 'cost',
            maxUsdPerHour: g.maxCost,
            perTeam: g.costPerTeam,
            prices: g.rulePrices,
            ...(g.unknownPrice !== undefined ? { unknownTypeUsdPerHour: g.unknownPrice } : {}),
            cpuUsdPerCoreHour: g.cpuPrice,
            memoryUsdPerGiBHour: g.memPrice,
          },
          { kind: 'allowed-accelerators', id: 'types', allowed: g.allowed, perTeam: g.allowedPerTeam, perNamespace: g.allowedPerNs, requireSelector: g.requireSelector },
          { kind: 'required-labels', id: 'labels', labels: g.labels, scope: g.labelScope },
          { kind: 'max-accelerators', id: 'size', max: g.max, perTeam: g.maxPerTeam, exemptionLabel: EXEMPT },
          { kind: 'budget-ceiling', id: 'budget', budgets: g.budgets, thresholdPct: g.threshold },
        ],
      }),
  )

const factsArb: fc.Arbitrary<PolicyFacts> = fc.record({
  prices: fc.dictionary(fc.constantFrom(...TYPES.slice(0, 5)), eighth, { minKeys: 1 }),
  namespaceTeams: fc.dictionary(fc.constantFrom(...NAMESPACES), fc.constantFrom(...TEAMS), { maxKeys: 3 }),
  monthToDateUsd: fc.dictionary(fc.constantFrom(...TEAMS), fc.integer({ min: 0, max: 600_000 }).map((c) => c / 100), { maxKeys: 4 }),
  asOf: fc.constant('2024-09-15T00:00:00Z'),
})

const ACCEL_Q = ['0', '1', '2', '4', '8', '1000m', '3', '16']
const CPU_Q = ['500m', '1', '2', '250m', '0.5', '4', '1500m']
const MEM_Q = ['1Gi', '512Mi', '2Gi', '1024Mi', '0', '3Gi']
const resourcesArb = fc
  .record({
    accel: fc.option(fc.tuple(fc.constantFrom('nvidia.com/gpu', 'amd.com/gpu', 'google.com/tpu'), fc.constantFrom(...ACCEL_Q)), { nil: undefined }),
    accel2: fc.option(fc.tuple(fc.constantFrom('habana.ai/gaudi', 'aws.amazon.com/neuron'), fc.constantFrom(...ACCEL_Q)), { freq: 6, nil: undefined }),
    cpu: fc.option(fc.constantFrom(...CPU_Q), { nil: undefined }),
    mem: fc.option(fc.constantFrom(...MEM_Q), { nil: undefined }),
    where: fc.constantFrom('requests', 'limits', 'both', 'none'),
  })
  .map((r) => {
    const m: Record<string, string> = {}
    if (r.accel) m[r.accel[0]] = r.accel[1]
    if (r.accel2) m[r.accel2[0]] = r.accel2[1]
    if (r.cpu) m.cpu = r.cpu
    if (r.mem) m.memory = r.mem
    if (r.where === 'none' || Object.keys(m).length === 0) return undefined
    if (r.where === 'requests') return { requests: m }
    if (r.where === 'limits') return { limits: m }
    return { requests: m, limits: { ...m } }
  })
const containerArb = fc.record({ name: fc.constantFrom('main', 'sidecar', 'setup'), resources: resourcesArb })
const selectorValues = [...Object.values(ACCELERATOR_NODE_LABELS).map((l) => [l.key, l.value] as const), ['nvidia.com/gpu.product', 'G2'] as const, ['fleetplan.io/accelerator', 'odd.type'] as const]

const requestArb = fc.record({
  kind: fc.constantFrom('Pod' as const, 'Job' as const),
  namespace: fc.constantFrom(...NAMESPACES),
  labels: fc.option(fc.dictionary(fc.constantFrom('team', 'example.com/team', 'project', 'example.com/cost-center', EXEMPT), fc.constantFrom('', 'vision', 'nlp', 'ml.ops', 'true', 'false', 'x')), {
    nil: undefined,
  }),
  containers: fc.array(containerArb, { minLength: 1, maxLength: 3 }),
  init: fc.array(containerArb, { maxLength: 2 }),
  selector: fc.option(fc.constantFrom(...selectorValues), { nil: undefined }),
})

type Req = fc.Arbitrary<typeof requestArb extends fc.Arbitrary<infer T> ? T : never> extends fc.Arbitrary<infer U> ? U : never

function buildObject(r: Req): Record<string, unknown> {
  const strip = (c: { name: string; resources: unknown }, i: number): Record<string, unknown> => ({
    name: `${c.name}-${i}`,
    image: 'x',
    ...(c.resources ? { resources: c.resources } : {}),
  })
  const spec: Record<string, unknown> = { containers: r.containers.map(strip) }
  if (r.init.length) spec.initContainers = r.init.map(strip)
  if (r.selector) spec.nodeSelector = { [r.selector[0]]: r.selector[1] }
  const metadata = { name: 'w', namespace: r.namespace, ...(r.labels ? { labels: r.labels } : {}) }
  return r.kind === 'Pod' ? { apiVersion: 'v1', kind: 'Pod', metadata, spec } : { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { template: { spec } } }
}

describe('emitted CEL equals the policy model on generated admission requests', () => {
  test('≥ 10,000 requests, every rule kind, edge cases covered', () => {
    let requests = 0
    let denials = 0
    const seen = { missingLabels: 0, emptyLabel: 0, zeroAccel: 0, init: 0, multi: 0, milli: 0, gi: 0, limitsOnly: 0, job: 0 }
    const deniedByRule = new Map<string, number>()
    fc.assert(
      fc.property(docArb, factsArb, fc.array(requestArb, { minLength: 440, maxLength: 440 }), (doc, facts, reqs) => {
        // Evaluate exactly what ships: the YAML files, parsed back.
        const files = emitPolicyFiles([doc], facts)
        const obj = (suffix: string): Record<string, unknown> => parse(files.find((f) => f.path.endsWith(suffix))?.text ?? '') as Record<string, unknown>
        const params = toCelValue(obj('params.configmap.yaml'))
        const vaps = {
          Pod: new CompiledVap((obj('validatingadmissionpolicy-pods.yaml') as { spec: never }).spec),
          Job: new CompiledVap((obj('validatingadmissionpolicy-jobs.yaml') as { spec: never }).spec),
        }
        for (const r of reqs) {
          const object = buildObject(r)
          const text = JSON.stringify(object)
          if (!r.labels || Object.keys(r.labels).length === 0) seen.missingLabels++
          if (r.labels && Object.values(r.labels).includes('')) seen.emptyLabel++
          if (!/gpu|tpu|gaudi|neuron/.test(text) || /"(nvidia\.com\/gpu|amd\.com\/gpu|google\.com\/tpu)":"0"/.test(text)) seen.zeroAccel++
          if (r.init.length) seen.init++
          if (r.containers.length > 1) seen.multi++
          if (/\d+m"/.test(text)) seen.milli++
          if (/Gi"/.test(text)) seen.gi++
          if (/"limits"/.test(text) && !/"requests"/.test(text)) seen.limitsOnly++
          if (r.kind === 'Job') seen.job++
          const request = { kind: { group: r.kind === 'Job' ? 'batch' : '', version: 'v1', kind: r.kind }, namespace: r.namespace, operation: 'CREATE', name: 'w' }
          const verdicts = vaps[r.kind].evaluate({ object: toCelValue(object), request: toCelValue(request), params })
          const intended = intendedVerdicts(doc, facts, { kind: r.kind, object, namespace: r.namespace })
          requests++
          expect(intended, `oracle could not read ${text}`).not.toBeNull()
          const got = verdicts.map((v) => {
            expect(v.error, `CEL error on ${text}`).toBeNull()
            return v.allowed
          })
          if (JSON.stringify(got) !== JSON.stringify(intended)) {
            throw new Error(`verdicts differ on ${text}\npolicy ${JSON.stringify(doc)}\nfacts ${JSON.stringify(facts)}\nCEL ${JSON.stringify(got)} model ${JSON.stringify(intended)}`)
          }
          got.forEach((ok, i) => {
            if (!ok) {
              denials++
              const id = doc.rules[i]?.id ?? '?'
              deniedByRule.set(id, (deniedByRule.get(id) ?? 0) + 1)
            }
          })
        }
      }),
      { numRuns: Number(process.env.DIFF_RUNS ?? 24), seed: 20240901, endOnFailure: true },
    )
    expect(requests).toBeGreaterThanOrEqual(10_000)
    // Every rule kind both allowed and denied something, and every edge case occurred many times.
    for (const id of ['cost', 'types', 'labels', 'size', 'budget']) {
      expect(deniedByRule.get(id) ?? 0, `rule ${id} denied nothing`).toBeGreaterThan(100)
      expect(deniedByRule.get(id) ?? 0, `rule ${id} denied everything`).toBeLessThan(requests)
    }
    for (const [k, n] of Object.entries(seen)) expect(n, `edge case ${k}`).toBeGreaterThan(200)
    expect(denials).toBeGreaterThan(0)
  }, 600_000)
})
