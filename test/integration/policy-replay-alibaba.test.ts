/**
 * Replay on real data: the Alibaba GPU cluster trace (openb, 8,152 pods, Weng et al. ATC '23; research use,
 * never shipped) imported through the job-trace mapping, then a policy replayed on it. Every count, hour and
 * dollar is checked against an independent computation with Python's csv module over the raw file.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobTraceImportOutcome } from '../../shared/workload-types'
import { policyDocSchema } from '../../shared/policy-schema'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { KIT_DATA } from '../helpers/tmp'

const TRACE = join(KIT_DATA, 'alibaba-gpu-traces', 'v2023-openb', 'openb_pod_list_gpuspec33.csv')
const ORIGIN = '2023-06-01T00:00:00Z'
const PRICES = { V100: 2.48, T4: 0.35 }

const MAPPING = {
  kind: 'jobs',
  id: 'name',
  start: 'creation_time',
  end: 'deletion_time',
  timeUnit: 's',
  timeOrigin: ORIGIN,
  accelerators: 'num_gpu',
  acceleratorShare: { column: 'gpu_milli', scale: 1000 },
  acceleratorType: 'gpu_spec',
  typeMap: { V100M16: 'V100', V100M32: 'V100' },
  cpu: { column: 'cpu_milli', unit: 'millicores' },
  memory: { column: 'memory_mib', unit: 'MiB' },
  labels: [{ column: 'qos' }],
  where: { column: 'pod_phase', in: ['Running', 'Succeeded', 'Failed'] },
}

const POLICY = policyDocSchema.parse({
  name: 'openb-replay',
  rules: [
    { kind: 'max-accelerators', id: 'size', max: 2 },
    { kind: 'allowed-accelerators', id: 'types', allowed: ['V100', 'P100'], requireSelector: false },
    // Its own prices, so the expected figures do not depend on the catalog's other entries.
    { kind: 'max-hourly-cost', id: 'cost', maxUsdPerHour: 1, prices: PRICES, unknownTypeUsdPerHour: 3, cpuUsdPerCoreHour: 0.03125, memoryUsdPerGiBHour: 0.00390625 },
    { kind: 'required-labels', id: 'qos', labels: ['qos'], scope: 'all' },
  ],
})

/** The expected figures, from the raw CSV with Python (its own parsing, arithmetic and rule logic). */
function pythonExpected(): {
  workloads: number
  acceleratorHours: number
  catalogCost: number
  denied: number
  deniedCost: number
  byRule: Record<string, number>
} {
  const script = `
import csv, json, sys
from datetime import datetime, timezone
prices = json.loads(sys.argv[2])
type_map = {'V100M16': 'V100', 'V100M32': 'V100'}
rows = [r for r in csv.DictReader(open(sys.argv[1], newline='')) if r['pod_phase'] in ('Running', 'Succeeded', 'Failed')]
unknown_price = 3.0  # the cost rule's price for unselected or unpriced types
out = {'workloads': len(rows), 'acceleratorHours': 0.0, 'catalogCost': 0.0, 'denied': 0, 'deniedCost': 0.0,
       'byRule': {'size': 0, 'types': 0, 'cost': 0, 'qos': 0}}
for r in rows:
    n = int(r['num_gpu'])
    milli = int(r['gpu_milli'])
    share = milli / 1000 if n == 1 and 0 < milli < 1000 else n
    hours = (int(r['deletion_time']) - int(r['creation_time'])) / 3600
    ah = share * hours
    spec = r['gpu_spec'].split('|')[0]
    t = type_map.get(spec, spec)
    out['acceleratorHours'] += ah
    cost = ah * prices[t] if (n > 0 and t in prices) else 0.0
    out['catalogCost'] += cost
    # The rules, as the policy model defines them.
    size = n > 2
    types = n > 0 and t != '' and t not in ('V100', 'P100')
    price = prices[t] if t in prices else unknown_price
    hourly = n * price + int(r['cpu_milli']) / 1000 * 0.03125 + int(r['memory_mib']) / 1024 * 0.00390625
    cost_rule = hourly > 1
    qos = r['qos'] == ''
    rules = {'size': size, 'types': types, 'cost': cost_rule, 'qos': qos}
    for k, v in rules.items():
        out['byRule'][k] += v
    if any(rules.values()):
        out['denied'] += 1
        out['deniedCost'] += cost
print(json.dumps(out))
`
  return JSON.parse(execFileSync('python3', ['-c', script, TRACE, JSON.stringify(PRICES)], { encoding: 'utf8' })) as ReturnType<typeof pythonExpected>
}

