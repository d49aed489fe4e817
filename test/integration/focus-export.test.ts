/**
 * FOCUS out: the workspace as a FOCUS 1.2 file. Importing the exported file reproduces the totals per
 * provider / service / day, and every row passes the column-level rules of the FOCUS 1.2 spec that can be
 * checked row by row (written from the spec's normative statements, read back with Python's csv module).
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FOCUS_COLUMNS } from '../../shared/focus-columns'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { AWS_CUR_LEGACY, OCI_COST, pythonCsvRows } from '../helpers/billing-fixtures'
import { FOCUS_SAMPLE, REPO_ROOT } from '../helpers/tmp'

const V = join(REPO_ROOT, 'test', 'fixtures', 'billing-variants')
const SOURCES = [FOCUS_SAMPLE, AWS_CUR_LEGACY, OCI_COST, join(V, 'aws-cur-ri-sp.csv'), join(V, 'azure-ea-actual-ri.csv'), join(V, 'gcp-pandas-literal.csv')]

const open: TestBackend[] = []
afterEach(async () => {
  for (const b of open.splice(0)) await b.close()
})

function totals(path: string): Map<string, [number, number, number, number]> {
  const db = new Database(path, { readonly: true })
  try {
    const rows = db
      .prepare(
        `SELECT ProviderName p, ServiceName s, substr(ChargePeriodStart, 1, 10) d, total(BilledCost) b, total(EffectiveCost) e, total(ListCost) l, count(*) n
         FROM billing_line GROUP BY 1, 2, 3`,
      )
      .all() as { p: string; s: string; d: string; b: number; e: number; l: number; n: number }[]
    return new Map(rows.map((r) => [`${r.p}|${r.s}|${r.d}`, [r.b, r.e, r.l, r.n]]))
  } finally {
    db.close()
  }
}

// FOCUS 1.2 allowed values (specification/columns/*.md, "Allowed values" tables).
const ALLOWED: Record<string, readonly string[]> = {
  ChargeCategory: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'],
  ChargeClass: ['Correction'],
  ChargeFrequency: ['One-Time', 'Recurring', 'Usage-Based'],
  PricingCategory: ['Standard', 'Dynamic', 'Committed', 'Other'],
  CommitmentDiscountCategory: ['Spend', 'Usage'],
  CommitmentDiscountStatus: ['Used', 'Unused'],
  CapacityReservationStatus: ['Used', 'Unused'],
  ServiceCategory: [
    'AI and Machine Learning', 'Analytics', 'Business Applications', 'Compute', 'Databases', 'Developer Tools', 'Multicloud', 'Identity',
    'Integration', 'Internet of Things', 'Management and Governance', 'Media', 'Migration', 'Mobile', 'Networking', 'Security', 'Storage', 'Web', 'Other',
  ],
}
const NUMERIC = /^-?(0|[1-9]\d*)(\.\d+)?$/ // Numeric Format: no exponent, no '+', no separators
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/ // Date/Time Format: ISO 8601 in UTC
const CURRENCY = /^[A-Z]{3}$/ // ISO 4217 alphabetic code

/** Row-by-row rules; returns "line N, column C: rule" for every violation. */
function specViolations(header: string[], rows: string[][]): string[] {
  const out: string[] = []
  const col = (r: string[], c: string): string => r[header.indexOf(c)] ?? ''
  rows.forEach((r, i) => {
    const at = (c: string, rule: string): void => void out.push(`line ${i + 2}, column ${c}: ${rule}`)
    for (const c of FOCUS_COLUMNS) {
      const v = col(r, c.id)
      if (v === '') continue
      if (c.type === 'Decimal' && !NUMERIC.test(v)) at(c.id, `"${v}" is not in Numeric Format`)
      if (c.type === 'DateTime' && !DATETIME.test(v)) at(c.id, `"${v}" is not an ISO 8601 UTC date/time`)
      if (c.type === 'JSON') {
        try {
          const j: unknown = JSON.parse(v)
          if (c.id === 'Tags' && (j === null || typeof j !== 'object' || Array.isArray(j))) at(c.id, 'Tags MUST be a JSON object')
        } catch {
          at(c.id, 'is not valid JSON')
        }
      }
      const allowed = ALLOWED[c.id]
      if (allowed && !allowed.includes(v)) at(c.id, `"${v}" is not an allowed value`)
    }
    // Columns that MUST NOT be null (Allows nulls: False) and that every source here provides.
    for (const c of ['BilledCost', 'EffectiveCost', 'ListCost', 'ChargeCategory', 'ChargePeriodStart', 'ChargePeriodEnd', 'ProviderName', 'ServiceName', 'ServiceCategory', 'BillingCurrency', 'InvoiceIssuerName']) {
      if (col(r, c) === '') at(c, 'MUST NOT be null')
    }
    for (const c of ['BillingCurrency', 'PricingCurrency']) if (col(r, c) !== '' && !CURRENCY.test(col(r, c))) at(c, 'MUST be an ISO 4217 currency code')
    // ChargePeriodEnd is the exclusive end: never before the start.
    if (col(r, 'ChargePeriodEnd') < col(r, 'ChargePeriodStart')) at('ChargePeriodEnd', 'before ChargePeriodStart')
    if (col(r, 'BillingPeriodEnd') !== '' && col(r, 'BillingPeriodEnd') <= col(r, 'BillingPeriodStart')) at('BillingPeriodEnd', 'not after BillingPeriodStart')
    // CommitmentDiscountStatus MUST be null when CommitmentDiscountId is null; likewise Category and Type.
    for (const c of ['CommitmentDiscountStatus', 'CommitmentDiscountCategory', 'CommitmentDiscountType']) {
      if (col(r, 'CommitmentDiscountId') === '' && col(r, c) !== '') at(c, 'MUST be null when CommitmentDiscountId is null')
    }
    if (col(r, 'CapacityReservationId') === '' && col(r, 'CapacityReservationStatus') !== '') at('CapacityReservationStatus', 'MUST be null when CapacityReservationId is null')
    // EffectiveCost of a commitment purchase that is amortized elsewhere is 0 — its own BilledCost otherwise.
    if (col(r, 'ChargeCategory') === 'Credit' && Number(col(r, 'EffectiveCost')) !== Number(col(r, 'BilledCost'))) at('EffectiveCost', 'a credit MUST have EffectiveCost = BilledCost')
  })
  // Custom columns: prefixed x_, no column twice.
  header.slice(FOCUS_COLUMNS.length).forEach((h) => {
    if (!h.startsWith('x_')) out.push(`header: custom column "${h}" is not prefixed x_`)
  })
  if (new Set(header).size !== header.length) out.push('header: a column appears twice')
  return out
}

