/**
 * The policy work the pool runs: replay preparation (facts and daily spend, one pass) and replay chunks (a
 * range of workload ids each, on both threads). Each opens its own connection to the workspace, so the UI's
 * connection keeps answering.
 */
import { openConnection } from '../db/open'
import { whereGiven } from '../db/where'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { workspacePriceBook } from '../workload/pricing'
import { dailySpend, namespaceTeams } from './facts'
import { replayChunk, toSpendTable, type ReplayChunkInput, type ReplayPartial, type SpendTable } from './replay'

export interface ReplayPreparePayload {
  workspacePath: string
  fromMs: number | null
  toMs: number | null
  needsSpend: boolean
}

export interface ReplayPrepared {
  count: number
  minId: number | null
  maxId: number | null
  facts: ReplayChunkInput['facts']
  spend: SpendTable | null
}

export interface ReplayChunkPayload extends ReplayChunkInput {
  workspacePath: string
}

function withDb<T>(path: string, fn: (db: ReturnType<typeof openConnection>) => T): T {
  const db = openConnection(path)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

export const policyJobs = defineJobs({
  'policy-replay-prepare': (p: ReplayPreparePayload): Promise<ReplayPrepared> =>
    Promise.resolve(
      withDb(p.workspacePath, (db) => {
        const where: string[] = ['host = 0']
        const args: number[] = []
        whereGiven(where, args, 'start_ms >= ?', p.fromMs)
        whereGiven(where, args, 'start_ms < ?', p.toMs)
        const r = db.prepare(`SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM workload WHERE ${where.join(' AND ')}`).get(...args) as {
          n: number
          lo: number | null
          hi: number | null
        }
        return {
          count: r.n,
          minId: r.lo,
          maxId: r.hi,
          facts: { prices: workspacePriceBook(db).medianOnDemand(), namespaceTeams: namespaceTeams(db) },
          spend: p.needsSpend ? toSpendTable(dailySpend(db, { fromMs: p.fromMs, toMs: p.toMs })) : null,
        }
      }),
    ),
  'policy-replay-chunk': (p: ReplayChunkPayload, progress: ReportProgress): Promise<ReplayPartial> =>
    Promise.resolve(withDb(p.workspacePath, (db) => replayChunk(db, p, (current, total) => progress({ step: 'Replaying', current, total })))),
})
