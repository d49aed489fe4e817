/**
 * The replay keeps each rule's verdict under a key of what its validation reads (main/policy/replay.ts,
 * ruleKeys). This checks that reuse changes nothing: on generated workloads where every workload carries a
 * unique label (as a Job's pods do), some lack the team or project label, some are exempt, and team budgets
 * run out mid-month, the replay with reuse equals the replay that evaluates every validation of every
 * workload with the emitted CEL — every count, dollar, team, week and example.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PolicyDoc } from '../../shared/policy-schema'
import { BENCH_POLICY, seedWorkloads } from '../../main/bench/policy-replay'
import { openWorkspaceDb } from '../../main/db/migrate'
import { MIGRATIONS } from '../../main/db/migrations'
import type { Db } from '../../main/db/open'
import { dailySpend, namespaceTeams } from '../../main/policy/facts'
import { replayChunk, toSpendTable, type ReplayChunkInput } from '../../main/policy/replay'
import { workspacePriceBook } from '../../main/workload/pricing'
import { tempDir } from '../helpers/tmp'

const WORKLOADS = 4000
// Budgets low enough that every team crosses its ceiling some day of each month.
const DOC: PolicyDoc = {
  ...BENCH_POLICY,
  rules: BENCH_POLICY.rules.map((r) => (r.kind === 'budget-ceiling' ? { ...r, budgets: r.budgets.map((b, i) => ({ ...b, monthlyUsd: 20_000 + i * 5_000 })) } : r)),
}

let db: Db
let cleanup: () => void
let input: ReplayChunkInput
beforeAll(() => {
  const t = tempDir()
  cleanup = t.cleanup
  const file = join(t.dir, 'w.sqlite')
  openWorkspaceDb(file, MIGRATIONS, { create: true }).db.close()
  seedWorkloads(file, WORKLOADS, true)
  db = openWorkspaceDb(file, MIGRATIONS, { create: false }).db
  input = {
    doc: DOC,
    facts: { prices: workspacePriceBook(db).medianOnDemand(), namespaceTeams: namespaceTeams(db) },
    spend: toSpendTable(dailySpend(db)),
    idFrom: 1,
    idTo: WORKLOADS,
    fromMs: null,
    toMs: null,
    examples: 20,
  }
})
afterAll(() => {
  db.close()
  cleanup()
})

describe('replay verdict reuse', () => {
  it('gives the same answer as evaluating every validation on every workload', () => {
    const reused = replayChunk(db, input, () => undefined)
    const full = replayChunk(db, { ...input, reuseVerdicts: false }, () => undefined)
    expect(full.workloads).toBe(WORKLOADS)
    expect(full.evaluations).toBe(WORKLOADS * DOC.rules.length)
    // Every rule denies some workloads and admits others: the comparison covers both verdicts of each.
    for (const [i, rule] of full.byRule.entries()) {
      expect(rule.denied, DOC.rules[i]?.id).toBeGreaterThan(0)
      expect(rule.denied, DOC.rules[i]?.id).toBeLessThan(WORKLOADS)
    }
    expect({ ...reused, evaluations: 0 }).toEqual({ ...full, evaluations: 0 })
    // Even on 4,000 workloads (90 days, budgets per day) about half the verdicts are reused; on a million, most.
    expect(reused.evaluations).toBeLessThan(full.evaluations * 0.6)
  })
})
