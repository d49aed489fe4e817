/**
 * Commitments (reservations, savings plans) in provider exports: EffectiveCost is the amortized cost, as the
 * providers define it; BilledCost what the invoice says; ListCost never below BilledCost for want of a price.
 * Expected totals come from Python over the raw files (test/helpers/billing-reference.ts).
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { pythonCsvRows, pythonWriteCsv, writeParquet } from '../helpers/billing-fixtures'
import { awsAmortizedCost, pythonSumWhere } from '../helpers/billing-reference'
import { REPO_ROOT } from '../helpers/tmp'

const V = join(REPO_ROOT, 'test', 'fixtures', 'billing-variants')
const CUR = join(V, 'aws-cur-ri-sp.csv')
const AZ_ACTUAL = join(V, 'azure-ea-actual-ri.csv')
const AZ_AMORTIZED = join(V, 'azure-ea-amortized-ri.csv')

let t: TestBackend | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

type Row = Record<string, unknown>
function q(sql: string, ...args: unknown[]): Row[] {
  const db = new Database((t as TestBackend).workspacePath, { readonly: true })
  try {
    return db.prepare(sql).all(...args) as Row[]
  } finally {
    db.close()
  }
}
const sum = (col: string, snapshot: number): number => Number(q(`SELECT total("${col}") s FROM billing_line WHERE snapshot_id = ?`, snapshot)[0]?.s)

async function importOne(file: string, extra: Record<string, unknown> = {}) {
  const [o] = await (t as TestBackend).call('billing-import', { files: [{ ref: file }], ...extra })
  if (!o) throw new Error('no outcome')
  return o
}

describe('AWS reserved instances and Savings Plans', () => {
  it('total EffectiveCost of a CUR equals AWS\'s amortized cost of it; BilledCost the unblended total', async () => {
    t = await emptyBackend()
    const o = await importOne(CUR)
    const id = o.snapshot.id
    expect(o.snapshot.format).toBe('aws-cur-csv')
    const amortized = awsAmortizedCost(CUR)
    const unblended = pythonSumWhere(CUR, 'lineItem/UnblendedCost')
    expect(sum('EffectiveCost', id)).toBeCloseTo(amortized, 6)
    expect(sum('BilledCost', id)).toBeCloseTo(unblended, 6)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(unblended, 6)
    // Each commitment is counted once: the RI and the SPs cost, amortized, what was committed for the month.
    const byType: Record<string, number> = Object.fromEntries(
      q(`SELECT json_extract(x_extra, '$."identity/LineItemId"') id, EffectiveCost e FROM billing_line WHERE snapshot_id = ?`, id).map((r) => [String(r.id), Number(r.e)]),
    )
    expect(byType['li-0001']).toBe(0) // RI upfront fee: amortized into the month's lines
    expect(byType['li-0002']).toBeCloseTo(90 + 90, 9) // RIFee: only the unused part
    expect(byType['li-0005']).toBeCloseTo(14400 - 13900, 9) // SP recurring fee: only the unused commitment
    expect(byType['li-0007']).toBe(0) // negation
    expect(byType['li-0012']).toBe(0) // SP upfront fee
    const ri = pythonSumWhere(CUR, 'reservation/EffectiveCost') + 180
    const riLines = q(`SELECT total(EffectiveCost) e FROM billing_line WHERE snapshot_id = ? AND CommitmentDiscountType = 'Reserved Instances (RI)'`, id)[0]
    expect(Number(riLines?.e)).toBeCloseTo(ri, 9)
    expect(ri).toBeCloseTo(3240 + 3240, 9) // = amortized upfront + recurring fee of the month
  })

  it('ListCost from the published on-demand cost, never below BilledCost for want of a price; older CUR fallbacks', async () => {
    t = await emptyBackend()
    const o = await importOne(CUR)
    const below = q(`SELECT source_line, BilledCost, ListCost FROM billing_line WHERE snapshot_id = ? AND BilledCost > 0 AND ListCost < BilledCost`, o.snapshot.id)
    expect(below).toEqual([])
    const od = pythonSumWhere(CUR, 'pricing/publicOnDemandCost', { 'lineItem/LineItemType': ['DiscountedUsage', 'SavingsPlanCoveredUsage', 'Usage'] })
    const usageList = q(`SELECT total(ListCost) l FROM billing_line WHERE snapshot_id = ? AND json_extract(x_extra, '$."lineItem/LineItemType"') IS NULL AND ChargeCategory = 'Usage' AND BilledCost >= 0`, o.snapshot.id)[0]
    expect(Number(usageList?.l)).toBeCloseTo(od, 6)
    expect(o.snapshot.warnings.some((w) => /ListCost is unknown on \d+ lines/.test(w))).toBe(true)
    // No bill/InvoicingEntity in this older CUR: the billing entity issues the invoice.
    expect(q(`SELECT DISTINCT InvoiceIssuerName i FROM billing_line`)).toEqual([{ i: 'AWS' }])
  })

  it('the same CUR as legacy Athena Parquet and as CUR 2.0 Parquet: labelled apart, same totals', async () => {
    t = await emptyBackend()
    const { header, rows } = pythonCsvRows(CUR)
    const snake = header.map((h) => {
      const [g = '', c = ''] = h.split('/')
      const s = (x: string): string => x.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`).replace(/^_/, '')
      return `${s(g)}_${s(c)}`
    })
    const kinds = Object.fromEntries(snake.filter((h) => /cost|amount|rate|fee|commitment|quantity/.test(h) && !/type|description|unit$/.test(h)).map((h) => [h, 'DOUBLE' as const]))
    const legacy = join(t.dir, 'athena-legacy.parquet')
    writeParquet(legacy, snake, rows, kinds)
    const cur2 = join(t.dir, 'cur2.parquet')
    writeParquet(cur2, [...snake, 'resource_tags'], rows.map((r, i) => [...r, i === 0 ? '{"user_team":"ml"}' : '']), { ...kinds, resource_tags: 'JSON' })
    const a = await importOne(legacy, { onOverlap: 'keep-both' })
    const b = await importOne(cur2, { onOverlap: 'keep-both' })
    expect(a.snapshot.format).toBe('aws-cur-parquet')
    expect(b.snapshot.format).toBe('aws-cur2-parquet')
    for (const o of [a, b]) expect(sum('EffectiveCost', o.snapshot.id)).toBeCloseTo(awsAmortizedCost(CUR), 6)
  })
})

describe('Azure actual and amortized cost exports', () => {
  it('actual alone: BilledCost as invoiced, purchases unamortized (EffectiveCost = BilledCost), said in a warning', async () => {
    t = await emptyBackend()
    const o = await importOne(AZ_ACTUAL)
    const billed = pythonSumWhere(AZ_ACTUAL, 'CostInBillingCurrency')
    expect(sum('BilledCost', o.snapshot.id)).toBeCloseTo(billed, 9)
    expect(sum('EffectiveCost', o.snapshot.id)).toBeCloseTo(billed, 9)
    expect(o.snapshot.warnings.join('\n')).toMatch(/actual-cost export/)
    // Covered usage: billed 0, ListCost from PayGPrice × Quantity; the purchase has no PAYG price.
    const [covered] = q(`SELECT BilledCost b, ListCost l, CommitmentDiscountStatus s FROM billing_line WHERE PricingCategory = 'Committed' AND ChargeCategory = 'Usage'`)
    expect(covered).toEqual({ b: 0, l: 98.32 * 20, s: 'Used' })
    expect(q(`SELECT count(*) n FROM billing_line WHERE BilledCost > 0 AND ListCost < BilledCost`)).toEqual([{ n: 0 }])
    expect(o.snapshot.warnings.join('\n')).toMatch(/ListCost is unknown on 1 line /)
  })

  it('amortized alone: EffectiveCost is the amortized cost, covered and unused commitment not billed', async () => {
    t = await emptyBackend()
    const o = await importOne(AZ_AMORTIZED)
    expect(sum('EffectiveCost', o.snapshot.id)).toBeCloseTo(pythonSumWhere(AZ_AMORTIZED, 'CostInBillingCurrency'), 9)
    const billed = pythonSumWhere(AZ_AMORTIZED, 'CostInBillingCurrency', { PricingModel: ['OnDemand', 'Spot', ''] })
    expect(sum('BilledCost', o.snapshot.id)).toBeCloseTo(billed, 9)
    expect(o.snapshot.warnings.join('\n')).toMatch(/amortized-cost export/)
    expect(q(`SELECT ChargeCategory c, CommitmentDiscountStatus s, BilledCost b, EffectiveCost e FROM billing_line WHERE CommitmentDiscountStatus = 'Unused'`)).toEqual([
      { c: 'Usage', s: 'Unused', b: 0, e: 250 },
    ])
  })

  it('localized headers (`Name (EnglishName)`) read as their English names', async () => {
    t = await emptyBackend()
    const o = await importOne(join(V, 'azure-ea-actual-ri-de.csv'))
    expect(o.snapshot.format).toBe('azure-cost-csv')
    expect(sum('BilledCost', o.snapshot.id)).toBeCloseTo(pythonSumWhere(AZ_ACTUAL, 'CostInBillingCurrency'), 9)
    expect(o.snapshot.warnings.join('\n')).toMatch(/Localized column headers/)
  })
})

// Keep the writer helper referenced for fixtures written in later tests of this file.
void pythonWriteCsv
