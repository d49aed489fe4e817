/**
 * Workloads derived after each import commits (or on first use), the way a user's files arrive: the real FOCUS sample (billed instances, their
 * tags as labels — replayed against a tagging policy, counts checked with Python), and DCGM exporter +
 * kube-state-metrics telemetry naming pods (requests, init containers, MIG slices, missing labels), priced from
 * the catalog until a billing line naming the pod arrives, then billed. Deleting a snapshot takes its facts away;
 * a workspace whose derivation never ran (older version, process killed after the import) is derived on first use,
 * and billing lines whose cost changes after import are derived again.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { policyDocSchema } from '../../shared/policy-schema'
import type { Workload } from '../../shared/workload-types'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { writeFocusRows } from '../helpers/focus-rows'
import { FOCUS_SAMPLE, REPO_ROOT } from '../helpers/tmp'

let b: TestBackend
beforeEach(async () => {
  b = await emptyBackend()
})
afterEach(async () => b.close())

const T0 = Date.UTC(2024, 8, 2, 0, 0, 0)
const H = 3_600_000

/** DCGM exporter and kube-state-metrics series, as Prometheus text with millisecond timestamps. */
function telemetryFixture(): string {
  const lines: string[] = []
  const dcgm = (labels: string, hours: number): void => {
    for (let h = 0; h < hours; h++) lines.push(`DCGM_FI_DEV_GPU_UTIL{${labels}} ${40 + h} ${T0 + h * H}`)
  }
  const model = 'modelName="NVIDIA H100 80GB HBM3",Hostname="node-1"'
  dcgm(`gpu="0",UUID="GPU-1",${model},namespace="ml",pod="train-a",container="trainer"`, 6)
  dcgm(`gpu="1",UUID="GPU-2",${model},namespace="ml",pod="train-a",container="trainer"`, 6)
  dcgm(`gpu="2",UUID="GPU-3",${model},namespace="serve",pod="infer-b",container="server"`, 3)
  dcgm(`gpu="3",UUID="GPU-4",${model},GPU_I_ID="1",GPU_I_PROFILE="3g.40gb",namespace="ml",pod="mig-c",container="notebook"`, 2)
  dcgm(`gpu="5",UUID="GPU-6",${model},namespace="",pod="",container=""`, 6)
  const ksm = (metric: string, labels: string, value: number, hours: number): void => {
    for (let h = 0; h < hours; h++) lines.push(`${metric}{${labels}} ${value} ${T0 + h * H}`)
  }
  ksm('kube_pod_container_resource_requests', 'namespace="ml",pod="train-a",container="trainer",node="node-1",resource="nvidia_com_gpu",unit="integer"', 2, 6)
  ksm('kube_pod_container_resource_requests', 'namespace="ml",pod="train-a",container="trainer",node="node-1",resource="cpu",unit="core"', 4, 6)
  ksm('kube_pod_container_resource_requests', 'namespace="ml",pod="train-a",container="trainer",node="node-1",resource="memory",unit="byte"', 64 * 2 ** 30, 6)
  ksm('kube_pod_init_container_resource_requests', 'namespace="ml",pod="train-a",container="setup",node="node-1",resource="cpu",unit="core"', 0.5, 6)
  ksm('kube_pod_labels', 'namespace="ml",pod="train-a",label_team="vision",label_project="lumen"', 1, 6)
  return `${lines.join('\n')}\n`
}

/** The catalog's median on-demand H100 price, read from the bundled price book. */
function h100Median(): number {
  const prices = JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'catalog', 'prices.json'), 'utf8')) as { entries: { accelerator: string; option: string; usdPerAccelHour: number }[] }
  const xs = prices.entries.filter((e) => e.accelerator === 'H100' && e.option === 'on-demand').map((e) => e.usdPerAccelHour).sort((a, c) => a - c)
  const m = xs.length >> 1
  return xs.length % 2 ? (xs[m] as number) : ((xs[m - 1] as number) + (xs[m] as number)) / 2
}

const byUid = async (): Promise<Map<string, Workload>> => new Map((await b.call('workload-list', { limit: 5000 })).rows.map((w) => [w.uid, w]))

