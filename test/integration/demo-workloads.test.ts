/**
 * The demo workspace, built on first launch as a new user gets it, holds a replayable workload history
 * consistent with its accelerator spend: the pods of its telemetry (kube-state-metrics labels and requests,
 * DCGM / AMD exporter GPUs), derived after the import, each priced as its share of the billed pool it ran on
 * (checked with Python from the two raw files), the pools themselves left out of workload totals, and every
 * example policy in resources/examples replays on it without an evaluation error.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBackend, type Backend } from '../../main/backend'
import { ApiError } from '../../shared/errors'
import type { MethodName, ResultOf } from '../../shared/contract'
import { REPO_ROOT, tempDir } from '../helpers/tmp'

const DEMO = join(REPO_ROOT, 'resources', 'demo')
const t = tempDir()
let backend: Backend
const call = async <K extends MethodName>(name: K, input: unknown): Promise<ResultOf<K>> => {
  const r = await backend.dispatcher.run(name, input)
  if (!r.ok) throw new ApiError(r.error)
  return r.value as ResultOf<K>
}

beforeAll(async () => {
  backend = await startBackend({ dataDir: t.dir, now: () => new Date('2026-11-27T10:00:00Z'), maxThreads: 2 })
}, 300_000)
afterAll(async () => {
  await backend.close()
  t.cleanup()
})

interface PythonPods {
  pods: number
  gpuHours: number
  cost: number
  byPool: Record<string, { pods: number; billed: number; cost: number }>
}

/** Every pod of the telemetry file: its GPUs (requests, else MIG slices) × the hours it was scraped, priced by its pool. */
function pythonPodCosts(): PythonPods {
  const script = `
import csv, json, sys
pools = {}
for r in csv.DictReader(open(sys.argv[1], newline='')):
    p = pools.setdefault(r['ResourceName'], {'billed': 0.0, 'inst_hours': 0.0})
    p['billed'] += float(r['BilledCost'])
    p['inst_hours'] += float(r['ConsumedQuantity'])
res = json.load(open(sys.argv[2]))['data']['result']
pods = {}
for s in res:
    m = s['metric']
    if not m.get('pod'):
        continue
    p = pods.setdefault((m.get('namespace', ''), m['pod']), {'ts': set(), 'req': 0.0, 'mig': {}, 'node': None})
    p['ts'].update(v[0] for v in s['values'])
    name = m['__name__']
    if name == 'kube_pod_container_resource_requests' and m['resource'] in ('nvidia_com_gpu', 'amd_com_gpu'):
        p['req'] += float(s['values'][-1][1])
    if name == 'kube_pod_info':
        p['node'] = m['node']
    if m.get('GPU_I_PROFILE'):
        p['mig'][(m['UUID'], m['GPU_I_ID'])] = int(m['GPU_I_PROFILE'].split('g.')[0]) / 7
    if p['node'] is None and m.get('Hostname'):
        p['node'] = m['Hostname']
out = {'pods': 0, 'gpuHours': 0.0, 'cost': 0.0, 'byPool': {}}
for key, p in pods.items():
    hours = len(p['ts'])  # scraped hourly: one hour per scrape the pod was seen in
    gpus = p['req'] if p['req'] > 0 else sum(p['mig'].values())
    gh = gpus * hours
    pool = max((n for n in pools if p['node'] and p['node'].startswith(n)), key=len)
    rate = pools[pool]['billed'] / (8 * pools[pool]['inst_hours'])
    out['pods'] += 1
    out['gpuHours'] += gh
    out['cost'] += gh * rate
    b = out['byPool'].setdefault(pool, {'pods': 0, 'billed': pools[pool]['billed'], 'cost': 0.0})
    b['pods'] += 1
    b['cost'] += gh * rate
print(json.dumps(out))
`
  return JSON.parse(
    execFileSync('python3', ['-c', script, join(DEMO, 'demo-accelerator-spend.focus.csv'), join(DEMO, 'demo-accelerator-telemetry.json')], { encoding: 'utf8', maxBuffer: 1 << 26 }),
  ) as PythonPods
}

describe('the demo workspace’s workload history', () => {
  it('prices every pod as its share of the pool it ran on, never more than the pool billed', async () => {
    const expected = pythonPodCosts()
    const pods = await call('workload-query', { by: ['Kind', 'CostSource'], filter: { kind: 'Pod' } })
    expect(pods.rows.map((r) => r.keys)).toEqual([{ Kind: 'Pod', CostSource: 'billed' }])
    expect(pods.total.workloads).toBe(expected.pods)
    expect(pods.total.acceleratorHours).toBeCloseTo(expected.gpuHours, 3)
    expect(pods.total.costUsd).toBeCloseTo(expected.cost, 2)
    for (const [pool, p] of Object.entries(expected.byPool)) expect(p.cost, pool).toBeLessThanOrEqual(p.billed + 1e-6)
    // The billed pools are hosts: their cost is the pods', so they are not workloads of their own.
    const all = await call('workload-list', { filter: { search: 'vmss-atlas-h200' }, limit: 10 })
    expect(all.rows.filter((w) => w.kind === 'Instance')).toEqual([])
    const some = await call('workload-list', { filter: { kind: 'Pod' }, sort: 'cost', limit: 1 })
    expect(some.rows[0]?.costBasis).toMatch(/per accelerator-hour billed for \/subscriptions\//)
  })

  it('replays every example policy without an evaluation error', async () => {
    const files = readdirSync(join(REPO_ROOT, 'resources', 'examples')).filter((f) => /^policy-.*\.json$/.test(f))
    expect(files.length).toBeGreaterThanOrEqual(4)
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'examples', f), 'utf8')) as unknown
      const r = await call('policy-replay', { doc })
      expect(r.workloads, f).toBeGreaterThan(900)
      expect(r.byRule.every((x) => x.errors === 0), f).toBe(true)
      expect(r.denied, f).toBeGreaterThan(0)
      expect(r.denied, f).toBeLessThan(r.workloads)
    }
  }, 300_000)
})
