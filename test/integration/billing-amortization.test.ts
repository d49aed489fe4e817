/**
 * Commitments (reservations, savings plans) in provider exports: EffectiveCost is the amortized cost, as the
 * providers define it; BilledCost what the invoice says; ListCost never below BilledCost for want of a price.
 * Expected totals come from Python over the raw files (test/helpers/billing-reference.ts).
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/errors'
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

describe('Azure actual + amortized pair of the same account and period', () => {
  it('is combined, not added: BilledCost from the actual export, EffectiveCost from the amortized one; undone when one goes', async () => {
    t = await emptyBackend()
    const billed = pythonSumWhere(AZ_ACTUAL, 'CostInBillingCurrency')
    const amortized = pythonSumWhere(AZ_AMORTIZED, 'CostInBillingCurrency')
    const a = await importOne(AZ_ACTUAL)
    const m = await importOne(AZ_AMORTIZED)
    expect(m.snapshot.warnings.join('\n')).toMatch(new RegExp(`Combined with snapshot ${a.snapshot.id} .*BilledCost from the actual-cost export, EffectiveCost from the amortized one`))
    const all = (col: string): number => Number(q(`SELECT total("${col}") s FROM billing_line`)[0]?.s)
    // Explore's aggregates were built before the pairing rewrote the lines: they must follow every step.
    const explore = async (costMetric: 'BilledCost' | 'EffectiveCost'): Promise<number> =>
      (await (t as TestBackend).call('explore-query', { metric: 'cost', by: [], costMetric })).total
    const agree = async (): Promise<void> => {
      expect(await explore('BilledCost')).toBeCloseTo(all('BilledCost'), 6)
      expect(await explore('EffectiveCost')).toBeCloseTo(all('EffectiveCost'), 6)
    }
    expect(all('BilledCost')).toBeCloseTo(billed, 9)
    expect(all('EffectiveCost')).toBeCloseTo(amortized, 9)
    expect(all('ListCost')).toBeCloseTo(sum('ListCost', a.snapshot.id), 9)
    await agree()
    // Either order gives the same; deleting one gives the other its standalone figures back.
    await t.call('snapshot-delete', { id: a.snapshot.id })
    expect(all('EffectiveCost')).toBeCloseTo(amortized, 9)
    expect(all('BilledCost')).toBeCloseTo(pythonSumWhere(AZ_AMORTIZED, 'CostInBillingCurrency', { PricingModel: ['OnDemand', 'Spot', ''] }), 9)
    await agree()
    const again = await importOne(AZ_ACTUAL)
    expect(again.status).toBe('imported')
    expect(all('BilledCost')).toBeCloseTo(billed, 9)
    expect(all('EffectiveCost')).toBeCloseTo(amortized, 9)
    await agree()
    await t.call('snapshot-delete', { id: m.snapshot.id })
    expect(all('BilledCost')).toBeCloseTo(billed, 9)
    expect(all('EffectiveCost')).toBeCloseTo(billed, 9)
    await agree()
  })
})

describe('double counting across snapshots', () => {
  it('a re-export of the same account and period is refused by default, then replaced or kept on request', async () => {
    t = await emptyBackend()
    const first = await importOne(CUR)
    // Same charges, different bytes (a later delivery of the month's CUR).
    const { header, rows } = pythonCsvRows(CUR)
    const reexport = join(t.dir, 'cur-redelivered.csv')
    pythonWriteCsv(reexport, header, rows, 'all')
    await expect(importOne(reexport)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(new RegExp(`^cur-redelivered\\.csv covers the same provider, billing account and charge period as snapshot ${first.snapshot.id} \\(aws-cur-ri-sp\\.csv, AWS account 111122223333, 2024-09-01T00:00:00Z → 2024-10-01T00:00:00Z\\).*Nothing was imported\\.$`)) as unknown,
    })
    expect(q('SELECT count(*) n FROM snapshot')).toEqual([{ n: 1 }])
    const kept = await importOne(reexport, { onOverlap: 'keep-both' })
    expect(kept.snapshot.warnings.join('\n')).toMatch(/Kept alongside overlapping snapshot/)
    await t.call('snapshot-delete', { id: kept.snapshot.id })
    const replaced = await importOne(reexport, { onOverlap: 'replace' })
    expect(replaced.snapshot.warnings.join('\n')).toMatch(new RegExp(`Replaced snapshot ${first.snapshot.id}`))
    expect(q('SELECT DISTINCT snapshot_id s FROM billing_line')).toEqual([{ s: replaced.snapshot.id }])
    expect(Number(q('SELECT total(BilledCost) b FROM billing_line')[0]?.b)).toBeCloseTo(pythonSumWhere(CUR, 'lineItem/UnblendedCost'), 6)
    // The same bytes again stay a no-op (a duplicate is not an overlap).
    expect((await importOne(reexport)).status).toBe('duplicate')
  })

  it('a daily file inside a monthly one overlaps; two different days do not', async () => {
    t = await emptyBackend()
    const { header, rows } = pythonCsvRows(AZ_ACTUAL)
    const dateAt = header.indexOf('Date')
    const day = (d: string, name: string): string => {
      const f = join((t as TestBackend).dir, name)
      pythonWriteCsv(f, header, rows.map((r) => r.map((x, i) => (i === dateAt ? d : x))))
      return f
    }
    await importOne(day('9/2/2023', 'd2.csv'))
    await importOne(day('9/3/2023', 'd3.csv'))
    expect(q('SELECT count(*) n FROM snapshot')).toEqual([{ n: 2 }])
    // Both days in one file (a monthly export of what the daily ones held): it overlaps both.
    const month = join(t.dir, 'month.csv')
    pythonWriteCsv(month, header, [...rows, ...rows.map((r) => r.map((x, i) => (i === dateAt ? '9/3/2023' : x)))])
    const e = await importOne(month).catch((err: unknown) => err as ApiError)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).code).toBe('conflict')
    expect((e as ApiError).message).toMatch(/and 1 more: importing it as well would count those charges twice/)
    expect((e as ApiError).problems?.length).toBe(2)
  })
})
