import Database from 'better-sqlite3'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { OptimizeProblem, OptimizeResult, Scenario, SimulationResult } from '../../shared/scenario-types'
import type { Plan } from '../../shared/types'
import { createRun, finishRun } from '../../main/forecast/run-store'
import { emptyBackend, failure, type TestBackend } from '../helpers/backend'
import { teamGpuHoursSeries } from '../helpers/forecast-series'
import { checkoutState, git, userCheckout } from '../helpers/git'
import { REPO_ROOT } from '../helpers/tmp'

const EXAMPLES = join(REPO_ROOT, 'resources', 'examples')
/** Optimizer, simulation, git and the schema validators in one test: minutes on a loaded 2-core machine. */
const SLOW = 300_000
const readJson = <T>(f: string): T => JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')) as T

let t: TestBackend
afterEach(async () => t?.close())

/** A forecast run stored through the real run store: GPU-hours per team for the scenario's teams. */
function storeForecast(teams: string[]): number {
  const db = t.backend.ctx.ws.db
  const id = createRun(db, { targets: ['gpu-hours-team'], horizon: 60, levels: [80, 95], metric: 'BilledCost', origins: 4, speed: 'fast' }, new Date('2026-11-20T08:00:00Z'))
  const series = teams.map((team, i) =>
    teamGpuHoursSeries(team, Array.from({ length: 60 }, (_, d) => 500 * (i + 1) * (1 + d / 300)), {
      start: '2026-11-21',
      history: Array.from({ length: 30 }, () => 500 * (i + 1)),
      bands: [{ level: 95, lo: 0.75, hi: 1.25 }],
      model: 'snaive',
    }),
  )
  finishRun(db, id, series, new Date('2026-11-20T08:01:00Z'), 60_000)
  return id
}

/** Optimizer answer → saved scenario (as "Create plan from this" does) → a small simulation → a plan. */
async function decision(opts: { simulate?: boolean; forecast?: boolean } = {}): Promise<{ scenario: Scenario; opt: OptimizeResult; sim: SimulationResult | null; forecastId: number | null }> {
  const problem = readJson<OptimizeProblem>('problem-next-year.json')
  const opt = await t.call('optimize', { problem })
  const base = readJson<Scenario>('scenario-mixed-cloud.json')
  let scenario = await t.call('scenario-save', {
    scenario: {
      ...base,
      name: 'Optimized next year',
      basis: 'optimizer',
      horizonHours: 24 * 60,
      fleet: opt.fleet.map(({ usdPerAccelHour: _p, ...f }) => f),
      demand: { ...base.demand, streams: problem.demand.map((d) => ({ team: d.team, workloadClass: d.workloadClass, base: d.demand * 0.7, growthPctPerMonth: 1 })) },
      policy: { ...base.policy, fairnessFloor: 0.9 },
      simulation: { paths: 8, seed: 3 },
      optimizationRunId: opt.runId,
    },
  })
  let forecastId: number | null = null
  if (opts.forecast) {
    forecastId = storeForecast([...new Set(scenario.demand.streams.map((s) => s.team))])
    scenario = await t.call('scenario-demand-from-forecast', { id: scenario.id, runId: forecastId, paths: 12, seed: 1 })
  }
  const sim = opts.simulate === false ? null : await t.call('scenario-simulate', { id: scenario.id, paths: 8 })
  return { scenario, opt, sim, forecastId }
}

async function approvedFleetPlan(name: string, scenarioId: string, edit?: (p: Plan) => Promise<void>): Promise<Plan> {
  const draft = await t.call('plan-create', { name, scenarioId, cluster: 'prod' })
  await t.call('plan-submit', { id: draft.id, by: 'Sam Author' })
  if (edit) await edit(draft)
  const review = await t.call('plan-get', { id: draft.id })
  return t.call('plan-approve', { id: draft.id, by: 'Dana Planner', comment: 'Sized for next year.', contentHash: review.contentHash })
}

