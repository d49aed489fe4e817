import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { FocusExportResult } from '../../shared/billing-types'
import type { ImportOutcome } from '../../shared/types'
import { pythonCsvRows } from '../helpers/billing-fixtures'
import { awsAmortizedCost } from '../helpers/billing-reference'
import { REPO_ROOT, tempDir } from '../helpers/tmp'

const BIN = join(REPO_ROOT, 'bin', 'fleetplan.js')
const CUR = join(REPO_ROOT, 'test', 'fixtures', 'billing-variants', 'aws-cur-ri-sp.csv')
let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('out/main/cli.js missing: run `npm run build` first')
})

function fleetplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

describe('fleetplan CLI: overlapping imports and FOCUS export', () => {
  it('refuses an overlapping re-export by default, replaces on --replace; exports FOCUS that keeps the amortized total', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const ws = join(t.dir, 'w.sqlite')
    expect(fleetplan('import', CUR, '--workspace', ws).code).toBe(0)
    const again = join(t.dir, 'cur-again.csv')
    writeFileSync(again, readFileSync(CUR, 'utf8').replace(/\n/g, '\r\n'))
    const refused = fleetplan('import', again, '--workspace', ws)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/cur-again\.csv covers the same provider, billing account and charge period as snapshot 1 .* Run again with --replace or --keep-both\./)
    expect(fleetplan('import', again, '--replace', '--keep-both', '--workspace', ws).code).toBe(2)
    const replaced = fleetplan('import', again, '--replace', '--workspace', ws, '--json')
    expect(replaced.code).toBe(0)
    const [o] = JSON.parse(replaced.stdout) as ImportOutcome[]
    expect(o?.snapshot.warnings.join('\n')).toMatch(/Replaced snapshot 1/)

    const out = join(t.dir, 'focus.csv')
    const r = fleetplan('export', 'focus', '--out', out, '--workspace', ws, '--json')
    expect(r.code, r.stderr).toBe(0)
    const res = JSON.parse(r.stdout) as FocusExportResult
    expect(res).toMatchObject({ rows: 17, format: 'csv' })
    const { header, rows } = pythonCsvRows(out)
    const eff = rows.reduce((s, x) => s + Number(x[header.indexOf('EffectiveCost')]), 0)
    expect(eff).toBeCloseTo(awsAmortizedCost(CUR), 6)
    expect(fleetplan('export', 'focus', '--out', out, '--workspace', ws).code).toBe(1)
    expect(fleetplan('export', 'focus', '--workspace', ws).code).toBe(2)
  })
})
