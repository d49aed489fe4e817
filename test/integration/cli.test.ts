import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CostQueryResult, ImportOutcome, Plan, PlanExportResult } from '../../shared/types'
import { git, userCheckout, checkoutState } from '../helpers/git'
import { pythonColumnSum } from '../helpers/python-csv'
import { FOCUS_SAMPLE, REPO_ROOT, tempDir } from '../helpers/tmp'

const BIN = join(REPO_ROOT, 'bin', 'fleetplan.js')
let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

beforeAll(() => {
  // The CLI runs from the build, as a user runs it (npm test builds first).
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('out/main/cli.js missing: run `npm run build` first')
})

function fleetplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

function ok<T>(...args: string[]): T {
  const r = fleetplan(...args)
  if (r.code !== 0) throw new Error(`fleetplan ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

describe('fleetplan CLI', () => {
  it('imports, queries, plans, approves and exports — the whole slice from a script', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const ws = join(t.dir, 'w.sqlite')

    const [imported] = ok<ImportOutcome[]>('import', FOCUS_SAMPLE, '--workspace', ws, '--json')
    expect(imported?.status).toBe('imported')
    expect(imported?.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'BilledCost'), 9)

    const again = fleetplan('import', FOCUS_SAMPLE, '--workspace', ws)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/already imported as snapshot 1 — nothing to do/)

    const byDay = ok<CostQueryResult>('query', 'cost', '--by', 'ProviderName,ChargePeriodStart', '--workspace', ws, '--json')
    expect(byDay.by).toEqual(['ProviderName', 'ChargeDay'])
    const aws = byDay.rows.filter((r) => r.keys.ProviderName === 'AWS').reduce((s, r) => s + r.cost, 0)
    expect(aws).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'BilledCost', { column: 'ProviderName', equals: 'AWS' }), 9)
    expect(byDay.rows.every((r) => /^2024-\d\d-\d\d$/.test(r.keys.ChargeDay ?? ''))).toBe(true)

    const plan = ok<Plan>('plan', 'create', '--name', 'CLI plan', '--workspace', ws, '--json')
    expect(plan.id).toMatch(/^pl_/)
    ok<Plan>('plan', 'submit', '--plan', plan.id, '--by', 'Sam Ops', '--workspace', ws, '--json')
    const approved = ok<Plan>('plan', 'approve', '--plan', plan.id, '--by', 'Sam Ops', '--comment', 'LGTM', '--workspace', ws, '--json')
    expect(approved.status).toBe('approved')

    const { repo } = userCheckout(t.dir)
    const before = checkoutState(repo)
    const exported = ok<PlanExportResult>('plan', 'export', '--plan', plan.id, '--repo', repo, '--workspace', ws, '--json')
    expect(git(repo, 'rev-parse', exported.branch)).toBe(exported.commit)
    expect(git(repo, 'log', '-1', '--format=%s', exported.commit)).toBe('fleetplan: plan "CLI plan"')
    expect(checkoutState(repo)).toEqual(before)
  })

  it('exits non-zero naming file, line and column on bad input, and writes nothing', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const ws = join(t.dir, 'w.sqlite')
    const bad = join(t.dir, 'bad.csv')
    const header = execFileSync('head', ['-n', '3', FOCUS_SAMPLE], { encoding: 'utf8' })
    writeFileSync(bad, header.replace(/^(NULL,)0\.00000080000/m, '$1"abc"'))
    const r = fleetplan('import', bad, '--workspace', ws)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/bad\.csv: line 2, column BilledCost: "abc" is not a decimal number/)
    const info = ok<{ snapshotCount: number; billingRows: number }>('workspace', 'info', '--workspace', ws, '--json')
    expect(info).toMatchObject({ snapshotCount: 0, billingRows: 0 })
  })

  it('exits 2 with usage on a bad command line', () => {
    const r = fleetplan('query', 'cost', '--by', 'Colour', '--workspace', '/tmp/x.sqlite')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown dimension "Colour"/)
    expect(fleetplan('--help').code).toBe(0)
  })

  it('refuses to export to a folder that is not a Git repository', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const ws = join(t.dir, 'w.sqlite')
    ok('import', FOCUS_SAMPLE, '--workspace', ws, '--json')
    const plan = ok<Plan>('plan', 'create', '--name', 'p', '--workspace', ws, '--json')
    ok('plan', 'submit', '--plan', plan.id, '--by', 'A', '--workspace', ws, '--json')
    ok('plan', 'approve', '--plan', plan.id, '--by', 'A', '--comment', 'ok', '--workspace', ws, '--json')
    const r = fleetplan('plan', 'export', '--plan', plan.id, '--repo', t.dir, '--workspace', ws)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`fleetplan: ${t.dir} is not a Git repository: Git does not recognise it as a checkout (run git init there to make one).\nChoose the folder of a local Git checkout (the folder where \`git status\` works).\n`)
  })

  it('plans a fleet from a scenario file: create, submit, edit a quota, approve as the Git identity, show the diff, export', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const ws = join(t.dir, 'w.sqlite')
    const file = join(REPO_ROOT, 'resources', 'examples', 'scenario-mixed-cloud.json')
    const plan = ok<Plan>('plan', 'create', '--scenario', file, '--name', 'Mixed cloud Q1', '--cluster', 'prod', '--workspace', ws, '--json')
    expect(plan).toMatchObject({ kind: 'fleet', cluster: 'prod', status: 'draft' })
    const { repo } = userCheckout(t.dir)
    // No --by: the approver and reviewer default to the checkout's Git identity.
    const submitted = ok<Plan>('plan', 'submit', '--plan', plan.id, '--repo', repo, '--workspace', ws, '--json')
    expect(submitted.audit.at(-1)).toMatchObject({ kind: 'submitted', actor: 'Platform Team' })
    const team = plan.recommendations!.kueue.queues.find((q) => q.team === 'vision')!
    const spot = team.quotas.find((e) => e.flavor === 'h100-aws-spot')!
    const edited = ok<Plan>('plan', 'edit', '--plan', plan.id, '--quota', `vision:h100-aws-spot=${spot.nominalQuota - 1}`, '--by', 'Rita', '--workspace', ws, '--json')
    expect(edited.recommendations!.edits).toHaveLength(1)
    const badEdit = fleetplan('plan', 'edit', '--plan', plan.id, '--quota', 'vision:h100-aws-spot=999', '--by', 'Rita', '--workspace', ws)
    expect(badEdit.code).toBe(1)
    expect(badEdit.stderr).toMatch(/^fleetplan: The nominal quotas of h100-aws-spot would sum to \d+, more than its 32 accelerators/)

    const shown = fleetplan('plan', 'show', '--plan', plan.id, '--diff', '--repo', repo, '--workspace', ws)
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toMatch(/review diff of cluster prod against .* no plan exported yet/)
    expect(shown.stdout).toMatch(/files: \d+ added, 0 changed, 0 removed, 0 unchanged/)
    expect(shown.stdout).toContain('+++ b/fleetplan/clusters/prod/kueue/clusterqueue-vision.yaml')
    expect(shown.stdout).toContain(`+              nominalQuota: ${spot.nominalQuota - 1}`)

    const approved = ok<Plan>('plan', 'approve', '--plan', plan.id, '--comment', 'Reviewed with finance', '--repo', repo, '--workspace', ws, '--json')
    expect(approved.approval?.by).toBe('Platform Team')
    const exported = ok<PlanExportResult>('plan', 'export', '--plan', plan.id, '--repo', repo, '--workspace', ws, '--json')
    expect(git(repo, 'log', '-1', '--format=%(trailers:key=Approved-By,valueonly)', exported.commit)).toBe('Platform Team')
    const cq = git(repo, 'show', `${exported.commit}:fleetplan/clusters/prod/kueue/clusterqueue-vision.yaml`)
    expect(cq).toContain(`nominalQuota: ${spot.nominalQuota - 1}`)
    const usage = fleetplan('plan', 'edit', '--plan', plan.id, '--quota', 'vision=3', '--workspace', ws)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--quota is TEAM:FLAVOR=N/)
  }, 300_000)
})
