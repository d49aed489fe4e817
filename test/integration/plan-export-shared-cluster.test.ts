/**
 * A fleet plan and a baseline plan with cost policies export into the same cluster folder
 * (`fleetplan/clusters/prod/`), in a real Git repository: neither export loses what the other plan wrote. A plan
 * replaces only what the previous plan of its own kind wrote; the cluster's kustomization.yaml lists both, and
 * `kubectl kustomize` renders the Kueue objects and the policies together.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import type { Scenario } from '../../shared/scenario-types'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { git } from '../helpers/git'
import { examplePolicyDocs } from '../helpers/policy-examples'
import { FOCUS_SAMPLE, REPO_ROOT, tempDir } from '../helpers/tmp'

const CLUSTER = 'fleetplan/clusters/prod'
const SLOW = 300_000

let t: TestBackend | undefined
afterEach(async () => t?.close())

const scenario = (): Scenario => JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'examples', 'scenario-mixed-cloud.json'), 'utf8')) as Scenario

/** Path inside the cluster folder → content, at a commit. */
function clusterAt(repo: string, rev: string): Map<string, string> {
  const files = git(repo, 'ls-tree', '-r', '--name-only', rev, '--', `${CLUSTER}/`).split('\n').filter(Boolean)
  return new Map(files.map((f) => [f.slice(CLUSTER.length + 1), git(repo, 'show', `${rev}:${f}`)]))
}

const resourcesAt = (repo: string, rev: string): string[] =>
  [...(parse(git(repo, 'show', `${rev}:${CLUSTER}/kustomization.yaml`)) as { resources: string[] }).resources].sort()

/** The cluster folder at a commit, rendered by the real kubectl kustomize. */
function renderedAt(repo: string, rev: string): { kind: string; metadata: { name: string } }[] {
  const out = tempDir()
  try {
    for (const [path, content] of clusterAt(repo, rev)) {
      mkdirSync(dirname(join(out.dir, path)), { recursive: true })
      writeFileSync(join(out.dir, path), content)
    }
    return parseAllDocuments(execFileSync('/usr/bin/kubectl', ['kustomize', out.dir], { encoding: 'utf8' })).map((d) => d.toJS() as { kind: string; metadata: { name: string } })
  } finally {
    out.cleanup()
  }
}

async function approve(id: string): Promise<void> {
  await t!.call('plan-submit', { id, by: 'Sam Author' })
  await t!.call('plan-approve', { id, by: 'Dana Planner', comment: 'ok' })
}

