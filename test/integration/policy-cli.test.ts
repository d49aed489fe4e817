/**
 * The policy, workload and autonomy commands from a script, as CI would run them: a job trace imported through
 * its mapping, workloads queried, a policy replayed (JSON), a plan created with the policy attached, refused
 * approval by rule (exit 1 with the reasons) under the conservative defaults, approved by rule once the
 * thresholds allow it (recorded in the audit log with the measured impact), its status; and `--workspace`
 * left out opens the demo workspace, building it first.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanPolicy } from '../../shared/policy-types'
import type { ApprovalEvaluation, PlanStatus, ReplayResult } from '../../shared/policy-types'
import type { Plan, WorkspaceInfo } from '../../shared/types'
import type { WorkloadQueryResult } from '../../shared/workload-types'
import { dailyFocusRows, writeFocusRows } from '../helpers/focus-rows'
import { REPO_ROOT, tempDir } from '../helpers/tmp'

const BIN = join(REPO_ROOT, 'bin', 'fleetplan.js')
const t = tempDir()
afterAll(() => t.cleanup())
beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('out/main/cli.js missing: run `npm run build` first')
})

function fleetplan(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FLEETPLAN_HOME: join(t.dir, 'home'), ...env } })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}
function ok<T>(...args: string[]): T {
  const r = fleetplan(args)
  if (r.code !== 0) throw new Error(`fleetplan ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

const ws = (): string => join(t.dir, 'w.sqlite')

describe('fleetplan policy and autonomy commands', () => {
  it('imports a job trace, replays a policy, and approves by rule only under the thresholds', () => {
    const trace = join(t.dir, 'jobs.csv')
    writeFileSync(
      trace,
      [
        'job,team,start,end,gpus,type',
        'train-1,vision,2024-09-01T00:00:00Z,2024-09-01T10:00:00Z,8,H100',
        'train-2,vision,2024-09-02T00:00:00Z,2024-09-02T05:00:00Z,16,H100',
        'serve-1,,2024-09-03T00:00:00Z,2024-09-04T00:00:00Z,1,A100',
        'etl-1,data,2024-09-03T00:00:00Z,2024-09-03T01:00:00Z,0,',
      ].join('\n'),
    )
    const mapping = JSON.stringify({ kind: 'jobs', id: 'job', start: 'start', end: 'end', timeUnit: 'iso', accelerators: 'gpus', acceleratorType: 'type', team: 'team' })
    const imported = ok<{ jobs: number; status: string }[]>('import', trace, '--mapping', mapping, '--workspace', ws(), '--json')
    expect(imported[0]).toMatchObject({ status: 'imported', jobs: 4 })

    const byTeam = ok<WorkloadQueryResult>('query', 'workloads', '--by', 'Team', '--workspace', ws(), '--json')
    expect(Object.fromEntries(byTeam.rows.map((r) => [r.keys.Team ?? '(none)', r.workloads]))).toEqual({ vision: 2, data: 1, '(none)': 1 })
    expect(byTeam.rows.find((r) => r.keys.Team === 'vision')?.acceleratorHours).toBe(8 * 10 + 16 * 5)

    const policyFile = join(t.dir, 'policy.json')
    writeFileSync(policyFile, JSON.stringify({ name: 'ci-guardrails', rules: [{ kind: 'max-accelerators', id: 'size', max: 8 }, { kind: 'required-labels', id: 'labels', labels: ['team'] }] }))
    const replay = ok<ReplayResult>('policy', 'replay', '--policy', policyFile, '--workspace', ws(), '--json')
    expect(replay).toMatchObject({ workloads: 4, denied: 2 })
    expect(Object.fromEntries(replay.byRule.map((r) => [r.ruleId, r.denied]))).toEqual({ size: 1, labels: 1 })
    expect(replay.examples.map((e) => e.name)).toEqual(['train-2', 'serve-1'])
    expect(replay.examples[0]?.denials[0]?.message).toMatch(/\[size\] requests 16 accelerators, above the limit of 8/)

    const bad = fleetplan(['policy', 'replay', '--policy', join(t.dir, 'missing.json'), '--workspace', ws()])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/missing\.json/)

    // A billing file so a plan can be made, then the plan with the policy attached.
    writeFocusRows(join(t.dir, 'b.csv'), dailyFocusRows(Array.from({ length: 28 }, (_, d) => 100 + (d % 7) * 3), 0, Date.UTC(2024, 8, 1)))
    const billed = fleetplan(['import', join(t.dir, 'b.csv'), '--workspace', ws()])
    expect(billed.code, billed.stderr).toBe(0)
    const plan = ok<Plan & { policies: PlanPolicy[] }>('plan', 'create', '--name', 'CI plan', '--policy', policyFile, '--growth', '5', '--workspace', ws(), '--json')
    expect(plan.policies.map((p) => p.name)).toEqual(['ci-guardrails'])
    expect(plan.policies[0]?.replay).toMatchObject({ workloads: 4, denied: 2 })

    // Conservative defaults: 2 historical denials and a cost increase refuse rule approval, exit 1, with reasons.
    const refused = fleetplan(['plan', 'approve', '--plan', plan.id, '--by-rule', '--workspace', ws()])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/cannot be approved by rule/)
    expect(refused.stderr).toMatch(/policy-denials 2 denied/)
    expect(refused.stderr).toMatch(/cost-delta/)
    const check = fleetplan(['plan', 'check', '--plan', plan.id, '--workspace', ws(), '--json'])
    expect(check.code).toBe(1)
    const evaluation = JSON.parse(check.stdout) as ApprovalEvaluation
    expect(evaluation.checks.filter((c) => !c.pass).map((c) => c.rule).sort()).toEqual(['cost-delta', 'policy-denials'])

    // A person raises the thresholds (recorded), and the same plan passes.
    const rulesOut = fleetplan(['plan', 'rules', '--max-cost-delta', '100000', '--max-policy-denials', '5', '--by', 'Dana (platform lead)', '--workspace', ws()])
    expect(rulesOut.code, rulesOut.stderr).toBe(0)
    expect(rulesOut.stdout).toMatch(/set by Dana \(platform lead\)/)
    const approved = ok<{ plan: Plan; evaluation: ApprovalEvaluation }>('plan', 'approve', '--plan', plan.id, '--by-rule', '--workspace', ws(), '--json')
    expect(approved.plan.status).toBe('approved')
    expect(approved.plan.approval?.by).toBe('approval rules')
    expect(approved.evaluation.pass).toBe(true)
    const db = new Database(ws(), { readonly: true })
    // The draft went through review like any plan: submitted, then approved, both by the rules, in the audit log.
    const log = db.prepare(`SELECT kind, actor FROM plan_audit WHERE plan_id = ? ORDER BY id`).all(plan.id) as { kind: string; actor: string | null }[]
    const event = db.prepare(`SELECT actor, details_json FROM plan_audit WHERE plan_id = ? AND kind = 'approved'`).get(plan.id) as { actor: string; details_json: string }
    db.close()
    expect(log.map((e) => e.kind).slice(-2)).toEqual(['submitted', 'approved'])
    expect(log.slice(-2).every((e) => e.actor === 'approval rules')).toBe(true)
    expect(event.actor).toBe('approval rules')
    const details = JSON.parse(event.details_json) as { byRule: boolean; checks: { rule: string; measured: string }[]; contentHash: string }
    expect(details.byRule).toBe(true)
    expect(details.checks.find((c) => c.rule === 'policy-denials')?.measured).toMatch(/^2 denied/)
    expect(details.contentHash).toBe(approved.plan.approval?.contentHash)
    // Approved plans keep their policies.
    const detach = fleetplan(['plan', 'approve', '--plan', plan.id, '--by-rule', '--workspace', ws()])
    expect(detach.code).toBe(1)
    expect(detach.stderr).toMatch(/already approved/)

    const status = ok<PlanStatus>('plan', 'status', '--plan', plan.id, '--workspace', ws(), '--json')
    expect(status.planId).toBe(plan.id)
    expect(status.daysObserved).toBe(0)
  }, 300_000)

  it('opens the demo workspace when --workspace is left out, building it first', () => {
    const info = ok<WorkspaceInfo>('workspace', 'info', '--json')
    expect(info.isDemo).toBe(true)
    expect(info.billingRows).toBeGreaterThan(5000)
    expect(existsSync(join(t.dir, 'home', 'demo.fleetplan.sqlite'))).toBe(true)
    const workloads = ok<WorkloadQueryResult>('query', 'workloads', '--by', 'Kind', '--json')
    expect(workloads.total.workloads).toBeGreaterThan(0)
  }, 300_000)
})
