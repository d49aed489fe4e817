/**
 * The variants real exports come in (test/fixtures/billing-variants/, built from public samples and the
 * providers' documentation): each imports with the right totals — computed here in Python, independently —
 * or is refused with a located, truthful message and nothing written.
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/errors'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { gcpEffectiveCost, pythonSumWhere } from '../helpers/billing-reference'
import { REPO_ROOT } from '../helpers/tmp'

export const VARIANTS = join(REPO_ROOT, 'test', 'fixtures', 'billing-variants')
const v = (name: string): string => join(VARIANTS, name)

let t: TestBackend | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

function q(sql: string, ...args: unknown[]): Record<string, unknown>[] {
  const db = new Database((t as TestBackend).workspacePath, { readonly: true })
  try {
    return db.prepare(sql).all(...args) as Record<string, unknown>[]
  } finally {
    db.close()
  }
}
const counts = (): unknown => q('SELECT (SELECT count(*) FROM snapshot) s, (SELECT count(*) FROM billing_line) l')[0]

async function importOne(file: string, extra: Record<string, unknown> = {}) {
  const [o] = await (t as TestBackend).call('billing-import', { files: [{ ref: file }], ...extra })
  if (!o) throw new Error('no outcome')
  return o
}
async function importError(file: string): Promise<ApiError> {
  try {
    await importOne(file)
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error(`${file} should have been refused`)
}

describe('nested columns that are not JSON', () => {
  it('GCP export written by pandas (Python-literal credits, labels, system_labels): totals, tags and accelerators', async () => {
    t = await emptyBackend()
    const file = v('gcp-pandas-literal.csv')
    const o = await importOne(file)
    expect(o.snapshot.format).toBe('gcp-billing-csv')
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonSumWhere(file, 'cost'), 9)
    const r = q(`SELECT total(EffectiveCost) e, total(ListCost) l, group_concat(DISTINCT team) teams, group_concat(DISTINCT accelerator_type) acc FROM billing_line`)[0]
    expect(Number(r?.e)).toBeCloseTo(gcpEffectiveCost(file), 9)
    expect(Number(r?.l)).toBeCloseTo(pythonSumWhere(file, 'cost_at_list'), 9)
    expect(String(r?.teams).split(',').sort()).toEqual(['research', 'serving'])
    expect(r?.acc).toBe('H100')
    expect(o.snapshot.warnings).toEqual([])
  })

  it('a labels cell that is neither: kept as text in x_extra, with a warning naming the line', async () => {
    t = await emptyBackend()
    const file = v('gcp-bad-labels.csv')
    const o = await importOne(file)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonSumWhere(file, 'cost'), 9)
    expect(o.snapshot.warnings).toEqual(['labels is neither JSON nor a Python literal on 1 line (first at line 7): kept as text in x_extra.'])
    const [r] = q(`SELECT Tags, json_extract(x_extra, '$.labels') raw FROM billing_line WHERE source_line = 7`)
    expect(r).toEqual({ Tags: null, raw: "[{'key': 'team', 'value': 'serv" })
  })

  it('a credits cell cut short: refused at its line and column (EffectiveCost depends on it), nothing written', async () => {
    t = await emptyBackend()
    const e = await importError(v('gcp-bad-credits.csv'))
    expect(e.code).toBe('bad-file')
    expect(e.message).toMatch(/^gcp-bad-credits\.csv: line 9, column credits: .*is not a list of credits \(neither JSON nor a Python literal\)\. Nothing was imported\.$/)
    expect(counts()).toEqual({ s: 0, l: 0 })
  })
})

describe('delimiters, header-only exports, odd values', () => {
  it('tab, semicolon and \\x01 separated files are read as such, with the totals of their rows', async () => {
    t = await emptyBackend()
    const cases: [string, string, string][] = [
      ['focus-tab.tsv', '\t', 'tab'],
      ['focus-semicolon.csv', ';', 'semicolon'],
      ['focus-ctrl-a.csv', '\u0001', '\\x01 (Ctrl-A)'],
    ]
    for (const [name, delimiter, said] of cases) {
      const o = await importOne(v(name), { onOverlap: 'keep-both' })
      expect(o.snapshot.format, name).toBe('focus-1.0-csv')
      expect(o.snapshot.rows, name).toBe(40)
      expect(o.snapshot.totalBilledCost, name).toBeCloseTo(pythonSumWhere(v(name), 'BilledCost', {}, delimiter), 9)
      expect(o.snapshot.warnings, name).toContain(`Fields are separated by ${said}, not commas (read as such).`)
    }
  })

  it('an unknown separator: the header parsed as one column is said, not a list of missing columns', async () => {
    t = await emptyBackend()
    const e = await importError(v('focus-pipe-unknown.txt'))
    expect(e.message).toMatch(/^focus-pipe-unknown\.txt: line 1: the header parsed as one column \("AvailabilityZone~BilledCost~.*"\) — is the file delimited by something other than comma, tab, semicolon, \| or \\x01\? Nothing was imported\.$/)
    expect(counts()).toEqual({ s: 0, l: 0 })
  })

  it('header-only exports (a month without charges) are empty snapshots with a warning; re-import is a no-op', async () => {
    t = await emptyBackend()
    for (const name of ['focus-header-only.csv', 'azure-ea-header-only.csv']) {
      const o = await importOne(v(name))
      expect(o.status, name).toBe('imported')
      expect(o.snapshot.rows, name).toBe(0)
      expect(o.snapshot.totalBilledCost, name).toBe(0)
      expect(o.snapshot.warnings, name).toContain('The file has a header but no rows (a period without charges?): imported as an empty snapshot.')
      expect((await importOne(v(name))).status, name).toBe('duplicate')
    }
  })

  it('warnings, counted with their first line: end before start, a currency that is not ISO 4217, NUL bytes in text', async () => {
    t = await emptyBackend()
    const file = v('focus-warnings.csv')
    const o = await importOne(file)
    expect(o.snapshot.rows).toBe(40)
    expect(o.snapshot.totalBilledCost).toBeCloseTo(pythonSumWhere(file, 'BilledCost'), 9)
    expect(o.snapshot.warnings).toEqual(
      expect.arrayContaining([
        'the charge ends before it starts (ChargePeriodEnd < ChargePeriodStart) on 1 line (first at line 3).',
        'BillingCurrency "US$" is not an ISO 4217 code on 1 line (first at line 4).',
        'NUL bytes (\\0) inside text fields on 1 line (first at line 5): removed.',
      ]),
    )
    const [r] = q(`SELECT ChargeDescription d FROM billing_line WHERE source_line = 5`)
    expect(String(r?.d)).not.toContain('\u0000')
  })
})
