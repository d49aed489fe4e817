/**
 * The workspace facts a policy's parameters are computed from: catalog prices, each namespace's team (the
 * team seen most in its workload history) and each team's month-to-date spend — from billing lines carrying
 * a team when the workspace has them for that time, else from workload costs spread evenly over their lives.
 */
import type { PolicyFacts } from '../../shared/policy-types'
import type { Db } from '../db/open'
import { workspacePriceBook } from '../workload/pricing'

const DAY = 86_400_000

export function namespaceTeams(db: Db): Record<string, string> {
  const rows = db
    .prepare(
      `SELECT namespace, team, count(*) AS n FROM workload WHERE namespace IS NOT NULL AND team IS NOT NULL AND team != ''
        GROUP BY namespace, team ORDER BY namespace, n DESC, team`,
    )
    .all() as { namespace: string; team: string }[]
  const out: Record<string, string> = {}
  for (const r of rows) out[r.namespace] ??= r.team
  return out
}

/** Day index (days since the epoch, UTC) of a time. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY)
const monthStartDay = (day: number): number => {
  const d = new Date(day * DAY)
  return dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1))
}

/** Team → spend per day (day index → USD), from one source. */
export interface DailySpend {
  source: 'billing' | 'workloads'
  byTeam: Map<string, Map<number, number>>
}

export function dailySpend(db: Db, range?: { fromMs: number | null; toMs: number | null }): DailySpend | null {
  const billing = db
    .prepare(
      `SELECT team, CAST((julianday(substr("ChargePeriodStart", 1, 10)) - 2440587.5) AS INTEGER) AS day, sum("BilledCost") AS cost
         FROM billing_line WHERE team IS NOT NULL AND team != '' AND "ChargePeriodStart" IS NOT NULL GROUP BY team, day`,
    )
    .all() as { team: string; day: number; cost: number }[]
  const inRange = (day: number): boolean =>
    (range?.fromMs == null || day >= dayOf(range.fromMs) - 31) && (range?.toMs == null || day <= dayOf(range.toMs))
  if (billing.some((r) => inRange(r.day))) {
    const byTeam = new Map<string, Map<number, number>>()
    for (const r of billing) {
      const m = byTeam.get(r.team) ?? new Map<number, number>()
      m.set(r.day, (m.get(r.day) ?? 0) + r.cost)
      byTeam.set(r.team, m)
    }
    return { source: 'billing', byTeam }
  }
  const byTeam = new Map<string, Map<number, number>>()
  const rows = db
    .prepare(`SELECT team, start_ms, end_ms, cost FROM workload WHERE host = 0 AND team IS NOT NULL AND team != '' AND cost > 0 AND start_ms IS NOT NULL`)
    .iterate() as IterableIterator<{ team: string; start_ms: number; end_ms: number | null; cost: number }>
  let any = false
  for (const r of rows) {
    any = true
    const m = byTeam.get(r.team) ?? new Map<number, number>()
    byTeam.set(r.team, m)
    const end = Math.max(r.end_ms ?? r.start_ms, r.start_ms)
    const span = end - r.start_ms
    if (span <= 0) {
      m.set(dayOf(r.start_ms), (m.get(dayOf(r.start_ms)) ?? 0) + r.cost)
      continue
    }
    for (let d = dayOf(r.start_ms); d <= dayOf(end - 1); d++) {
      const overlap = Math.min(end, (d + 1) * DAY) - Math.max(r.start_ms, d * DAY)
      if (overlap > 0) m.set(d, (m.get(d) ?? 0) + (r.cost * overlap) / span)
    }
  }
  return any ? { source: 'workloads', byTeam } : null
}

/**
 * Month-to-date spend by team at the start of `day` (what a daily refresh of the parameters would hold), or
 * through the end of `day` when `through` is set.
 */
export function monthToDateAt(spend: DailySpend | null, day: number, through = false): Record<string, number> {
  if (!spend) return {}
  const start = monthStartDay(day)
  const out: Record<string, number> = {}
  for (const [team, days] of spend.byTeam) {
    let s = 0
    for (const [d, c] of days) if (d >= start && (through ? d <= day : d < day)) s += c
    if (s > 0) out[team] = Math.round(s * 100) / 100
  }
  return out
}

/** The latest time the workspace has data for (billing or workloads), else now. */
export function latestDataMs(db: Db, now: Date): number {
  const b = db.prepare(`SELECT max("ChargePeriodEnd") FROM billing_line`).pluck().get() as string | null
  const w = db.prepare('SELECT max(coalesce(end_ms, start_ms)) FROM workload').pluck().get() as number | null
  const t = Math.max(b ? Date.parse(b) : -Infinity, w ?? -Infinity)
  return Number.isFinite(t) ? t : now.getTime()
}

/** Facts as of the workspace's latest data (what an export writes into the parameters). */
export function currentFacts(db: Db, now: Date): PolicyFacts {
  const asOfMs = latestDataMs(db, now)
  const spend = dailySpend(db)
  return {
    prices: workspacePriceBook(db).medianOnDemand(),
    namespaceTeams: namespaceTeams(db),
    // The month of the latest day with data, through its end.
    monthToDateUsd: monthToDateAt(spend, dayOf(asOfMs - 1), true),
    asOf: new Date(asOfMs).toISOString(),
  }
}
