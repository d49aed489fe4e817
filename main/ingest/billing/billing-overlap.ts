/**
 * Double counting across snapshots. Two billing snapshots that cover the same provider, billing account and
 * charge period (overlapping exports, a re-export with different bytes, a monthly file plus its daily
 * files) would add the same charges twice: an import that would do so is refused unless the user chose to
 * replace the earlier snapshots or keep both. One pair is not a double count but two views of one bill:
 * Azure's actual-cost and amortized-cost exports of the same account and period. They are combined —
 * BilledCost from the actual one, EffectiveCost from the amortized one — by zeroing the other metric in
 * each, and restored when either snapshot goes.
 *
 * Runs inside the import's transaction (BillingWriter.finish), before COMMIT.
 */
import type { BillingOverlapChoice } from '../../../shared/billing-types'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/open'
import { deleteSnapshot } from '../../workspace/snapshots'
import type { BillingScope } from './billing-sink'

export interface BillingFinish {
  scopes: BillingScope[]
  /** Azure cost details: which dataset the file is (azure-cost.ts, AzureCostKind). */
  costKind?: string | undefined
  onOverlap?: BillingOverlapChoice | undefined
}

interface ScopeRow {
  snapshot_id: number
  file_name: string
  provider: string
  billing_account_id: string
  period_start: string
  period_end: string
  cost_kind: string | null
  paired_with: number | null
}

const AZURE_PAIR: Record<string, string> = { actual: 'amortized', amortized: 'actual' }

/**
 * Records the snapshot's scope and resolves overlaps with earlier snapshots; returns warnings to add to the
 * snapshot. Throws `conflict` (nothing is imported) when the choice is `ask`.
 */
