import Database from 'better-sqlite3'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Plan } from '../../shared/types'
import { emptyBackend, failure, type TestBackend } from '../helpers/backend'
import { checkoutState, git, userCheckout } from '../helpers/git'
import { FOCUS_SAMPLE } from '../helpers/tmp'
import { pythonColumnSum } from '../helpers/python-csv'

let t: TestBackend
afterEach(async () => t?.close())

async function approvedPlan(name = 'Q4 GPU baseline'): Promise<Plan> {
  await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
  const draft = await t.call('plan-create', { name, description: 'Carry September forward.', by: 'Sam Author' })
  await t.call('plan-submit', { id: draft.id, by: 'Sam Author' })
  return t.call('plan-approve', { id: draft.id, by: 'Dana Planner', comment: 'Matches the September bill.' })
}

describe('plan lifecycle', () => {
  it('creates a draft whose totals match the imported bill', async () => {
    t = await emptyBackend()
    await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    const p = await t.call('plan-create', { name: 'Q4 GPU baseline' })
    expect(p.status).toBe('draft')
    expect(p.slug).toBe('q4-gpu-baseline')
    expect(p.kind).toBe('baseline')
    expect(p.totals?.basisCost).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'BilledCost'), 2)
    expect(p.scenario?.costByProvider.map((r) => r.key)).toEqual(['AWS', 'Microsoft', 'Oracle'])
    // A month of a small, noisy bill gives wide daily bands: spend still never goes below zero.
    const t80 = p.totals!
    expect(t80.forecastLo80).toBeGreaterThanOrEqual(0)
    expect(t80.forecastLo80).toBeLessThanOrEqual(t80.forecastCost)
    expect(t80.forecastHi80).toBeGreaterThanOrEqual(t80.forecastCost)
  })

  it('refuses a plan on an empty workspace with a message saying what to do', async () => {
    t = await emptyBackend()
    const e = await failure(t.call('plan-create', { name: 'x' }))
    expect(e.message).toMatch(/import a FOCUS file/)
  })

  it('records approval with a content hash, and an approved plan cannot change — not even through SQL', async () => {
    t = await emptyBackend()
    const p = await approvedPlan()
    expect(p.status).toBe('approved')
    expect(p.approval).toMatchObject({ by: 'Dana Planner', comment: 'Matches the September bill.', at: '2026-11-27T10:00:00.000Z' })
    expect(p.approval?.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/)
    const again = await failure(t.call('plan-approve', { id: p.id, by: 'Eve', comment: 'me too' }))
    expect(again.code).toBe('conflict')
    const db = new Database(t.workspacePath)
    expect(() => db.prepare('UPDATE plan SET name = ? WHERE id = ?').run('tampered', p.id)).toThrow(/immutable/)
    expect(() => db.prepare('DELETE FROM plan WHERE id = ?').run(p.id)).toThrow(/immutable/)
    expect(() => db.prepare('DELETE FROM plan_audit').run()).toThrow(/append-only/)
    expect(() => db.prepare("UPDATE plan_audit SET actor = 'Mallory'").run()).toThrow(/append-only/)
    db.close()
    const events = new Database(t.workspacePath, { readonly: true })
    const kinds = (events.prepare('SELECT kind, actor FROM plan_audit WHERE plan_id = ? ORDER BY id').all(p.id) as { kind: string; actor: string | null }[])
    events.close()
    expect(kinds).toEqual([
      { kind: 'created', actor: 'Sam Author' },
      { kind: 'submitted', actor: 'Sam Author' },
      { kind: 'approved', actor: 'Dana Planner' },
    ])
  })
})

