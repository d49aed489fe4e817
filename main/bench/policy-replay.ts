/**
 * Policy replay benchmark (`npm run bench -- --replay`, or `node out/main/bench.js --replay --work DIR`):
 * WORKLOADS (default 1,000,000) generated workloads × a policy with one rule of each of the five kinds, replayed
 * through the real job path (the `policy-replay` method: prepare + chunks on both pool threads, the emitted CEL
 * evaluated by @bufbuild/cel). Two workload mixes, each its own line:
 *  - `distinct`: every workload carries a unique `job-name` label (as a Kubernetes Job's pods do), so every
 *    admission request differs and no verdict is reused — the worst case;
 *  - `typical`: the same fleet without per-job labels, so repeated shapes (same team, namespace, type, count,
 *    labels) reuse their verdicts as the replay does on real histories.
 * The workloads are written straight into the workload table (generation is not timed; the import paths have
 * their own benches). Reference in the same run: one CEL evaluation timed alone on the same requests.
 */
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { PolicyDoc } from '../../shared/policy-schema'
import type { ReplayResult } from '../../shared/policy-types'
import { startBackend } from '../backend'
import { openConnection } from '../db/open'
import { Rng } from '../simulate/rng'

const emit = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`)
}

const TEAMS = ['foundation-models', 'assistant', 'search-ranking', 'vision', 'applied-research', 'speech', 'ads', 'platform']
const TYPES: [string, number][] = [
  ['H100', 3.9],
  ['A100', 2.2],
  ['H200', 5.1],
  ['MI300X', 3.4],
  ['L4', 0.7],
]
const COUNTS = [0, 1, 1, 2, 4, 8, 8, 16]

/** One rule of each kind: what a cost-control policy of a real fleet holds. */
export const BENCH_POLICY: PolicyDoc = {
  schema: 'fleetplan.io/policy/v1',
  name: 'bench-five-rules',
  description: 'Benchmark policy: one rule of each kind.',
  teamLabel: 'team',
  enforcement: 'Deny',
  engines: ['validating-admission-policy', 'gatekeeper'],
  rules: [
    { kind: 'max-hourly-cost', id: 'cost', maxUsdPerHour: 40, perTeam: [{ team: 'foundation-models', maxUsdPerHour: 90 }], prices: {}, cpuUsdPerCoreHour: 0.03, memoryUsdPerGiBHour: 0.004 },
    { kind: 'allowed-accelerators', id: 'types', allowed: ['H100', 'A100', 'L4'], perTeam: [{ team: 'foundation-models', allowed: ['H200', 'H100'] }], perNamespace: [{ namespace: 'applied-research', allowed: ['MI300X', 'H100'] }], requireSelector: true },
    { kind: 'required-labels', id: 'labels', labels: ['team', 'project'], scope: 'accelerator' },
    { kind: 'max-accelerators', id: 'size', max: 8, perTeam: [], exemptionLabel: 'fleetplan.io/exempt-max-accelerators' },
    { kind: 'budget-ceiling', id: 'budget', budgets: TEAMS.map((team, i) => ({ team, monthlyUsd: 200_000 + i * 50_000 })), thresholdPct: 100 },
  ],
}

/** Writes `n` workloads over 90 days into a fresh workspace's workload table, reproducibly (seeded). */
export function seedWorkloads(wsPath: string, n: number, distinct: boolean): void {
  const db = openConnection(wsPath)
  const rng = new Rng(20261130)
  const start0 = Date.UTC(2026, 6, 1)
  const insert = db.prepare(
    `INSERT INTO workload (uid, kind, name, namespace, team, project, accelerator_type, accelerators, containers_json, labels_json, start_ms, end_ms, hours,
       accelerator_hours, cost, cost_source, cost_basis, sources)
     VALUES (?, 'Job', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'catalog', 'catalog on-demand price', 'job-trace')`,
  )
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const t = Math.floor(rng.uniform() * TEAMS.length)
      const team = TEAMS[t] as string
      const [type, price] = TYPES[Math.floor(rng.uniform() * TYPES.length)] as [string, number]
      const count = COUNTS[Math.floor(rng.uniform() * COUNTS.length)] as number
      const project = `${team.split('-')[0] ?? team}-${Math.floor(rng.uniform() * 6)}`
      const name = `${project}-run-${i.toString(36)}`
      const labels: Record<string, string> = {}
      if (rng.uniform() > 0.08) labels.team = team
      if (rng.uniform() > 0.15) labels.project = project
      if (count > 8 && rng.uniform() > 0.6) labels['fleetplan.io/exempt-max-accelerators'] = 'true'
      if (distinct) labels['job-name'] = name
      const cpu = [500, 2000, 8000, 32000][Math.floor(rng.uniform() * 4)] as number
      const containers = [{ name: 'main', requests: { cpu: `${cpu}m`, memory: `${(cpu / 250) * 1}Gi`, ...(count > 0 ? { 'nvidia.com/gpu': String(count) } : {}) } }]
      const hours = 0.25 + rng.uniform() * 47.75
      const startMs = start0 + Math.floor(rng.uniform() * 90 * 86_400_000)
      insert.run(
        `job:${team}/${name}`,
        name,
        team,
        labels.team ?? null,
        labels.project ?? null,
        count > 0 ? type : null,
        count,
        JSON.stringify(containers),
        JSON.stringify(labels),
        startMs,
        startMs + hours * 3_600_000,
        hours,
        hours * count,
        hours * count * price,
      )
    }
  })()
  db.close()
}

export async function benchPolicyReplay(work: string, workloads: number): Promise<number> {
  let status = 0
  for (const mix of ['distinct', 'typical'] as const) {
    const wsPath = join(work, `bench-replay-${mix}.sqlite`)
    for (const f of [wsPath, `${wsPath}-wal`, `${wsPath}-shm`]) rmSync(f, { force: true })
    const backend = await startBackend({ workspacePath: wsPath, create: true, dataDir: work })
    try {
      const g0 = performance.now()
      seedWorkloads(wsPath, workloads, mix === 'distinct')
      const generateMs = Math.round(performance.now() - g0)
      const load0 = loadavg()[0] ?? 0
      const t0 = performance.now()
      const r = await backend.dispatcher.run('policy-replay', { doc: BENCH_POLICY, examples: 10 })
      const ms = performance.now() - t0
      if (!r.ok) throw new Error(r.error.message)
      const v = r.value as ReplayResult
      if (v.workloads !== workloads) throw new Error(`replayed ${v.workloads} workloads, expected ${workloads}`)
      emit({
        bench: 'policy-replay',
        mix,
        workloads,
        rules: BENCH_POLICY.rules.length,
        ruleKinds: BENCH_POLICY.rules.map((x) => x.kind),
        celEvaluations: v.evaluations,
        denied: v.denied,
        ms: Math.round(ms),
        workloadsPerSec: Math.round(workloads / (ms / 1000)),
        target: '< 60000 ms',
        withinTarget: ms < 60_000,
        generateMs,
        loadAvg1mBefore: +load0.toFixed(2),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      })
      if (ms >= 60_000) status = 1
    } finally {
      await backend.close()
    }
  }
  return status
}
