import Database from 'better-sqlite3'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/errors'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { AWS_CUR_LEGACY, AZURE_EA, OCI_COST, gzipFile, pythonCsvRows, pythonWriteCsv, writeParquet } from '../helpers/billing-fixtures'
import { pythonColumnSum } from '../helpers/python-csv'
import { FOCUS_SAMPLE } from '../helpers/tmp'

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
const counts = (): { snapshots: number; lines: number } => ({
  snapshots: Number(q('SELECT count(*) n FROM snapshot')[0]?.n),
  lines: Number(q('SELECT count(*) n FROM billing_line')[0]?.n),
})

async function importOne(file: string, format?: string) {
  // These tests read the same charges in several forms into one workspace: overlaps are kept on purpose.
  const [o] = await (t as TestBackend).call('billing-import', { files: [{ ref: file, ...(format ? { format } : {}) }], onOverlap: 'keep-both' })
  if (!o) throw new Error('no outcome')
  return o
}

async function importError(file: string, format?: string): Promise<ApiError> {
  try {
    await importOne(file, format)
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('import should have failed')
}

/** The FOCUS sample with 1.1 / 1.2 columns added (values chosen here, so the version is known). */
function focusVariant(dir: string, version: '1.1' | '1.2'): { file: string; rows: string[][]; header: string[] } {
  const { header, rows } = pythonCsvRows(FOCUS_SAMPLE)
  const add = version === '1.1' ? ['ServiceSubcategory', 'SkuMeter', 'SkuPriceDetails'] : ['ServiceSubcategory', 'InvoiceId', 'PricingCurrency', 'SkuPriceDetails']
  const h2 = [...header, ...add, 'x_CustomerNote']
  const r2 = rows.map((r, i) => [
    ...r,
    ...add.map((c) => (c === 'SkuPriceDetails' ? JSON.stringify({ CoreCount: i % 4 }) : c === 'InvoiceId' ? `INV-${i % 3}` : c === 'PricingCurrency' ? 'USD' : c === 'SkuMeter' ? 'Hours' : 'Other')),
    `note ${i}`,
  ])
  const file = join(dir, `focus-${version}.csv`)
  pythonWriteCsv(file, h2, r2)
  return { file, rows: r2, header: h2 }
}

describe('FOCUS 1.0 / 1.1 / 1.2 as CSV, CSV.gz and Parquet', () => {
  it('CSV.gz: streams through zlib, totals equal the sum of the uncompressed sample', async () => {
    t = await emptyBackend()
    const gz = join(t.dir, 'focus.csv.gz')
    gzipFile(FOCUS_SAMPLE, gz)
    const o = await importOne(gz)
    expect(o.snapshot.format).toBe('focus-1.0-csv.gz')
    expect(o.snapshot.rows).toBe(1000)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(FOCUS_SAMPLE, 'BilledCost'), 9)
  })

  it('detects 1.1 and 1.2 from the columns and keeps unknown x_ columns in x_extra', async () => {
    t = await emptyBackend()
    for (const v of ['1.1', '1.2'] as const) {
      const { file } = focusVariant(t.dir, v)
      const o = await importOne(file)
      expect(o.snapshot.format).toBe(`focus-${v}-csv`)
      expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(file, 'BilledCost'), 9)
    }
    const [r] = q(`SELECT x_extra, SkuPriceDetails, InvoiceId FROM billing_line WHERE InvoiceId IS NOT NULL AND source_line = 3`)
    expect(JSON.parse(String(r?.x_extra)) as unknown).toEqual({ Id: expect.any(String) as unknown, x_CustomerNote: 'note 1' })
    expect(JSON.parse(String(r?.SkuPriceDetails))).toEqual({ CoreCount: 1 })
    expect(r?.InvoiceId).toBe('INV-1')
  })

  it('Parquet (1.2, several row groups, INT64 as BigInt): totals equal the sum of the CSV it was written from', async () => {
    t = await emptyBackend()
    const { file: csv, header, rows } = focusVariant(t.dir, '1.2')
    const pq = join(t.dir, 'focus-1.2.parquet')
    const decimals = ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost', 'ListUnitPrice', 'ContractedUnitPrice', 'ConsumedQuantity', 'PricingQuantity']
    writeParquet(pq, header, rows, { ...Object.fromEntries(decimals.map((d) => [d, 'DOUBLE'])), Id: 'INT64', SkuPriceDetails: 'JSON' }, 300)
    const o = await importOne(pq)
    expect(o.snapshot.format).toBe('focus-1.2-parquet')
    expect(o.snapshot.rows).toBe(1000)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(csv, 'BilledCost'), 9)
    const [r] = q(`SELECT x_extra, ChargePeriodStart, Tags FROM billing_line WHERE source_line = 1`)
    expect((JSON.parse(String(r?.x_extra)) as { Id: unknown }).Id).toBe(Number(rows[0]?.[header.indexOf('Id')]))
    expect(r?.ChargePeriodStart).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })
})