describe('plan export to a Git checkout', () => {
  it('commits plan.json and plan.md on a new branch and leaves the checkout exactly as it was', async () => {
    t = await emptyBackend()
    const p = await approvedPlan()
    const { repo, head } = userCheckout(t.dir)
    const before = checkoutState(repo)
    const readmeBefore = readFileSync(join(repo, 'README.md'), 'utf8')

    const r = await t.call('plan-export', { id: p.id, repoPath: repo })

    expect(r.status).toBe('exported')
    expect(r.branch).toBe('fleetplan/2026-11-27-q4-gpu-baseline')
    expect(checkoutState(repo)).toEqual(before)
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe(readmeBefore)
    expect(git(repo, 'rev-parse', r.branch)).toBe(r.commit)
    expect(git(repo, 'rev-parse', `${r.commit}^`)).toBe(head)
    const files = git(repo, 'ls-tree', '-r', '--name-only', r.commit).split('\n')
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'clusters/prod/kustomization.yaml',
        'fleetplan/plans/2026-11-27-q4-gpu-baseline/plan.json',
        'fleetplan/plans/2026-11-27-q4-gpu-baseline/plan.md',
      ]),
    )
    // The commit holds the committed README, not the user's uncommitted edit, and not their staged file.
    expect(git(repo, 'show', `${r.commit}:README.md`)).toBe('# gitops')
    expect(files).not.toContain('staged.txt')
    const message = git(repo, 'log', '-1', '--format=%B', r.commit)
    expect(message).toContain('Q4 GPU baseline')
    expect(message).toContain('Dana Planner')
    expect(message).toContain(`Plan-Id: ${p.id}`)
    expect(message).toMatch(/Monthly run rate: \$\d/)
    expect(git(repo, 'log', '-1', '--format=%an <%ae>', r.commit)).toBe('Platform Team <platform@example.test>')
    const planJson = JSON.parse(git(repo, 'show', `${r.commit}:fleetplan/plans/2026-11-27-q4-gpu-baseline/plan.json`)) as Plan
    expect(planJson.approval?.contentHash).toBe(p.approval?.contentHash)
    expect(planJson.totals).toEqual(p.totals)

    const after = await t.call('plan-get', { id: p.id })
    expect(after.exports).toEqual([{ repoPath: repo, branch: r.branch, commit: r.commit, at: r.at }])
    expect(after.status).toBe('exported')
    // The audit log names who exported: the checkout's Git identity.
    expect(after.audit.find((a) => a.kind === 'exported')?.actor).toBe('Platform Team')
  })

  it('is a no-op when the same plan is exported again', async () => {
    t = await emptyBackend()
    const p = await approvedPlan()
    const { repo } = userCheckout(t.dir)
    const first = await t.call('plan-export', { id: p.id, repoPath: repo })
    const second = await t.call('plan-export', { id: p.id, repoPath: repo })
    expect(second).toMatchObject({ status: 'already-exported', commit: first.commit })
    expect(git(repo, 'rev-list', '--count', first.branch)).toBe('2')
  })

  it('never overwrites an existing branch with other content', async () => {
    t = await emptyBackend()
    const p = await approvedPlan()
    const { repo, head } = userCheckout(t.dir)
    git(repo, 'branch', 'fleetplan/2026-11-27-q4-gpu-baseline', head)
    const e = await failure(t.call('plan-export', { id: p.id, repoPath: repo }))
    expect(e.code).toBe('conflict')
    expect(git(repo, 'rev-parse', 'fleetplan/2026-11-27-q4-gpu-baseline')).toBe(head)
  })

  it('works on a repository without commits yet, leaving HEAD unborn', async () => {
    t = await emptyBackend()
    const p = await approvedPlan()
    const repo = join(t.dir, 'empty-repo')
    mkdirSync(repo)
    git(repo, 'init', '-q', '-b', 'main')
    const r = await t.call('plan-export', { id: p.id, repoPath: repo })
    expect(git(repo, 'rev-list', '--count', r.branch)).toBe('1')
    expect(git(repo, 'status', '--porcelain')).toBe('')
    expect(() => git(repo, 'rev-parse', '--verify', '--quiet', 'HEAD')).toThrow()
  })

  it('refuses a folder that is not a Git repository, writing nothing', async () => {
    t = await emptyBackend()
    const p = await approvedPlan()
    const dir = join(t.dir, 'plain-folder')
    mkdirSync(dir)
    const e = await failure(t.call('plan-export', { id: p.id, repoPath: dir }))
    expect(e.code).toBe('not-a-repo')
    expect(e.message).toBe(`${dir} is not a Git repository: Git does not recognise it as a checkout (run git init there to make one).`)
    expect(e.message).not.toMatch(/rev-parse|not-a-repo/)
    const missing = await failure(t.call('plan-export', { id: p.id, repoPath: join(t.dir, 'nope') }))
    expect(missing.code).toBe('not-a-repo')
  })

  it('refuses to export a plan that is not approved', async () => {
    t = await emptyBackend()
    await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    const draft = await t.call('plan-create', { name: 'Draft only' })
    const { repo } = userCheckout(t.dir)
    const before = checkoutState(repo)
    const e = await failure(t.call('plan-export', { id: draft.id, repoPath: repo }))
    expect(e.message).toMatch(/not approved/)
    expect(checkoutState(repo)).toEqual(before)
    expect(git(repo, 'branch', '--list', 'fleetplan/*')).toBe('')
  })
})