describe('workloads from the FOCUS sample', () => {
  it('makes one workload per compute resource, its tags as labels, billed; a tagging policy replays as Python counts it', async () => {
    await b.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    const expected = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          `
import csv, json, sys
from decimal import Decimal
res = {}
for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):
    if r['ServiceCategory'] not in ('Compute', 'AI and Machine Learning') or r['ResourceId'] in ('', 'NULL'):
        continue
    g = res.setdefault(r['ResourceId'], {'cost': Decimal(0), 'tags': {}})
    g['cost'] += Decimal(r['BilledCost']) if r['BilledCost'] not in ('', 'NULL') else 0
    if r['Tags'] not in ('', 'NULL'):
        for k, v in json.loads(r['Tags']).items():
            if v not in ('', None):
                g['tags'][k.strip()] = v
need = ['application', 'environment', 'business_unit']
denied = [k for k, g in res.items() if any(n not in g['tags'] for n in need)]
print(json.dumps({'resources': len(res), 'cost': str(sum(g['cost'] for g in res.values())),
                  'denied': len(denied), 'deniedCost': str(sum(res[k]['cost'] for k in denied))}))
`,
          FOCUS_SAMPLE,
        ],
        { encoding: 'utf8' },
      ),
    ) as { resources: number; cost: string; denied: number; deniedCost: string }
    const q = await b.call('workload-query', { by: ['Kind', 'CostSource'] })
    expect(q.rows).toHaveLength(1)
    expect(q.rows[0]?.keys).toEqual({ Kind: 'Instance', CostSource: 'billed' })
    expect(q.total.workloads).toBe(expected.resources)
    expect(q.total.billedUsd).toBeCloseTo(Number(expected.cost), 9)

    const doc = policyDocSchema.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'examples', 'policy-cost-allocation-tags.json'), 'utf8')))
    const r = await b.call('policy-replay', { doc })
    expect(r.workloads).toBe(expected.resources)
    expect(r.denied).toBe(expected.denied)
    expect(r.deniedCostUsd).toBeCloseTo(Number(expected.deniedCost), 2)
    expect(r.deniedCostBasis.billedUsd).toBeCloseTo(Number(expected.deniedCost), 2)
    expect(r.examples[0]?.denials[0]?.message).toMatch(/^\[tags\] missing cost-allocation label\(s\): /)
  })
})