describe('provider exports converted to FOCUS (real samples)', () => {
  it('AWS CUR legacy CSV: BilledCost = UnblendedCost, period, ChargeCategory from LineItemType', async () => {
    t = await emptyBackend()
    const o = await importOne(AWS_CUR_LEGACY)
    expect(o.snapshot.format).toBe('aws-cur-csv')
    expect(o.snapshot.rows).toBe(1281)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(AWS_CUR_LEGACY, 'lineItem/UnblendedCost'), 9)
    const tax = q(`SELECT sum(BilledCost) s, count(*) n FROM billing_line WHERE ChargeCategory = 'Tax'`)[0]
    expect(tax?.n).toBe(12)
    expect(Number(tax?.s)).toBeCloseTo(pythonColumnSum(AWS_CUR_LEGACY, 'lineItem/UnblendedCost', { column: 'lineItem/LineItemType', equals: 'Tax' }), 9)
    const [r] = q(`SELECT ProviderName, BillingAccountId, x_extra FROM billing_line LIMIT 1`)
    expect(r?.ProviderName).toBe('AWS')
    expect(r?.BillingAccountId).toBe('123412340534')
    expect((JSON.parse(String(r?.x_extra)) as Record<string, unknown>)['identity/LineItemId']).toBeTruthy()
  })

  it('AWS CUR 2.0 as CSV and Parquet: snake columns, resource_tags kept as Tags, instance type → accelerator', async () => {
    t = await emptyBackend()
    const { header, rows } = pythonCsvRows(AWS_CUR_LEGACY)
    // CUR 2.0 column names for the columns used (AWS data dictionary), written here by hand.
    const rename: Record<string, string> = {
      'bill/PayerAccountId': 'bill_payer_account_id',
      'bill/BillingPeriodStartDate': 'bill_billing_period_start_date',
      'bill/BillingPeriodEndDate': 'bill_billing_period_end_date',
      'bill/InvoicingEntity': 'bill_invoicing_entity',
      'bill/BillType': 'bill_bill_type',
      'lineItem/UsageAccountId': 'line_item_usage_account_id',
      'lineItem/LineItemType': 'line_item_line_item_type',
      'lineItem/UsageStartDate': 'line_item_usage_start_date',
      'lineItem/UsageEndDate': 'line_item_usage_end_date',
      'lineItem/ProductCode': 'line_item_product_code',
      'lineItem/UsageAmount': 'line_item_usage_amount',
      'lineItem/CurrencyCode': 'line_item_currency_code',
      'lineItem/UnblendedCost': 'line_item_unblended_cost',
      'lineItem/LineItemDescription': 'line_item_line_item_description',
      'product/region': 'product_region_code',
    }
    const keep = Object.keys(rename).map((k) => header.indexOf(k))
    const h2 = [...Object.values(rename), 'product_instance_type', 'resource_tags']
    const r2 = rows.map((r, i) => [...keep.map((k) => r[k] ?? ''), i % 10 === 0 ? 'p5.48xlarge' : '', i % 2 === 0 ? JSON.stringify({ user_team: `team-${i % 3}` }) : ''])
    const csv = join(t.dir, 'cur2.csv')
    pythonWriteCsv(csv, h2, r2)
    const pq = join(t.dir, 'cur2.parquet')
    writeParquet(pq, h2, r2, { line_item_unblended_cost: 'DOUBLE', line_item_usage_amount: 'DOUBLE', resource_tags: 'JSON' })
    const expected = pythonColumnSum(csv, 'line_item_unblended_cost')
    const a = await importOne(csv)
    const b = await importOne(pq)
    expect(a.snapshot.format).toBe('aws-cur2-csv')
    expect(b.snapshot.format).toBe('aws-cur2-parquet')
    for (const o of [a, b]) expect(o.snapshot.totalBilledCost).toBeCloseTo(expected, 9)
    const acc = q(`SELECT snapshot_id, accelerator_type t, accelerator_count c, count(*) n FROM billing_line WHERE accelerator_type IS NOT NULL GROUP BY 1, 2, 3`)
    expect(acc).toEqual([
      { snapshot_id: a.snapshot.id, t: 'H100', c: 8, n: Math.ceil(rows.length / 10) },
      { snapshot_id: b.snapshot.id, t: 'H100', c: 8, n: Math.ceil(rows.length / 10) },
    ])
    const tags = q(`SELECT Tags FROM billing_line WHERE snapshot_id = ? AND source_line = 1`, b.snapshot.id)[0]
    expect(JSON.parse(String(tags?.Tags))).toEqual({ user_team: 'team-0' })
  })

  it('Azure EA cost details: US dates, Tags without braces, units and regions from the FinOps toolkit tables', async () => {
    t = await emptyBackend()
    const o = await importOne(AZURE_EA)
    expect(o.snapshot.format).toBe('azure-cost-csv')
    expect(o.snapshot.rows).toBe(27)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(AZURE_EA, 'CostInBillingCurrency'), 12)
    expect(o.snapshot.periodStart).toBe('2023-09-02T00:00:00Z')
    const [r] = q(`SELECT Tags, RegionId, RegionName, BillingCurrency, BillingPeriodEnd, ProviderName FROM billing_line LIMIT 1`)
    expect(JSON.parse(String(r?.Tags))).toEqual({ tagA: 'valueA', tagB: 'valueB', tagC: 'valueC' })
    expect(r).toMatchObject({ RegionId: 'centralus', RegionName: 'Central US', BillingCurrency: 'CAD', BillingPeriodEnd: '2023-10-01T00:00:00Z', ProviderName: 'Microsoft' })
    // "10K" is a block of 10,000 units: PricingQuantity = Quantity / 10000.
    const [k] = q(`SELECT ConsumedQuantity c, PricingQuantity p, PricingUnit u FROM billing_line WHERE x_extra LIKE '%"x_PricingBlockSize":10000%' LIMIT 1`)
    expect(Number(k?.p)).toBeCloseTo(Number(k?.c) / 10000, 12)
    expect(k?.u).toBe('Units')
  })

  it('OCI cost report: BilledCost = cost/myCost, tags/ columns become Tags', async () => {
    t = await emptyBackend()
    const o = await importOne(OCI_COST)
    expect(o.snapshot.format).toBe('oci-cost-csv')
    expect(o.snapshot.rows).toBe(506)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonColumnSum(OCI_COST, 'cost/myCost'), 12)
    const [r] = q(`SELECT Tags, BillingPeriodStart, BillingPeriodEnd FROM billing_line WHERE Tags LIKE '%CreatedBy%' LIMIT 1`)
    expect(Object.keys(JSON.parse(String(r?.Tags)) as object)).toContain('Oracle-Tags.CreatedBy')
    expect(r).toMatchObject({ BillingPeriodStart: '2023-11-01T00:00:00Z', BillingPeriodEnd: '2023-12-01T00:00:00Z' })
  })

  it('GCP billing export (CSV and NDJSON, fixture from the documented BigQuery schema — no real sample exists)', async () => {
    t = await emptyBackend()
    const base = {
      billing_account_id: '01ABCD-234567-89EFGH',
      service: { id: '6F81-5844-456A', description: 'Compute Engine' },
      project: { id: 'atlas-train', name: 'Atlas training' },
      location: { location: 'us-central1', region: 'us-central1', zone: 'us-central1-a' },
      currency: 'USD',
      invoice: { month: '202409' },
      cost_type: 'regular',
    }
    const lines = Array.from({ length: 48 }, (_, i) => ({
      ...base,
      sku: { id: i % 2 ? 'E2C7-6B5B-1CF4' : '2C8B-0E81-8E8B', description: i % 2 ? 'Nvidia H100 80GB GPU running in Americas' : 'A3 Instance Core running in Americas' },
      usage_start_time: `2024-09-01 ${String(i % 24).padStart(2, '0')}:00:00 UTC`,
      usage_end_time: `2024-09-01 ${String(i % 24).padStart(2, '0')}:59:59 UTC`,
      labels: [{ key: 'team', value: i < 24 ? 'research' : 'serving' }],
      system_labels: [{ key: 'compute.googleapis.com/machine_spec', value: 'a3-highgpu-8g' }],
      cost: Number((10 + i * 0.37).toFixed(6)),
      cost_at_list: Number((12 + i * 0.4).toFixed(6)),
      credits: i % 4 === 0 ? [{ name: 'Committed use discount', amount: -1.5, type: 'COMMITTED_USAGE_DISCOUNT' }] : [],
      usage: { amount: 3600, unit: 'seconds', amount_in_pricing_units: 1, pricing_unit: 'hour' },
    }))
    const ndjson = join(t.dir, 'gcp.json')
    writeFileSync(ndjson, lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    const csv = join(t.dir, 'gcp.csv')
    const cols = ['billing_account_id', 'service.description', 'sku.id', 'sku.description', 'usage_start_time', 'usage_end_time', 'project.id', 'labels', 'system_labels', 'location.region', 'cost', 'currency', 'credits', 'invoice.month', 'cost_type']
    const pick = (o: Record<string, unknown>, path: string): string => {
      const v = path.split('.').reduce<unknown>((a, k) => (a as Record<string, unknown>)?.[k], o) as string | number | object
      return typeof v === 'object' ? JSON.stringify(v) : String(v)
    }
    pythonWriteCsv(csv, cols, lines.map((l) => cols.map((c) => pick(l, c))))
    const expected = lines.reduce((s, l) => s + l.cost, 0)
    const a = await importOne(ndjson)
    const b = await importOne(csv)
    expect(a.snapshot.format).toBe('gcp-billing-json')
    expect(b.snapshot.format).toBe('gcp-billing-csv')
    for (const o of [a, b]) {
      expect(o.snapshot.rows).toBe(48)
      expect(o.snapshot.totalBilledCost).toBeCloseTo(expected, 9)
    }
    expect(pythonColumnSum(csv, 'cost')).toBeCloseTo(expected, 9)
    const effective = lines.reduce((s, l) => s + Math.max(0, l.cost + l.credits.reduce((x, c) => x + c.amount, 0)), 0)
    const r = q(`SELECT sum(EffectiveCost) e, min(BillingPeriodStart) bps, group_concat(DISTINCT team) teams, group_concat(DISTINCT accelerator_type || 'x' || CAST(accelerator_count AS INTEGER)) acc FROM billing_line WHERE snapshot_id = ?`, a.snapshot.id)[0]
    expect(Number(r?.e)).toBeCloseTo(effective, 9)
    // invoice.month 202409 starts at midnight in Los Angeles (PDT, UTC-7).
    expect(r?.bps).toBe('2024-09-01T07:00:00Z')
    expect(String(r?.teams).split(',').sort()).toEqual(['research', 'serving'])
    expect(r?.acc).toBe('H100x8')
  })
})

