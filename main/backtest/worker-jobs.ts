/** The backtest's worker jobs: reading a history (CSV or the workspace's own) and optimising / replaying commitments per type. */
import type { BacktestTypeResult } from '../../shared/backtest-types'
import { withConnection } from '../db/open'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { readDemandCsv } from './demand-csv'
import { evaluateType, type EvaluateTypeInput } from './evaluate'
import { workspaceHistory } from './workspace-history'

export interface BacktestEvaluatePayload {
  items: EvaluateTypeInput[]
}

export async function backtestEvaluate(p: BacktestEvaluatePayload, progress: ReportProgress): Promise<BacktestTypeResult[]> {
  const out: BacktestTypeResult[] = []
  for (const item of p.items) {
    progress({ step: `Optimising commitments for ${item.prices.type}`, current: out.length, total: p.items.length })
    out.push(await evaluateType(item))
  }
  progress({ step: 'Optimising commitments', current: out.length, total: p.items.length })
  return out
}

/** A demand file (path + the name to show in messages) or the workspace's own history. */
export type BacktestLoadPayload = { path: string; fileName: string } | { workspacePath: string }

export interface LoadedHistory {
  source: string
  kind: 'csv' | 'telemetry' | 'billing' | null
  types: string[]
  values: number[][]
  start: number | null
  seenAt: Record<string, { provider: string; region: string }>
  notes: string[]
}

export function backtestLoad(p: BacktestLoadPayload): LoadedHistory {
  if ('path' in p) {
    const h = readDemandCsv(p.path, p.fileName)
    return { source: p.fileName, kind: 'csv', types: h.types, values: h.values, start: h.start, seenAt: {}, notes: h.notes }
  }
  return withConnection(p.workspacePath, (db) => {
    const h = workspaceHistory(db)
    return { source: h.source ? `workspace accelerator-hours (${h.source})` : 'workspace', kind: h.source, types: h.types, values: h.values, start: h.start, seenAt: h.seenAt, notes: [] }
  })
}

export const backtestJobs = defineJobs({
  'backtest-evaluate': (p: BacktestEvaluatePayload, progress: ReportProgress) => backtestEvaluate(p, progress),
  'backtest-load': (p: BacktestLoadPayload) => backtestLoad(p),
})