const clusterFilesAt = (repo: string, rev: string): string[] =>
  git(repo, 'ls-tree', '-r', '--name-only', rev, '--', 'fleetplan/clusters/prod/')
    .split('\n')
    .filter(Boolean)

const stripHeader = (s: string): string => s.split('\n').filter((l) => !l.startsWith('#')).join('\n')

describe('a plan freezes the decision', () => {
  it('copies the scenario, its latest simulation, the optimization run and the forecast run; changing or deleting them later changes nothing', async () => {
    t = await emptyBackend()
    const { scenario, opt, sim, forecastId } = await decision({ forecast: true })
    const plan = await t.call('plan-create', { name: 'Next year', scenarioId: scenario.id, cluster: 'prod' })
    expect(plan.kind).toBe('fleet')
    expect(plan.status).toBe('draft')
    expect(plan.scenario).toBeNull() // an empty workspace has no billing to carry forward
    expect(plan.snapshot?.scenario.id).toBe(scenario.id)
    expect(plan.snapshot?.scenario.fleet).toEqual(scenario.fleet)
    expect(plan.snapshot?.simulation?.runId).toBe(sim?.runId)
    expect(plan.snapshot?.optimization).toMatchObject({ runId: opt.runId, kind: 'optimize' })
    expect(plan.snapshot?.forecast?.runId).toBe(forecastId)
    expect(plan.snapshot?.forecast?.series.map((s) => s.key).sort()).toEqual([...new Set(scenario.demand.streams.map((s) => `gpu-hours-team:${s.team}`))].sort())
    expect(plan.snapshot?.policies).toEqual([])
    expect(plan.fleet?.simulated?.costUsd.mean).toBe(sim?.kpis.costUsd.mean)
    // The fleet price, independently: Σ count × price (on-prem: + TDP × PUE × electricity) × 730.
    const expected = plan.snapshot!.pools.reduce((a, p) => a + p.count * (p.usdPerAccelHour + (p.option === 'on-prem' ? (p.tdpW / 1000) * p.pue * p.electricityUsdPerKwh : 0)), 0) * 730
    expect(plan.fleet?.monthlyUsd).toBeCloseTo(expected, 1)

    const before = await t.call('plan-get', { id: plan.id })
    await t.call('scenario-save', { scenario: { ...scenario, fleet: [{ accelerator: 'H100', provider: 'gcp', region: 'us-east4', option: 'on-demand', count: 1 }] } })
    await t.call('scenario-simulate', { id: scenario.id, paths: 4 })
    await t.call('scenario-delete', { id: scenario.id })
    await t.call('catalog-override', { kind: 'price', key: 'H100|gcp|us-east4|reserved-1y', field: 'usdPerAccelHour', value: 99, note: 'later' })
    const after = await t.call('plan-get', { id: plan.id })
    expect(after.snapshot).toEqual(before.snapshot)
    expect(after.recommendations).toEqual(before.recommendations)
    expect(after.contentHash).toBe(before.contentHash)
  }, SLOW)

  it('plans from an inline scenario file, and refuses a scenario id that does not exist in a sentence', async () => {
    t = await emptyBackend()
    const plan = await t.call('plan-create', { name: 'From file', scenario: readJson<Scenario>('scenario-onprem-fair-share.json'), cluster: 'onprem' })
    expect(plan.snapshot?.scenario.basis).toBe('file')
    expect(plan.snapshot?.simulation).toBeNull()
    expect(plan.fleet?.basis).toMatch(/not simulated/)
    // Owned H200 and L40S, and Lambda's B200 (no Karpenter provider there): listed for plan.md, no NodePool.
    expect(plan.recommendations?.onPrem.map((o) => o.accelerator).sort()).toEqual(['B200', 'H200', 'L40S'])
    expect(plan.recommendations?.onPrem.find((o) => o.accelerator === 'B200')?.reasoning.text).toMatch(/lambda has no Karpenter provider/)
    expect(plan.recommendations?.nodePools).toEqual([])
    const e = await failure(t.call('plan-create', { name: 'x', scenarioId: 'sc_000000000000' }))
    expect(e.message).toBe('No scenario with id sc_000000000000.')
  }, SLOW)
})