describe('format override', () => {
  it('`format` forces the schema family: an Azure file read as FOCUS names the missing FOCUS columns', async () => {
    t = await emptyBackend()
    const e = await importError(AZURE_EA, 'focus')
    expect(e.message).toMatch(/missing mandatory columns BilledCost/)
    expect(counts()).toEqual({ snapshots: 0, lines: 0 })
    const o = await importOne(AZURE_EA, 'azure-cost')
    expect(o.snapshot.rows).toBe(27)
  })

  it('rejects an unknown format at the boundary', async () => {
    t = await emptyBackend()
    await expect(importOne(AZURE_EA, 'excel')).rejects.toMatchObject({ code: 'invalid-input' })
  })
})

describe('bad input per format family: located error, nothing written, earlier data intact', () => {
  it('each broken file names file and line/row and changes nothing', async () => {
    t = await emptyBackend()
    await importOne(FOCUS_SAMPLE)
    const before = counts()
    const dir = t.dir
    const cases: { name: string; file: string; expect: RegExp; line?: number }[] = []

    // FOCUS CSV.gz truncated mid-stream
    const gz = join(dir, 'cut.csv.gz')
    gzipFile(FOCUS_SAMPLE, gz, 40_000)
    cases.push({ name: 'gz truncated', file: gz, expect: /gzip|truncated/i })

    // Parquet truncated (footer gone)
    const { header, rows } = pythonCsvRows(FOCUS_SAMPLE)
    const pq = join(dir, 'cut.parquet')
    writeParquet(pq, header, rows, { BilledCost: 'DOUBLE' })
    writeFileSync(pq, readFileSync(pq).subarray(0, 5000))
    cases.push({ name: 'parquet truncated', file: pq, expect: /Parquet/ })

    // Parquet with a wrong-typed decimal (text in BilledCost) → row located
    const pqBad = join(dir, 'typed.parquet')
    const badRows = rows.map((r, i) => (i === 41 ? r.map((v, k) => (header[k] === 'BilledCost' ? 'twelve' : v)) : r))
    writeParquet(pqBad, header, badRows, {})
    cases.push({ name: 'parquet wrong-typed', file: pqBad, expect: /typed\.parquet: row 42, column BilledCost: "twelve" is not a decimal/, line: 42 })

    // AWS CUR: truncated inside a quoted field
    const cur = readFileSync(AWS_CUR_LEGACY, 'utf8')
    const curCut = join(dir, 'cur-cut.csv')
    writeFileSync(curCut, cur.slice(0, cur.indexOf('"Amazon Web Services Canada', 5000) + 10))
    cases.push({ name: 'cur truncated', file: curCut, expect: /never closed|truncated/ })

    // AWS CUR: Latin-1 bytes (wrong encoding) on line 6
    const curLines = cur.split('\n')
    const latin = join(dir, 'cur-latin1.csv')
    writeFileSync(latin, Buffer.concat([Buffer.from(curLines.slice(0, 5).join('\n') + '\n'), Buffer.from(curLines[5]?.replace('Tax for', 'Tax f\u00fcr') ?? '', 'latin1'), Buffer.from('\n' + curLines.slice(6).join('\n'))]))
    cases.push({ name: 'cur latin-1', file: latin, expect: /not valid UTF-8 \(first bad byte on line 6\)/, line: 6 })

    // Azure: mis-quoted field on line 4
    const az = readFileSync(AZURE_EA, 'utf8').split('\n')
    az[3] = az[3]?.replace('Lorem,', 'Lo"rem,') ?? ''
    const azBad = join(dir, 'azure-misquoted.csv')
    writeFileSync(azBad, az.join('\n'))
    cases.push({ name: 'azure mis-quoted', file: azBad, expect: /line 4: .*mis-quoted/, line: 4 })

    // Azure: a date that is not a date on line 3
    const az2 = readFileSync(AZURE_EA, 'utf8').split('\n')
    az2[2] = az2[2]?.replace(',9/2/2023,', ',9/32/2023,') ?? ''
    const azDate = join(dir, 'azure-date.csv')
    writeFileSync(azDate, az2.join('\n'))
    cases.push({ name: 'azure bad date', file: azDate, expect: /line 3, column ChargePeriod(Start|End)/, line: 3 })

    // OCI: wrong-typed cost on line 10
    const oci = readFileSync(OCI_COST, 'utf8').split('\n')
    const f = oci[9]?.split(',') ?? []
    const costAt = (oci[0]?.split(',') ?? []).indexOf('cost/myCost')
    f[costAt] = 'n/a'
    oci[9] = f.join(',')
    const ociBad = join(dir, 'oci-typed.csv')
    writeFileSync(ociBad, oci.join('\n'))
    cases.push({ name: 'oci wrong-typed', file: ociBad, expect: /line 10, column BilledCost: "n\/a" is not a decimal/, line: 10 })

    // GCP NDJSON: truncated last object
    const gcp = join(dir, 'gcp-cut.json')
    const obj = { billing_account_id: 'x', cost: 1, currency: 'USD', usage_start_time: '2024-09-01 00:00:00 UTC', usage_end_time: '2024-09-01 01:00:00 UTC' }
    writeFileSync(gcp, `${JSON.stringify(obj)}\n${JSON.stringify(obj)}\n${JSON.stringify(obj).slice(0, 30)}`)
    cases.push({ name: 'gcp truncated', file: gcp, expect: /line 3: invalid JSON/, line: 3 })

    for (const c of cases) {
      const e = await importError(c.file)
      expect(e.code, c.name).toBe('bad-file')
      expect(e.message, c.name).toMatch(c.expect)
      expect(e.message, c.name).toContain(c.file.split('/').pop() as string)
      expect(e.message, c.name).toMatch(/Nothing was imported|not valid UTF-8/)
      if (c.line !== undefined) expect(e.problems?.[0]?.line, c.name).toBe(c.line)
      expect(counts(), c.name).toEqual(before)
    }
  })
})