describe('fleetplan export focus', () => {
  for (const ext of ['csv', 'parquet'] as const) {
    it(`${ext}: re-importing the export reproduces BilledCost / EffectiveCost / ListCost per provider, service and day`, async () => {
      const a = await emptyBackend()
      open.push(a)
      for (const f of SOURCES) await a.call('billing-import', { files: [{ ref: f }], onOverlap: 'keep-both' })
      const out = join(a.dir, `export.${ext}`)
      const r = await a.call('billing-export-focus', { out })
      expect(r.rows).toBe(Number(new Database(a.workspacePath, { readonly: true }).prepare('SELECT count(*) FROM billing_line').pluck().get()))
      expect(r.columns.slice(0, FOCUS_COLUMNS.length)).toEqual(FOCUS_COLUMNS.map((c) => c.id))
      const b = await emptyBackend()
      open.push(b)
      const [o] = await b.call('billing-import', { files: [{ ref: out }] })
      expect(o?.snapshot.format).toBe(`focus-1.2-${ext}`)
      const want = totals(a.workspacePath)
      const got = totals(b.workspacePath)
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort())
      for (const [k, w] of want) {
        const g = got.get(k) as number[]
        for (let i = 0; i < 3; i++) expect(g[i], `${k} metric ${i}`).toBeCloseTo(w[i] as number, 9)
        expect(g[3], k).toBe(w[3])
      }
    })
  }

  it('CSV passes the row-by-row FOCUS 1.2 column rules; --from/--to select by ChargePeriodStart; no overwrite unless asked', async () => {
    const a = await emptyBackend()
    open.push(a)
    // The FOCUS sample itself leaves spec-mandatory columns empty (its Oracle rows): the provider exports only.
    for (const f of SOURCES.slice(1)) await a.call('billing-import', { files: [{ ref: f }], onOverlap: 'keep-both' })
    const out = join(a.dir, 'all.csv')
    await a.call('billing-export-focus', { out })
    const { header, rows } = pythonCsvRows(out)
    expect(specViolations(header, rows)).toEqual([])
    // The checker can fail: a broken row is reported with its line and column.
    const broken = rows.map((r) => [...r])
    ;(broken[0] as string[])[header.indexOf('BilledCost')] = '1.5e-7'
    ;(broken[1] as string[])[header.indexOf('ChargeCategory')] = 'Fee'
    expect(specViolations(header, broken)).toEqual(['line 2, column BilledCost: "1.5e-7" is not in Numeric Format', 'line 3, column ChargeCategory: "Fee" is not an allowed value'])

    const sept = join(a.dir, 'sept.csv')
    const r = await a.call('billing-export-focus', { out: sept, from: '2024-09-01', to: '2024-10-01' })
    const inSept = Number(new Database(a.workspacePath, { readonly: true }).prepare(`SELECT count(*) FROM billing_line WHERE ChargePeriodStart >= '2024-09-01' AND ChargePeriodStart < '2024-10-01'`).pluck().get())
    expect(r.rows).toBe(inSept)
    expect(pythonCsvRows(sept).rows.every((x) => (x[header.indexOf('ChargePeriodStart')] ?? '').startsWith('2024-09'))).toBe(true)
    await expect(a.call('billing-export-focus', { out: sept })).rejects.toMatchObject({ code: 'conflict' })
    await expect(a.call('billing-export-focus', { out: sept, from: '2024-09-01', to: '2024-10-01', overwrite: true })).resolves.toMatchObject({ rows: r.rows })
  })
})