describe('a fleet plan and a baseline plan with policies for the same cluster', () => {
  it('export into one cluster folder without removing or unlisting what the other plan wrote', async () => {
    t = await emptyBackend()
    await t.call('billing-import', { files: [{ ref: FOCUS_SAMPLE }] })
    const repo = join(t.dir, 'gitops')
    mkdirSync(repo)
    git(repo, 'init', '-q', '-b', 'main')
    git(repo, 'config', 'user.name', 'Platform Team')
    git(repo, 'config', 'user.email', 'platform@example.test')

    // 1. The fleet plan, exported and merged.
    const fleet = await t.call('plan-create', { name: 'Five teams', scenario: scenario(), cluster: 'prod' })
    await approve(fleet.id)
    const r1 = await t.call('plan-export', { id: fleet.id, repoPath: repo })
    git(repo, 'merge', '-q', '--ff-only', r1.branch)
    const fleetFiles = clusterAt(repo, 'main')
    const fleetManifests = [...fleetFiles.keys()].filter((p) => p !== 'kustomization.yaml')
    expect(fleetManifests.some((p) => p.startsWith('kueue/clusterqueue-'))).toBe(true)
    expect(fleetManifests.some((p) => p.startsWith('policies/'))).toBe(false)

    // 2. A baseline plan with every example policy, same cluster: adds its policies, keeps every fleet manifest.
    const docs = examplePolicyDocs()
    const base = await t.call('plan-create', { name: 'Guardrails', cluster: 'prod' })
    for (const doc of docs) await t.call('plan-policy-attach', { planId: base.id, doc })
    await approve(base.id)
    const diff = await t.call('plan-diff', { id: base.id, repoPath: repo })
    expect(diff.files.filter((f) => f.change === 'removed')).toEqual([])
    const r2 = await t.call('plan-export', { id: base.id, repoPath: repo })
    expect(r2.status).toBe('exported')
    expect(r2.removed).toEqual([])
    expect(r2.superseded).toEqual([])
    const after2 = clusterAt(repo, r2.commit)
    for (const p of fleetManifests) expect(after2.get(p), p).toBe(fleetFiles.get(p))
    const policyFiles = [...after2.keys()].filter((p) => p.startsWith('policies/'))
    for (const d of docs) expect(policyFiles.some((p) => p.startsWith(`policies/${d.name}/`)), d.name).toBe(true)
    // The kustomization lists both plans' manifests, and nothing else.
    expect(resourcesAt(repo, r2.commit)).toEqual([...fleetManifests, ...policyFiles].sort())
    const kinds2 = new Set(renderedAt(repo, r2.commit).map((o) => o.kind))
    for (const k of ['ClusterQueue', 'LocalQueue', 'ValidatingAdmissionPolicy', 'ConstraintTemplate', 'FleetplanMaxAccelerators']) expect(kinds2.has(k), k).toBe(true)
    expect((await t.call('plan-get', { id: fleet.id })).status).toBe('exported')
    git(repo, 'merge', '-q', '--ff-only', r2.branch)

    // 3. A newer fleet plan (one team fewer): replaces the first fleet plan's files, keeps the baseline's policies.
    const s = scenario()
    const fewer = { ...s, demand: { ...s.demand, streams: s.demand.streams.filter((x) => x.team !== 'speech') } }
    const fleet2 = await t.call('plan-create', { name: 'Four teams', scenario: fewer, cluster: 'prod' })
    await approve(fleet2.id)
    const r3 = await t.call('plan-export', { id: fleet2.id, repoPath: repo })
    expect(r3.removed.length).toBeGreaterThan(0)
    expect(r3.removed.every((f) => /speech/.test(f) && !f.startsWith(`${CLUSTER}/policies/`))).toBe(true)
    expect(r3.superseded).toEqual([fleet.id])
    const after3 = clusterAt(repo, r3.commit)
    for (const p of policyFiles) expect(after3.get(p), p).toBe(after2.get(p))
    const manifests3 = [...after3.keys()].filter((p) => p !== 'kustomization.yaml')
    expect(resourcesAt(repo, r3.commit)).toEqual(manifests3.sort())
    expect(renderedAt(repo, r3.commit).filter((o) => o.kind === 'ConstraintTemplate')).toHaveLength(5)
    git(repo, 'merge', '-q', '--ff-only', r3.branch)

    // 4. A newer baseline plan with one policy: removes the policies the earlier baseline plan had and it has not
    //    (templates only its constraints used included), keeps every fleet manifest.
    const keep = docs.find((d) => d.name === 'gpu-cost-guardrails')!
    const base2 = await t.call('plan-create', { name: 'Guardrails only', cluster: 'prod' })
    await t.call('plan-policy-attach', { planId: base2.id, doc: keep })
    await approve(base2.id)
    const r4 = await t.call('plan-export', { id: base2.id, repoPath: repo })
    const after4 = clusterAt(repo, r4.commit)
    for (const [p, c] of after3) if (!p.startsWith('policies/') && p !== 'kustomization.yaml') expect(after4.get(p), p).toBe(c)
    for (const d of docs.filter((x) => x.name !== keep.name)) expect([...after4.keys()].some((p) => p.startsWith(`policies/${d.name}/`)), d.name).toBe(false)
    const rendered4 = renderedAt(repo, r4.commit)
    const templateKinds = new Set(rendered4.filter((o) => o.kind === 'ConstraintTemplate').map((o) => o.metadata.name))
    const constraintKinds = new Set(rendered4.filter((o) => o.kind.startsWith('Fleetplan')).map((o) => o.kind.toLowerCase()))
    expect(templateKinds).toEqual(constraintKinds)
    expect(rendered4.some((o) => o.kind === 'ClusterQueue')).toBe(true)
    expect(resourcesAt(repo, r4.commit)).toEqual([...after4.keys()].filter((p) => p !== 'kustomization.yaml').sort())
  }, SLOW)
})