describe('review, approval and the audit log', () => {
  it('moves draft → in review → approved; edits in review are logged and signed; approval refuses a stale hash; approved plans are immutable', async () => {
    t = await emptyBackend()
    const { scenario } = await decision({ simulate: false })
    const p = await t.call('plan-create', { name: 'Reviewed', scenarioId: scenario.id, cluster: 'prod' })
    const early = await failure(t.call('plan-approve', { id: p.id, by: 'Dana', comment: 'ok' }))
    expect(early.message).toBe('Cannot approve plan "Reviewed": it is a draft: submit it for review first.')
    const inReview = await t.call('plan-submit', { id: p.id, by: 'Sam' })
    expect(inReview.status).toBe('in-review')

    const q = inReview.recommendations!.kueue.queues[0]!
    const entry = q.quotas.find((e) => e.nominalQuota > 2)!
    const edited = await t.call('plan-edit', { id: p.id, target: { kind: 'queue', team: q.team, flavor: entry.flavor, field: 'nominalQuota' }, value: entry.nominalQuota - 2, by: 'Rita Reviewer' })
    expect(edited.contentHash).not.toBe(inReview.contentHash)
    expect(edited.recommendations!.kueue.queues[0]!.quotas.find((e) => e.flavor === entry.flavor)!.nominalQuota).toBe(entry.nominalQuota - 2)
    const log = edited.audit.at(-1)!
    expect(log).toMatchObject({ kind: 'edited', actor: 'Rita Reviewer', details: { from: entry.nominalQuota, to: entry.nominalQuota - 2 } })

    const stale = await failure(t.call('plan-approve', { id: p.id, by: 'Dana', comment: 'ok', contentHash: inReview.contentHash }))
    expect(stale.code).toBe('conflict')
    expect(stale.message).toMatch(/changed after you opened it/)
    const approved = await t.call('plan-approve', { id: p.id, by: 'Dana', comment: 'ok', contentHash: edited.contentHash })
    expect(approved.status).toBe('approved')
    expect(approved.approval?.contentHash).toBe(edited.contentHash)

    const late = await failure(t.call('plan-edit', { id: p.id, target: { kind: 'queue', team: q.team, flavor: entry.flavor, field: 'nominalQuota' }, value: 1, by: 'Rita' }))
    expect(late.message).toMatch(/^Cannot edit plan "Reviewed": it was approved by Dana on .* and cannot change \(copy it into a new draft to edit\)\.$/)
    const db = new Database(t.workspacePath)
    expect(() => db.prepare('UPDATE plan SET recommendations_json = ? WHERE id = ?').run('{}', p.id)).toThrow(/immutable/)
    db.close()
    expect(approved.audit.map((e) => e.kind)).toEqual(['created', 'submitted', 'edited', 'approved'])

    const copy = await t.call('plan-copy', { id: p.id, by: 'Rita' })
    expect(copy).toMatchObject({ status: 'draft', copiedFrom: p.id, name: 'Reviewed (copy)' })
    expect(copy.recommendations).toEqual(approved.recommendations)
    expect((await t.call('plan-get', { id: p.id })).audit.at(-1)).toMatchObject({ kind: 'copied', details: { to: copy.id } })
  }, SLOW)

  it('the content hash is sha256 of plan.json without approval — recomputed independently by Python from the exported file', async () => {
    t = await emptyBackend()
    const { scenario } = await decision({ simulate: true, forecast: true })
    const p = await approvedFleetPlan('Hash check', scenario.id!)
    const { repo } = userCheckout(t.dir)
    const r = await t.call('plan-export', { id: p.id, repoPath: repo })
    const text = git(repo, 'show', `${r.commit}:fleetplan/plans/2026-11-27-hash-check/plan.json`)
    const py = spawnSync(
      'python3',
      ['-c', 'import sys,json,hashlib; d=json.load(sys.stdin); d.pop("approval"); d.pop("fleetplanPlan"); print(hashlib.sha256((json.dumps(d, sort_keys=True, indent=2, ensure_ascii=False)+"\\n").encode()).hexdigest())'],
      { input: `${text}\n`, encoding: 'utf8' },
    )
    expect(py.status, py.stderr).toBe(0)
    expect(`sha256:${py.stdout.trim()}`).toBe(p.approval?.contentHash)
    // The forecast paths are signed through their digest: the workspace's values hash to it.
    const signed = JSON.parse(text) as { snapshot: { scenario: { demand: { paths: { values: { sha256: string } } } } } }
    const values = p.snapshot!.scenario.demand.paths!.values
    expect(signed.snapshot.scenario.demand.paths.values.sha256).toBe(createHash('sha256').update(JSON.stringify(values)).digest('hex'))
  }, SLOW)
})

