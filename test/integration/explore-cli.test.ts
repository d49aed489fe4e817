import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExploreResult } from '../../shared/explore-types'
import { pythonColumnSum } from '../helpers/python-csv'
import { REPO_ROOT, tempDir } from '../helpers/tmp'

const BIN = join(REPO_ROOT, 'bin', 'fleetplan.js')
const SPEND = join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')
let home: { dir: string; cleanup: () => void }

/** The CLI with FLEETPLAN_HOME in a temp folder: without --workspace it builds and opens the demo workspace there. */
function fleetplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FLEETPLAN_HOME: home.dir } })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}
function json(...args: string[]): ExploreResult {
  const r = fleetplan(...args, '--json')
  if (r.code !== 0) throw new Error(`fleetplan ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as ExploreResult
}

describe('fleetplan query cost|gpu-hours|idle|attribution', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('out/main/cli.js missing: run `npm run build` first')
    home = tempDir()
  })
  afterAll(() => home.cleanup())

  it('answers {by, metric, rows:[{keys, value}], total} on the demo workspace; attribution rows add up to the billed accelerator cost', () => {
    const cost = json('query', 'cost', '--by', 'Team', '--filter', 'ProviderName=Lambda')
    expect(cost.by).toEqual(['Team'])
    expect(cost.metric).toBe('BilledCost')
    expect(cost.rows).toHaveLength(1)
    expect(Object.keys(cost.rows[0] ?? {}).sort()).toEqual(['cost', 'keys', 'rows', 'value'])
    expect(cost.rows[0]?.keys).toEqual({ Team: 'vision' })
    expect(cost.total).toBeCloseTo(pythonColumnSum(SPEND, 'BilledCost', { column: 'ProviderName', equals: 'Lambda' }), 6)

    const att = json('query', 'attribution', '--by', 'Team', '--from', '2024-09-10', '--to', '2024-09-16')
    expect(att.rows.map((r) => r.keys.Team)).toContain('(shared/idle)')
    expect(att.rows.reduce((s, r) => s + r.value, 0)).toBeCloseTo(att.total, 6)
    const week = json('query', 'cost', '--by', 'ChargeDay', '--from', '2024-09-10', '--to', '2024-09-16', '--filter', 'AcceleratorType=H100,H200,MI300X')
    expect(Math.abs(att.total / week.total - 1)).toBeLessThan(0.001)

    const idle = json('query', 'idle', '--by', 'AcceleratorType')
    expect(idle.rows.find((r) => r.keys.AcceleratorType === 'MI300X')?.utilisation).toBeLessThan(0.5)
    const hours = json('query', 'gpu-hours', '--by', 'AcceleratorType')
    expect(hours.unit).toBe('accelerator-hours')
    expect(hours.total).toBeGreaterThan(100_000)

    const text = fleetplan('query', 'idle', '--by', 'Pool')
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/vmss-mi300x-eval\t[\d,.]+\tutilisation [\d.]+ %/)
    expect(text.stdout).toMatch(/^total\t[\d,.]+ USD$/m)
  }, 300_000)

  it('exits 2 naming the problem on a bad dimension, filter or date', () => {
    expect(fleetplan('query', 'idle', '--by', 'Colour').stderr).toMatch(/unknown dimension "Colour"/)
    expect(fleetplan('query', 'cost', '--by', 'Team', '--filter', 'Team').code).toBe(2)
    expect(fleetplan('query', 'cost', '--by', 'Team', '--from', '9/1/2024').stderr).toMatch(/--from takes a day/)
    const r = fleetplan('query', 'cost', '--by', 'Pod')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Pod exists for the accelerator metrics/)
  }, 120_000)
})
