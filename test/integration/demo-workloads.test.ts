/**
 * The demo workspace, built on first launch as a new user gets it, holds a replayable workload history
 * consistent with its accelerator spend: each job priced as its share of the billed pool it ran on (checked
 * with Python from the two CSV files), the pools themselves left out of workload totals, and every example
 * policy in resources/examples replays on it without an evaluation error.
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

function pythonJobCosts(): { jobs: number; cost: number; gpuHours: number; byPool: Record<string, { jobs: number; billed: number; cost: number }> } {
  const script = `
import csv, json, sys
from datetime import datetime
pools = {}
for r in csv.DictReader(open(sys.argv[1], newline='')):
    p = pools.setdefault(r['ResourceName'], {'billed': 0.0, 'inst_hours': 0.0})
    p['billed'] += float(r['BilledCost'])
    p['inst_hours'] += float(r['ConsumedQuantity'])
out = {'jobs': 0, 'cost': 0.0, 'gpuHours': 0.0, 'byPool': {}}
parse = lambda s: datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ')
for j in csv.DictReader(open(sys.argv[2], newline='')):
    p = pools[j['node']]
    rate = p['billed'] / (8 * p['inst_hours'])
    gh = int(j['gpus']) * (parse(j['end']) - parse(j['start'])).total_seconds() / 3600
    out['jobs'] += 1
    out['gpuHours'] += gh
    out['cost'] += gh * rate
    b = out['byPool'].setdefault(j['node'], {'jobs': 0, 'billed': p['billed'], 'cost': 0.0})
    b['jobs'] += 1
    b['cost'] += gh * rate
print(json.dumps(out))
`
  return JSON.parse(execFileSync('python3', ['-c', script, join(DEMO, 'demo-accelerator-spend.focus.csv'), join(DEMO, 'demo-workloads.jobs.csv')], { encoding: 'utf8' })) as ReturnType<typeof pythonJobCosts>
}

describe('the demo workspace’s workload history', () => {
  it('prices every job as its share of the pool it ran on, never more than the pool billed', async () => {
    const expected = pythonJobCosts()
    const jobs = await call('workload-query', { by: ['Kind', 'CostSource'], filter: { kind: 'Job' } })
    expect(jobs.rows).toHaveLength(1)
    expect(jobs.rows[0]?.keys).toEqual({ Kind: 'Job', CostSource: 'billed' })
    expect(jobs.total.workloads).toBe(expected.jobs)
    expect(jobs.total.acceleratorHours).toBeCloseTo(expected.gpuHours, 6)
    expect(jobs.total.costUsd).toBeCloseTo(expected.cost, 4)
    for (const [pool, p] of Object.entries(expected.byPool)) expect(p.cost, pool).toBeLessThanOrEqual(p.billed + 1e-6)
    // The billed pools are hosts: their cost is the jobs', so they are not workloads of their own.
    const all = await call('workload-list', { filter: { search: 'vmss-atlas-h200' }, limit: 10 })
    expect(all.rows.filter((w) => w.kind === 'Instance')).toEqual([])
    const some = await call('workload-list', { filter: { kind: 'Job' }, sort: 'cost', limit: 1 })
    expect(some.rows[0]?.costBasis).toMatch(/per accelerator-hour billed for \/subscriptions\//)
  })

  it('replays every example policy without an evaluation error', async () => {
    const files = readdirSync(join(REPO_ROOT, 'resources', 'examples')).filter((f) => /^policy-.*\.json$/.test(f))
    expect(files.length).toBeGreaterThanOrEqual(4)
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'examples', f), 'utf8')) as unknown
      const r = await call('policy-replay', { doc })
      expect(r.workloads, f).toBeGreaterThan(3000)
      expect(r.byRule.every((x) => x.errors === 0), f).toBe(true)
      expect(r.denied, f).toBeGreaterThan(0)
      expect(r.denied, f).toBeLessThan(r.workloads)
    }
  }, 300_000)
})