describe('export to a GitOps checkout', () => {
  it('writes the plan files and the cluster folder on a new branch, renders with kubectl kustomize, and leaves the checkout untouched', async () => {
    t = await emptyBackend()
    const { scenario, sim } = await decision()
    const p = await approvedFleetPlan('Next year', scenario.id!)
    const { repo, head } = userCheckout(t.dir)
    const before = checkoutState(repo)
    const r = await t.call('plan-export', { id: p.id, repoPath: repo })
    expect(r.status).toBe('exported')
    expect(checkoutState(repo)).toEqual(before)
    expect(git(repo, 'rev-parse', `${r.commit}^`)).toBe(head)
    const files = git(repo, 'ls-tree', '-r', '--name-only', r.commit).split('\n')
    for (const f of ['plan.md', 'plan.json', 'report.html']) expect(files).toContain(`fleetplan/plans/2026-11-27-next-year/${f}`)
    const cluster = clusterFilesAt(repo, r.commit)
    expect(cluster).toContain('fleetplan/clusters/prod/kustomization.yaml')
    for (const folder of ['kueue', 'quotas', 'autoscaling', 'karpenter', 'alerts']) expect(cluster.some((f) => f.startsWith(`fleetplan/clusters/prod/${folder}/`)), folder).toBe(true)

    // Trailers a pipeline can read with git itself.
    const trailer = (key: string): string => git(repo, 'log', '-1', `--format=%(trailers:key=${key},valueonly)`, r.commit)
    expect(trailer('Plan-Id')).toBe(p.id)
    expect(trailer('Approved-By')).toBe('Dana Planner')
    expect(trailer('Content-Hash')).toBe(p.approval?.contentHash)
    expect(trailer('Cost-Delta')).toMatch(/^unknown/) // nothing exported before, no billing in this workspace
    expect(trailer('Carbon-Delta')).toBe('unknown (no earlier simulated plan)')

    // kubectl kustomize renders the exported folder: every manifest once.
    const out = join(t.dir, 'export')
    mkdirSync(out)
    execFileSync('sh', ['-c', `git -C '${repo}' archive ${r.commit} fleetplan | tar -x -C '${out}'`])
    const rendered = execFileSync('kubectl', ['kustomize', join(out, 'fleetplan', 'clusters', 'prod')], { encoding: 'utf8' })
    const kinds = rendered.split(/^---$/m).map((d) => /^kind: (\S+)$/m.exec(d)?.[1])
    expect(kinds).toHaveLength(cluster.length - 1)
    expect(new Set(kinds)).toEqual(new Set(['ClusterQueue', 'LocalQueue', 'ResourceFlavor', 'ResourceQuota', 'ScaledObject', 'NodePool', 'PrometheusRule']))
    expect(rendered).toContain('nominalQuota:')

    // report.html: one self-contained file with inline SVG charts, no script and no network.
    const html = git(repo, 'show', `${r.commit}:fleetplan/plans/2026-11-27-next-year/report.html`)
    expect(html).toMatch(/^<!doctype html>/)
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3)
    expect(html).not.toMatch(/<script|src="http|href="http|@import/i)
    expect(html).toContain('Dana Planner')
    expect(html).toContain(`$${Math.round(sim!.kpis.costUsd.mean).toLocaleString('en-US')}`)
    const md = git(repo, 'show', `${r.commit}:fleetplan/plans/2026-11-27-next-year/plan.md`)
    expect(md).toContain('### Capacity outside Karpenter')
    expect(md).toContain('## Budgets')
  }, SLOW)

  it('re-exporting an unchanged plan writes nothing; a newer plan changes only the files that differ and supersedes the older one', async () => {
    t = await emptyBackend()
    const { scenario } = await decision({ simulate: false })
    const first = await approvedFleetPlan('First', scenario.id!)
    const repo = join(t.dir, 'gitops')
    mkdirSync(repo)
    git(repo, 'init', '-q', '-b', 'main')
    git(repo, 'config', 'user.name', 'Platform Team')
    git(repo, 'config', 'user.email', 'platform@example.test')
    mkdirSync(join(repo, 'fleetplan', 'clusters', 'prod'), { recursive: true })
    writeFileSync(join(repo, 'fleetplan', 'clusters', 'prod', 'README.md'), 'hand-written notes\n')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'initial')

    const r1 = await t.call('plan-export', { id: first.id, repoPath: repo })
    const again = await t.call('plan-export', { id: first.id, repoPath: repo })
    expect(again).toMatchObject({ status: 'already-exported', commit: r1.commit })
    expect(git(repo, 'rev-list', '--count', '--all')).toBe('2')
    // Merged (as a pull request would be) and the branch deleted: exporting again finds nothing to change.
    git(repo, 'merge', '-q', '--ff-only', r1.branch)
    git(repo, 'branch', '-q', '-D', r1.branch)
    const unchanged = await t.call('plan-export', { id: first.id, repoPath: repo })
    expect(unchanged.status).toBe('unchanged')
    expect(git(repo, 'branch', '--list', 'fleetplan/*')).toBe('')
    expect(git(repo, 'rev-list', '--count', '--all')).toBe('2')

    // A newer plan for the same cluster: a copy with one quota moved.
    const copy = await t.call('plan-copy', { id: first.id, name: 'Second', by: 'Sam' })
    await t.call('plan-submit', { id: copy.id, by: 'Sam' })
    const q = copy.recommendations!.kueue.queues.find((x) => x.quotas.some((e) => e.nominalQuota >= 2))!
    const e0 = q.quotas.find((e) => e.nominalQuota >= 2)!
    const edited = await t.call('plan-edit', { id: copy.id, target: { kind: 'queue', team: q.team, flavor: e0.flavor, field: 'nominalQuota' }, value: e0.nominalQuota - 1, by: 'Rita' })
    const second = await t.call('plan-approve', { id: copy.id, by: 'Dana', comment: 'one fewer', contentHash: edited.contentHash })

    const diff = await t.call('plan-diff', { id: second.id, repoPath: repo })
    expect(diff.current?.planId).toBe(first.id)
    expect(diff.deltas.monthlyUsd).toBe(0) // same fleet: only a quota moved
    const changed = diff.files.filter((f) => f.change !== 'unchanged')
    expect(changed.length).toBeGreaterThan(0)
    expect(changed.every((f) => f.change === 'changed')).toBe(true)
    expect(changed.map((f) => f.path)).toContain(`kueue/clusterqueue-${q.namespace}.yaml`)
    const cqDiff = changed.find((f) => f.path === `kueue/clusterqueue-${q.namespace}.yaml`)!.diff
    expect(cqDiff).toContain(`-              nominalQuota: ${e0.nominalQuota}`)
    expect(cqDiff).toContain(`+              nominalQuota: ${e0.nominalQuota - 1}`)
    expect(diff.notes.join(' ')).toMatch(/README\.md was not written by Fleetplan: it is kept/)

    const r2 = await t.call('plan-export', { id: second.id, repoPath: repo })
    expect(r2.superseded).toEqual([first.id])
    expect((await t.call('plan-get', { id: first.id })).status).toBe('superseded')
    const touched = git(repo, 'diff', '--name-only', 'main', r2.commit).split('\n').filter((f) => f.startsWith('fleetplan/clusters/'))
    expect(touched.sort()).toEqual(changed.map((f) => `fleetplan/clusters/prod/${f.path}`).sort())
    // Every file the commit touched differs in body; every other one is byte-identical to main's.
    for (const f of clusterFilesAt(repo, r2.commit)) {
      const a = git(repo, 'show', `main:${f}`)
      const b = git(repo, 'show', `${r2.commit}:${f}`)
      if (touched.includes(f)) expect(stripHeader(b), f).not.toBe(stripHeader(a))
      else expect(b, f).toBe(a)
    }
    expect(git(repo, 'show', `${r2.commit}:fleetplan/clusters/prod/README.md`)).toBe('hand-written notes')
    const trailer = git(repo, 'log', '-1', '--format=%(trailers:key=Cost-Delta,valueonly)', r2.commit)
    expect(trailer).toBe(`+0.00 USD/month (vs plan ${first.id})`)
  }, SLOW)

  it('removes manifests an earlier plan wrote when the newer plan no longer has them', async () => {
    t = await emptyBackend()
    const a = await t.call('plan-create', { name: 'Five teams', scenario: readJson<Scenario>('scenario-mixed-cloud.json'), cluster: 'prod' })
    await t.call('plan-submit', { id: a.id, by: 'S' })
    await t.call('plan-approve', { id: a.id, by: 'D', comment: 'ok' })
    const repo = join(t.dir, 'gitops')
    mkdirSync(repo)
    git(repo, 'init', '-q', '-b', 'main')
    const r1 = await t.call('plan-export', { id: a.id, repoPath: repo })
    git(repo, 'merge', '-q', '--ff-only', r1.branch)
    const base = readJson<Scenario>('scenario-mixed-cloud.json')
    const fewer = { ...base, demand: { ...base.demand, streams: base.demand.streams.filter((s) => s.team !== 'speech') } }
    const b = await t.call('plan-create', { name: 'Four teams', scenario: fewer, cluster: 'prod' })
    await t.call('plan-submit', { id: b.id, by: 'S' })
    await t.call('plan-approve', { id: b.id, by: 'D', comment: 'speech moved out' })
    const r2 = await t.call('plan-export', { id: b.id, repoPath: repo })
    expect(r2.removed.sort()).toEqual(clusterFilesAt(repo, 'main').filter((f) => /-speech[.-]|\/speech-/.test(f.split('/').pop()!)).sort())
    expect(r2.removed.length).toBeGreaterThanOrEqual(4)
    for (const f of r2.removed) expect(clusterFilesAt(repo, r2.commit)).not.toContain(f)
  }, SLOW)

  it('refuses with sentences: a folder that is not a checkout, an unknown export folder', async () => {
    t = await emptyBackend()
    const p = await t.call('plan-create', { name: 'x', scenario: readJson<Scenario>('scenario-mixed-cloud.json') })
    const plain = join(t.dir, 'plain')
    mkdirSync(plain)
    const e1 = await failure(t.call('plan-diff', { id: p.id, repoPath: plain }))
    expect(e1.message).toBe(`${plain} is not a Git repository: Git does not recognise it as a checkout (run git init there to make one).`)
    const { repo } = userCheckout(t.dir)
    const e2 = await failure(t.call('plan-diff', { id: p.id, repoPath: repo, root: '../outside' }))
    expect(e2.message).toBe('The export folder "../outside" must be a folder inside the checkout (no "..", "." or .git).')
    const id = await t.call('plan-identity', { repoPath: repo })
    expect(id).toEqual({ name: 'Platform Team', email: 'platform@example.test', source: `git config user.name in ${repo}` })
  }, SLOW)
})