describe('workloads from DCGM and kube-state-metrics telemetry', () => {
  it('derives pods with requests, init containers, MIG shares and labels; catalog-priced, then billed when a line names the pod', async () => {
    const file = join(b.dir, 'cluster.prom')
    writeFileSync(file, telemetryFixture())
    await b.call('telemetry-import', { files: [{ ref: file }], format: 'prometheus-text' })
    const w = await byUid()
    const a = w.get('pod:ml/train-a')
    expect(a).toBeDefined()
    expect(a?.accelerators).toBe(2)
    expect(a?.acceleratorType).toBe('H100')
    expect(a?.team).toBe('vision')
    expect(a?.labels).toEqual({ team: 'vision', project: 'lumen' })
    expect(a?.containers).toEqual(
      expect.arrayContaining([
        { name: 'trainer', requests: { 'nvidia.com/gpu': '2', cpu: '4', memory: '64Gi' } },
        { name: 'setup', init: true, requests: { cpu: '500m' } },
      ]),
    )
    expect(a?.start).toBe(new Date(T0).toISOString().replace('.000Z', 'Z'))
    expect(a?.hours).toBe(6) // six hourly samples: the last stands for one more hour
    expect(a?.acceleratorHours).toBe(12)
    expect(a?.costSource).toBe('catalog')
    expect(a?.cost).toBeCloseTo(12 * h100Median(), 6)
    expect(a?.costBasis).toMatch(/median catalog on-demand price of H100/)
    const bPod = w.get('pod:serve/infer-b')
    expect(bPod?.accelerators).toBe(1)
    expect(bPod?.labels).toEqual({})
    expect(bPod?.acceleratorHours).toBe(3)
    const c = w.get('pod:ml/mig-c')
    expect(c?.acceleratorHours).toBeCloseTo((3 / 7) * 2, 6)
    // The idle GPU (no pod) is not a workload.
    expect([...w.keys()].filter((k) => k.startsWith('pod:'))).toHaveLength(3)

    // A billing line whose tags name the pod: its cost becomes the pod's, billed.
    const billing = join(b.dir, 'pod-billing.csv')
    writeFocusRows(
      billing,
      [0, 1, 2].map((h) => ({
        BilledCost: '41.25',
        BillingPeriodStart: '2024-09-01 00:00:00',
        BillingPeriodEnd: '2024-10-01 00:00:00',
        ChargePeriodStart: `2024-09-02 0${h}:00:00`,
        ChargePeriodEnd: `2024-09-02 0${h + 1}:00:00`,
        ResourceId: 'node-1',
        Tags: JSON.stringify({ 'k8s-namespace': 'ml', 'k8s-pod': 'train-a', team: 'vision' }),
      })),
    )
    await b.call('billing-import', { files: [{ ref: billing }] })
    const billed = (await byUid()).get('pod:ml/train-a')
    expect(billed?.costSource).toBe('billed')
    expect(billed?.cost).toBeCloseTo(3 * 41.25, 9)
    expect(billed?.sources).toEqual(['billing', 'telemetry'])
    expect(billed?.accelerators).toBe(2)

    // Replayed: the unlabelled pods fail the labels rule, the two-GPU pod the size rule.
    const doc = policyDocSchema.parse({ name: 'pods', rules: [{ kind: 'required-labels', id: 'labels', labels: ['team'] }, { kind: 'max-accelerators', id: 'size', max: 1 }] })
    const r = await b.call('policy-replay', { doc, from: '2024-09-02', to: '2024-09-02' })
    expect(r.workloads).toBe(3)
    expect(Object.fromEntries(r.byRule.map((x) => [x.ruleId, x.denied]))).toEqual({ labels: 2, size: 1 })
    expect(r.denied).toBe(3)

    // Deleting the billing snapshot takes its facts away: the pod is catalog-priced again.
    const snaps = await b.call('snapshot-list', {})
    const podBilling = snaps.find((s) => s.fileName === 'pod-billing.csv')
    await b.call('snapshot-delete', { id: podBilling?.id })
    const again = (await byUid()).get('pod:ml/train-a')
    expect(again?.costSource).toBe('catalog')
    expect(again?.sources).toEqual(['telemetry'])
  })
})

describe('derivation outside the import', () => {
  it('repairs a workspace whose derivation never ran on first use, and re-derives lines whose cost changed', async () => {
    const file = join(b.dir, 'cluster.prom')
    writeFileSync(file, telemetryFixture())
    await b.call('telemetry-import', { files: [{ ref: file }], format: 'prometheus-text' })
    const billing = join(b.dir, 'pod-billing.csv')
    writeFocusRows(billing, [
      {
        BilledCost: '30',
        BillingPeriodStart: '2024-09-01 00:00:00',
        BillingPeriodEnd: '2024-10-01 00:00:00',
        ChargePeriodStart: '2024-09-02 00:00:00',
        ChargePeriodEnd: '2024-09-02 01:00:00',
        ResourceId: 'node-1',
        Tags: JSON.stringify({ 'k8s-namespace': 'ml', 'k8s-pod': 'train-a' }),
      },
    ])
    await b.call('billing-import', { files: [{ ref: billing }] })
    const before = await byUid()
    expect(before.get('pod:ml/train-a')?.cost).toBeCloseTo(30, 9)

    // As if the app had been closed between the imports' commits and their derivation.
    const db = b.backend.ctx.ws.db
    db.exec('DELETE FROM workload_derivation; DELETE FROM workload_fact; DELETE FROM workload;')
    const repaired = await byUid()
    expect([...repaired.keys()].sort()).toEqual([...before.keys()].sort())
    for (const [uid, w] of before) expect(repaired.get(uid)?.cost, uid).toBeCloseTo(w.cost ?? 0, 9)

    // A line's cost rewritten after import (as an Azure actual/amortized pairing does): derived again.
    db.prepare(`UPDATE billing_line SET "BilledCost" = 12.5 WHERE "ResourceId" = 'node-1'`).run()
    expect(db.prepare('SELECT count(*) FROM workload_derivation').pluck().get()).toBe(1)
    expect((await byUid()).get('pod:ml/train-a')?.cost).toBeCloseTo(12.5, 9)
  })
})
