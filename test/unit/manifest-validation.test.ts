/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- mutations poke at untyped manifest JSON on purpose */
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { parse } from 'yaml'
import { clusterManifests, CLUSTER_GENERATORS, renderClusterFolder } from '../../main/gitops/manifests/generators'
import { bodyOf, isGenerated, planIdOf, toYaml } from '../../main/gitops/manifests/stable-yaml'
import { caseInsensitivePattern, ManifestValidator, type CelTally } from '../../main/gitops/manifests/validate'
import { fixturePlan, PLAN_FIXTURES } from '../helpers/plan-fixtures'
import { KIT_DATA, REPO_ROOT } from '../helpers/tmp'

// The vendored CRDs the app ships, and — to prove the vendored copies are the real ones — the kit's originals.
const shipped = new ManifestValidator(join(REPO_ROOT, 'resources', 'crds'))
const kit = new ManifestValidator(join(KIT_DATA, 'k8s-crds'))
const hpaPlan = fixturePlan('mixed-cloud', { edits: [{ target: { kind: 'setting', field: 'autoscaler' }, value: 'hpa', by: 'R', at: '2026-11-27T11:00:00.000Z' }] })
const plans = [...PLAN_FIXTURES.map((n) => fixturePlan(n)), hpaPlan]
const objects = plans.flatMap((p) => clusterManifests(p, CLUSTER_GENERATORS))
const clone = <T>(x: T): T => structuredClone(x)
const byKind = (kind: string) => clone(objects.find((o) => o.object.kind === kind)!.object) as Record<string, any>