export function resolveOverlaps(db: Db, snapshotId: number, fileName: string, f: BillingFinish): string[] {
  const warnings: string[] = []
  const find = db.prepare(
    `SELECT s.snapshot_id, p.file_name, s.provider, s.billing_account_id, s.period_start, s.period_end, s.cost_kind, s.paired_with
     FROM billing_scope s JOIN snapshot p ON p.id = s.snapshot_id
     WHERE s.provider = ? AND s.billing_account_id = ? AND s.period_start < ? AND ? < s.period_end AND s.snapshot_id <> ?`,
  )
  const overlaps: ScopeRow[] = []
  const pairs: ScopeRow[] = []
  for (const sc of f.scopes) {
    for (const r of find.all(sc.provider, sc.billingAccountId, sc.periodEnd, sc.periodStart, snapshotId) as ScopeRow[]) {
      const partner = f.costKind ? AZURE_PAIR[f.costKind] : undefined
      if (f.onOverlap !== 'replace' && partner !== undefined && r.cost_kind === partner && r.paired_with === null) pairs.push(r)
      else if (!overlaps.some((o) => o.snapshot_id === r.snapshot_id)) overlaps.push(r)
    }
  }
  if (overlaps.length > 0 && (f.onOverlap ?? 'ask') === 'ask') {
    const first = overlaps[0] as ScopeRow
    const more = overlaps.length > 1 ? ` and ${overlaps.length - 1} more` : ''
    throw new ApiError({
      code: 'conflict',
      message:
        `${fileName} covers the same provider, billing account and charge period as snapshot ${first.snapshot_id} (${describe(first)})${more}: ` +
        `importing it as well would count those charges twice. Choose replace (the earlier snapshot${overlaps.length > 1 ? 's go' : ' goes'}) or keep both. Nothing was imported.`,
      problems: overlaps.map((o) => ({ file: fileName, message: `overlaps snapshot ${o.snapshot_id}: ${describe(o)}` })),
    })
  }
  if (f.onOverlap === 'replace') {
    for (const o of overlaps) {
      unpairBillingSnapshot(db, o.snapshot_id)
      deleteSnapshot(db, o.snapshot_id)
      warnings.push(`Replaced snapshot ${o.snapshot_id} (${describe(o)}).`)
    }
  } else if (overlaps.length > 0) {
    warnings.push(`Kept alongside overlapping snapshot${overlaps.length > 1 ? 's' : ''} ${overlaps.map((o) => `${o.snapshot_id} (${o.file_name})`).join(', ')}: totals over the same provider, account and period add both.`)
  }
  const insert = db.prepare(
    `INSERT INTO billing_scope (snapshot_id, provider, billing_account_id, period_start, period_end, rows, billed_cost, cost_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const sc of f.scopes) insert.run(snapshotId, sc.provider, sc.billingAccountId, sc.periodStart, sc.periodEnd, sc.rows, sc.billedCost, f.costKind ?? null)
  for (const p of pairs) {
    const [actual, amortized] = f.costKind === 'actual' ? [snapshotId, p.snapshot_id] : [p.snapshot_id, snapshotId]
    pair(db, actual, amortized, p.provider, p.billing_account_id)
    warnings.push(
      `Combined with snapshot ${p.snapshot_id} (${p.file_name}, the ${p.cost_kind}-cost export of ${p.provider} account ${p.billing_account_id}): BilledCost from the actual-cost export, EffectiveCost from the amortized one.`,
    )
  }
  return warnings
}

function describe(r: ScopeRow): string {
  return `${r.file_name}, ${r.provider} account ${r.billing_account_id}, ${r.period_start} → ${r.period_end}`
}

function refreshTotal(db: Db, id: number): void {
  db.prepare(`UPDATE snapshot SET total_billed_cost = (SELECT total("BilledCost") FROM billing_line WHERE snapshot_id = ?) WHERE id = ?`).run(id, id)
}

/** Billed from the actual export, effective from the amortized one: each keeps only its own metric. */
function pair(db: Db, actual: number, amortized: number, provider: string, account: string): void {
  db.prepare(`UPDATE billing_line SET "EffectiveCost" = 0 WHERE snapshot_id = ? AND "ProviderName" = ? AND "BillingAccountId" = ?`).run(actual, provider, account)
  db.prepare(`UPDATE billing_line SET "BilledCost" = 0, "ListCost" = 0, "ContractedCost" = 0 WHERE snapshot_id = ? AND "ProviderName" = ? AND "BillingAccountId" = ?`).run(
    amortized,
    provider,
    account,
  )
  db.prepare(`UPDATE billing_scope SET paired_with = ? WHERE snapshot_id = ?`).run(amortized, actual)
  db.prepare(`UPDATE billing_scope SET paired_with = ? WHERE snapshot_id = ?`).run(actual, amortized)
  refreshTotal(db, amortized)
}

/**
 * Before a paired snapshot goes: its partner gets back the metric it gave up, computed as its import did
 * (azure-cost.ts): an actual export's EffectiveCost is its BilledCost; an amortized export bills what is
 * not covered or unused commitment, lists PayGPrice × Quantity (else its cost), contracts UnitPrice ×
 * Quantity (else its cost).
 */
export function unpairBillingSnapshot(db: Db, id: number): void {
  const rows = db.prepare(`SELECT paired_with p, cost_kind k FROM billing_scope WHERE snapshot_id = ? AND paired_with IS NOT NULL`).all(id) as { p: number; k: string }[]
  for (const { p, k } of rows) {
    if (k === 'amortized') {
      db.prepare(`UPDATE billing_line SET "EffectiveCost" = "BilledCost" WHERE snapshot_id = ?`).run(p)
    } else {
      db.prepare(
        `UPDATE billing_line SET
           "BilledCost" = CASE WHEN "CommitmentDiscountStatus" IN ('Used', 'Unused') THEN 0 ELSE "EffectiveCost" END,
           "ListCost" = CASE WHEN "ListUnitPrice" > 0 AND "ConsumedQuantity" IS NOT NULL THEN "ListUnitPrice" * "ConsumedQuantity" ELSE max("EffectiveCost", 0) END,
           "ContractedCost" = CASE WHEN "ContractedUnitPrice" IS NOT NULL AND "ConsumedQuantity" IS NOT NULL THEN "ContractedUnitPrice" * "ConsumedQuantity" ELSE "EffectiveCost" END
         WHERE snapshot_id = ?`,
      ).run(p)
      refreshTotal(db, p)
    }
    db.prepare(`UPDATE billing_scope SET paired_with = NULL WHERE snapshot_id = ?`).run(p)
  }
  db.prepare(`DELETE FROM billing_scope WHERE snapshot_id = ?`).run(id)
}