describe('snapshot deletion', () => {
  it('removes the snapshot and every line it brought, and nothing else', async () => {
    t = await emptyBackend()
    const a = await importOne(FOCUS_SAMPLE)
    const b = await importOne(OCI_COST)
    expect(counts()).toEqual({ snapshots: 2, lines: 1506 })
    expect(await t.call('snapshot-delete', { id: a.snapshot.id })).toEqual({ deleted: true })
    expect(counts()).toEqual({ snapshots: 1, lines: 506 })
    expect(q('SELECT DISTINCT snapshot_id s FROM billing_line')).toEqual([{ s: b.snapshot.id }])
    // The same file can be imported again afterwards (its hash left with it).
    const again = await importOne(FOCUS_SAMPLE)
    expect(again.status).toBe('imported')
  })
})

describe('tag keys for team / project / model type', () => {
  it('are stored in the workspace, re-derive existing lines, and apply to later imports', async () => {
    t = await emptyBackend()
    const initial = await t.call('billing-tag-keys-get', {})
    expect(initial.keys.team).toContain('team')
    await importOne(AZURE_EA)
    expect(q(`SELECT DISTINCT team FROM billing_line`)).toEqual([{ team: null }])
    const set = await t.call('billing-tag-keys-set', { team: ['tagB'], project: ['tagC', 'project'], modelType: [] })
    expect(set.rederived).toBe(27)
    expect(set.keys.team).toEqual(['tagB'])
    expect(q(`SELECT DISTINCT team, project, model_type FROM billing_line`)).toEqual([{ team: 'valueB', project: 'valueC', model_type: null }])
    await importOne(OCI_COST)
    await t.call('billing-tag-keys-set', { team: ['Oracle-Tags.CreatedBy'], project: [], modelType: [] })
    const oci = q(`SELECT count(team) n FROM billing_line WHERE ProviderName = 'Oracle'`)[0]
    expect(Number(oci?.n)).toBeGreaterThan(0)
    expect((await t.call('billing-tag-keys-get', {})).keys.team).toEqual(['Oracle-Tags.CreatedBy'])
  })
})