describe('manifest validation against the real schemas', () => {
  it('covers every kind the export writes', () => {
    expect([...new Set(objects.map((o) => `${o.object.apiVersion}/${o.object.kind}`))].sort()).toEqual([
      'autoscaling/v2/HorizontalPodAutoscaler',
      'karpenter.sh/v1/NodePool',
      'keda.sh/v1alpha1/ScaledObject',
      'kueue.x-k8s.io/v1beta2/ClusterQueue',
      'kueue.x-k8s.io/v1beta2/LocalQueue',
      'kueue.x-k8s.io/v1beta2/ResourceFlavor',
      'monitoring.coreos.com/v1/PrometheusRule',
      'v1/ResourceQuota',
    ])
  })

  it('every generated manifest validates (CRD schema with its CEL rules, kubernetes-models, names), with the shipped and the kit CRDs', () => {
    const tally: CelTally = { evaluated: 0, skipped: [] }
    for (const o of objects) {
      // What is written to disk is what is validated: parse the YAML back.
      const fromYaml = parse(toYaml(o.object)) as unknown
      expect(shipped.validate(fromYaml, o.path, tally), o.path).toEqual([])
      expect(kit.validate(fromYaml, o.path), o.path).toEqual([])
    }
    // The CRDs' CEL rules really ran (ClusterQueue and NodePool carry some).
    expect(tally.evaluated).toBeGreaterThan(50)
  })

  it('catches a wrong type, a missing required field, a bad enum, a bad name and a broken CEL rule', () => {
    const cases: [string, (o: Record<string, any>) => void, RegExp][] = [
      ['ClusterQueue', (o) => (o.spec.resourceGroups[0].flavors[0].resources[0].nominalQuota = true), /nominalQuota.*must be (integer|string)/],
      ['ClusterQueue', (o) => delete o.spec.resourceGroups[0].coveredResources, /must have required property 'coveredResources'/],
      ['ClusterQueue', (o) => (o.spec.queueingStrategy = 'Random'), /must be equal to one of the allowed values \(StrictFIFO, BestEffortFIFO\)/],
      [
        'ClusterQueue',
        (o) => {
          o.spec.resourceGroups[0].flavors[0].resources[0].borrowingLimit = 1
          delete o.spec.cohortName
        },
        /borrowingLimit must be nil when cohort is empty/,
      ],
      ['ClusterQueue', (o) => o.spec.resourceGroups[0].flavors[0].resources.push({ name: 'cpu', nominalQuota: 1 }), /flavors must have the same number of resources as the coveredResources/],
      ['ResourceFlavor', (o) => (o.metadata.name = 'H100_Spot'), /DNS-1123/],
      ['LocalQueue', (o) => delete o.metadata.namespace, /namespaced/],
      ['ResourceQuota', (o) => (o.spec.hard['requests.nvidia.com/gpu'] = [4]), /kubernetes-models/],
      ['ScaledObject', (o) => delete o.spec.scaleTargetRef, /must have required property 'scaleTargetRef'/],
      ['ScaledObject', (o) => (o.spec.minReplicaCount = 'one'), /minReplicaCount.*must be integer/],
      ['HorizontalPodAutoscaler', (o) => delete o.spec.maxReplicas, /kubernetes-models/],
      ['NodePool', (o) => (o.spec.template.spec.requirements[0].values = []), /requirements with operator 'In' must have a value defined/],
      ['NodePool', (o) => (o.spec.disruption.consolidateAfter = 'ten minutes'), /consolidateAfter.*must match pattern/],
      ['NodePool', (o) => (o.metadata.namespace = 'default'), /cluster-scoped/],
      ['PrometheusRule', (o) => (o.spec.groups[0].rules[0].expr = { query: 1 }), /expr/],
      ['PrometheusRule', (o) => (o.spec.groups[0].partial_response_strategy = 'sometimes'), /partial_response_strategy.*must match pattern/],
    ]
    for (const [kind, mutate, expected] of cases) {
      const o = byKind(kind)
      expect(shipped.validate(o, 'x.yaml'), `${kind} before mutation`).toEqual([])
      mutate(o)
      const problems = shipped.validate(o, 'x.yaml')
      expect(problems.map((p) => `${p.field} ${p.message}`).join('\n'), `${kind}: ${String(expected)}`).toMatch(expected)
    }
  })

  it('rewrites RE2 (?i) patterns to an equivalent JavaScript pattern', () => {
    const re = new RegExp(caseInsensitivePattern('^(?i)(abort|warn)?$'), 'u')
    for (const ok of ['abort', 'WARN', 'Abort', '']) expect(re.test(ok)).toBe(true)
    for (const bad of ['abortx', 'warm']) expect(re.test(bad)).toBe(false)
  })
})

describe('stable YAML', () => {
  it('renders the same plan to the same bytes, keys in a fixed order, one resource per file with the plan id in the header', () => {
    const p = fixturePlan('mixed-cloud')
    const head = { planId: p.id, planName: p.name, approvedBy: 'A', approvedAt: '2026-11-27T10:00:00.000Z' }
    const a = renderClusterFolder(p, head)
    const b = renderClusterFolder(fixturePlan('mixed-cloud'), head)
    expect(b).toEqual(a)
    for (const f of a) {
      expect(isGenerated(f.content)).toBe(true)
      expect(planIdOf(f.content)).toBe(p.id)
      const docs = bodyOf(f.content).split(/^---$/m)
      expect(docs).toHaveLength(1)
      if (f.path !== 'kustomization.yaml') expect(Object.keys(parse(bodyOf(f.content)) as object).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata'])
    }
    // No line is folded, however long (PromQL and reasoning stay on one line).
    const rule = a.find((f) => f.path.startsWith('alerts/'))!
    expect(rule.content).toMatch(/expr: \(sum\(container_gpu_allocation\{namespace="[a-z-]+"\} \* on \(node\) group_left \(\) avg by \(node\) \(node_gpu_hourly_cost\)\)\) > \d+\.\d\d\n/)
    // YAML 1.1 readers (kubectl, Argo CD) must see strings, not booleans.
    expect(toYaml({ a: 'on', b: 'yes', c: '7' })).toBe('a: "on"\nb: "yes"\nc: "7"\n')
  })
})