let b: TestBackend
let expected: ReturnType<typeof pythonExpected>

beforeAll(async () => {
  b = await emptyBackend()
  for (const [type, usd] of Object.entries(PRICES)) {
    await b.call('catalog-override', { kind: 'price', key: `${type}|gcp|us-central1|on-demand`, field: 'usdPerAccelHour', value: usd, note: 'test price' })
  }
  expected = pythonExpected()
})
afterAll(async () => b.close())

describe('Alibaba openb trace → workloads → replay', () => {
  it('imports the trace through the mapping: workloads, accelerator-hours and catalog cost match Python', async () => {
    const [o] = await b.call('workload-import', { files: [{ ref: TRACE }], mapping: MAPPING })
    expect((o as JobTraceImportOutcome).status).toBe('imported')
    expect((o as JobTraceImportOutcome).jobs).toBe(expected.workloads)
    expect((o as JobTraceImportOutcome).warnings.join(' ')).toMatch(/897 rows skipped/)
    const q = await b.call('workload-query', { by: ['CostSource'] })
    expect(q.total.workloads).toBe(expected.workloads)
    expect(q.total.acceleratorHours).toBeCloseTo(expected.acceleratorHours, 3)
    expect(q.total.costUsd).toBeCloseTo(expected.catalogCost, 3)
    // Nothing here is billed: costs are catalog-priced, and types without a price stay unpriced.
    expect(q.rows.map((r) => r.keys.CostSource).sort()).toEqual(['catalog', 'unpriced'])
    const again = await b.call('workload-import', { files: [{ ref: TRACE }], mapping: MAPPING })
    expect((again[0] as JobTraceImportOutcome).status).toBe('duplicate')
  })

  it('replays the policy: counts and dollars equal the independent computation', async () => {
    const r = await b.call('policy-replay', { doc: POLICY, resubmittedPct: 40, examples: 5 })
    expect(r.workloads).toBe(expected.workloads)
    expect(r.denied).toBe(expected.denied)
    expect(r.deniedCostUsd).toBeCloseTo(expected.deniedCost, 1)
    for (const rule of r.byRule) expect(rule.denied, rule.ruleId).toBe(expected.byRule[rule.ruleId])
    expect(r.byRule.every((x) => x.errors === 0)).toBe(true)
    expect(r.denied).toBeGreaterThan(0)
    expect(r.denied).toBeLessThan(r.workloads)
    // The counterfactual: gross, the stated resubmitted share, and the rest.
    expect(r.counterfactual.grossUsd).toBeCloseTo(r.deniedCostUsd, 2)
    expect(r.counterfactual.resubmittedUsd).toBeCloseTo(r.deniedCostUsd * 0.4, 1)
    expect(r.counterfactual.netUsd).toBeCloseTo(r.deniedCostUsd * 0.6, 1)
    // The first denied workloads, with the message the API server would have returned.
    expect(r.examples).toHaveLength(5)
    expect(r.examples[0]?.denials[0]?.message).toMatch(/^\[(size|types|cost|qos)\] /)
    expect(r.examples.map((e) => e.start)).toEqual([...r.examples.map((e) => e.start)].sort())
    expect(r.byTeam.reduce((s, t) => s + t.denied, 0)).toBe(r.denied)
    expect(r.byWeek.reduce((s, w) => s + w.workloads, 0)).toBe(r.workloads)
    // Identical requests share one evaluation: far fewer evaluations than workloads.
    expect(r.evaluations).toBeLessThan(r.workloads)
  })
})
