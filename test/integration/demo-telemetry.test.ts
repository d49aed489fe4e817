import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBackend, type Backend } from '../../main/backend'
import { REPO_ROOT, tempDir } from '../helpers/tmp'

const SPEND = join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')

/** Instances billed per (ResourceName, hour), read with Python's csv module (independent of Fleetplan's parser). */
function billedInstances(): Map<string, number> {
  const script = `
import csv, sys, json
out = {}
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        out[r['ResourceName'] + '|' + r['ChargePeriodStart'][:13].replace(' ', 'T')] = round(float(r['ConsumedQuantity']))
print(json.dumps(out))
`
  return new Map(Object.entries(JSON.parse(execFileSync('python3', ['-c', script, SPEND], { encoding: 'utf8' })) as Record<string, number>))
}

describe('demo workspace telemetry', () => {
  let backend: Backend
  let cleanup: () => void
  beforeAll(async () => {
    const t = tempDir()
    cleanup = t.cleanup
    backend = await startBackend({ dataDir: t.dir, maxThreads: 2 })
  }, 120_000)
  afterAll(async () => {
    await backend.close()
    cleanup()
  })

  it('is imported on first launch through the telemetry import path, as its own snapshot', () => {
    const snaps = backend.ctx.ws.db.prepare(`SELECT kind, file_name AS f FROM snapshot ORDER BY id`).all() as { kind: string; f: string }[]
    expect(snaps).toEqual([
      { kind: 'billing', f: 'focus-1.0-sample-1000.csv' },
      { kind: 'billing', f: 'demo-accelerator-spend.focus.csv' },
      { kind: 'telemetry', f: 'demo-accelerator-telemetry.json' },
    ])
  })

  it('reports exactly the billed nodes in every billed pool-hour (8 accelerators each)', () => {
    const db = backend.ctx.ws.db
    // Distinct (host, GPU) per hour from the util metrics; the host names start with the billed resource name.
    const rows = db
      .prepare(
        `SELECT s.host AS host, r.bucket_start AS t, count(DISTINCT coalesce(s.gpu_uuid, s.host)) AS gpus
         FROM rollup_1h r JOIN series s ON s.id = r.series_id
         WHERE s.metric IN ('DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'gpu_gfx_activity') GROUP BY s.host, r.bucket_start`,
      )
      .all() as { host: string; t: number; gpus: number }[]
    const pools = ['vmss-atlas-h200', 'vmss-helix-h100', 'mig-orca-a3', 'vmss-lumen-spot-h100', 'lumen-vision-h100', 'vmss-mi300x-eval']
    const nodes = new Map<string, number>()
    for (const r of rows) {
      expect(r.gpus).toBe(8)
      const pool = pools.filter((p) => r.host.startsWith(p)).sort((a, b) => b.length - a.length)[0]
      expect(pool, r.host).toBeDefined()
      const key = `${pool}|${new Date(r.t).toISOString().slice(0, 13)}`
      nodes.set(key, (nodes.get(key) ?? 0) + 1)
    }
    const billed = billedInstances()
    expect(nodes.size).toBe(billed.size)
    for (const [k, n] of billed) expect(nodes.get(k), k).toBe(n)
  })

  it('carries the labels the workload history needs: pods, requests, team/project labels (some missing), shared GPUs', () => {
    const db = backend.ctx.ws.db
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n
    expect(count(`SELECT count(DISTINCT namespace || '/' || pod) AS n FROM series WHERE metric = 'kube_pod_labels'`)).toBeGreaterThan(500)
    expect(count(`SELECT count(*) AS n FROM series WHERE metric = 'kube_pod_container_resource_requests' AND json_extract(labels, '$.unit') = 'integer'`)).toBeGreaterThan(500)
    const missingTeam = count(`SELECT count(*) AS n FROM series WHERE metric = 'kube_pod_labels' AND json_extract(labels, '$.label_team') IS NULL`)
    const missingProject = count(`SELECT count(*) AS n FROM series WHERE metric = 'kube_pod_labels' AND json_extract(labels, '$.label_project') IS NULL`)
    expect(missingTeam).toBeGreaterThan(0)
    expect(missingProject).toBeGreaterThan(missingTeam)
    // MIG instances and time-sliced GPUs: several pods on one GPU UUID.
    expect(count(`SELECT count(DISTINCT json_extract(labels, '$.GPU_I_PROFILE')) AS n FROM series WHERE metric = 'DCGM_FI_PROF_GR_ENGINE_ACTIVE'`)).toBeGreaterThanOrEqual(3)
    expect(
      count(`SELECT count(DISTINCT gpu_uuid) AS n FROM (SELECT s.gpu_uuid FROM rollup_1h r JOIN series s ON s.id = r.series_id
        WHERE s.metric = 'DCGM_FI_DEV_GPU_UTIL' AND s.pod IS NOT NULL GROUP BY s.gpu_uuid, r.bucket_start HAVING count(DISTINCT s.pod) > 1)`),
    ).toBe(4)
    // Every GPU model of the billed fleet is recognised.
    const models = (db.prepare(`SELECT DISTINCT gpu_model AS m FROM series WHERE gpu_model IS NOT NULL ORDER BY 1`).all() as { m: string }[]).map((r) => r.m)
    expect(models).toEqual(['H100', 'H200', 'MI300X'])
  })
})
