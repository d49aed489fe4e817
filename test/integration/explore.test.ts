import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBackend, type Backend } from '../../main/backend'
import type { MethodName, ResultOf } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import { REPO_ROOT, tempDir } from '../helpers/tmp'

const SPEND = join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')
const SAMPLE = join(REPO_ROOT, 'resources', 'demo', 'focus-1.0-sample-1000.csv')

/** Sums with Python's csv + Decimal, grouped by a column (or a day of ChargePeriodStart). */
function pySums(file: string, column: string, group: string): Record<string, number> {
  const script = `
import csv, sys, json
from decimal import Decimal
out = {}
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        k = r['ChargePeriodStart'][:10] if sys.argv[3] == 'day' else r[sys.argv[3]]
        v = r[sys.argv[2]]
        out[k] = out.get(k, Decimal(0)) + (Decimal(v) if v not in ('', 'NULL') else Decimal(0))
print(json.dumps({k: float(v) for k, v in out.items()}))
`
  return JSON.parse(execFileSync('python3', ['-c', script, file, column, group], { encoding: 'utf8' })) as Record<string, number>
}

describe('Explore on the demo workspace', () => {
  let backend: Backend
  let cleanup: () => void
  const call = async <K extends MethodName>(name: K, input: unknown): Promise<ResultOf<K>> => {
    const r = await backend.dispatcher.run(name, input)
    if (!r.ok) throw new ApiError(r.error)
    return r.value as ResultOf<K>
  }
  beforeAll(async () => {
    const t = tempDir()
    cleanup = t.cleanup
    backend = await startBackend({ dataDir: t.dir, maxThreads: 2 })
  }, 120_000)
  afterAll(async () => {
    await backend.close()
    cleanup()
  })

  it('spend by provider and by day equals Python sums of the two FOCUS files', async () => {
    const r = await call('explore-query', { metric: 'cost', by: ['ProviderName'] })
    const want: Record<string, number> = {}
    for (const f of [SPEND, SAMPLE]) for (const [k, v] of Object.entries(pySums(f, 'BilledCost', 'ProviderName'))) want[k] = (want[k] ?? 0) + v
    expect(Object.fromEntries(r.rows.map((x) => [x.keys.ProviderName, x.value]))).toEqual(Object.fromEntries(Object.entries(want).map(([k, v]) => [k, expect.closeTo(v, 6)])))
    const legacy = await call('cost-query', { by: ['ProviderName'] })
    expect(r.total).toBeCloseTo(legacy.total, 6)
  })

  it('attribution adds up to the billed accelerator cost on every day (independent sum of the spend file)', async () => {
    const byDay = pySums(SPEND, 'BilledCost', 'day')
    const r = await call('explore-query', { metric: 'attribution', by: ['ChargeDay'] })
    expect(r.rows).toHaveLength(Object.keys(byDay).length)
    for (const row of r.rows) expect(Math.abs(row.value - (byDay[row.keys.ChargeDay as string] as number)) / (byDay[row.keys.ChargeDay as string] as number)).toBeLessThan(0.001)
    const byTeam = await call('explore-query', { metric: 'attribution', by: ['Team'] })
    expect(byTeam.rows.map((x) => x.keys.Team)).toContain('(shared/idle)')
    // The real FOCUS sample also holds ~$10 of GPU instances: the total is every accelerator line's cost.
    expect(Math.abs(byTeam.total / Object.values(byDay).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.001)
    const legacy = await call('cost-query', { by: ['AcceleratorType'] })
    expect(byTeam.total).toBeCloseTo(legacy.rows.filter((x) => x.keys.AcceleratorType).reduce((s, x) => s + x.cost, 0), 4)
    // The MIG slices and time-sliced notebooks are attributed by activity, with the rule named.
    const rules = await call('explore-query', { metric: 'attribution', by: ['Rule'] })
    const names = rules.rows.map((x) => x.keys.Rule)
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^MIG/), expect.stringMatching(/^time-slicing/), expect.stringMatching(/^exclusive/), expect.stringMatching(/^shared\/idle/)]))
  })

  it('idle cost: the MI300X pilot idles at night, atlas training barely; heatmap has nights below days', async () => {
    const r = await call('explore-query', { metric: 'idle', by: ['Pool'] })
    const pool = (name: string) => r.rows.find((x) => x.keys.Pool === name)
    const mi = pool('vmss-mi300x-eval')
    const atlas = pool('vmss-atlas-h200')
    expect(mi?.utilisation).toBeLessThan(0.5)
    expect(atlas?.utilisation).toBeGreaterThan(0.8)
    for (const row of r.rows) {
      // billed = busy + idle + unmonitored, in cost
      const busyCost = ((row.busyHours ?? 0) / (row.billedHours ?? 1)) * (row.billedCost ?? 0)
      expect(busyCost + row.value + (row.unmonitoredCost ?? 0)).toBeCloseTo(row.billedCost ?? 0, 0)
    }
    const h = await call('explore-heatmap', {})
    const at = (d: number, hr: number) => h.utilisation[d]?.[hr] ?? 0
    expect(at(1, 7)).toBeLessThan(at(1, 17)) // Tuesday 02:00 vs 12:00 US east
  })

  it('follows a change of tag keys: Team re-derived from another tag everywhere Explore reads it', async () => {
    const before = await call('explore-query', { metric: 'cost', by: ['Team'] })
    const attrBefore = await call('explore-query', { metric: 'attribution', by: ['Team'] })
    const { defaults } = await call('billing-tag-keys-get', {})
    try {
      await call('billing-tag-keys-set', { ...defaults, team: ['project'] })
      const after = await call('explore-query', { metric: 'cost', by: ['Team'] })
      const teams = after.rows.map((r) => r.keys.Team)
      // The demo's projects (Python reads them from the spend file's Tags) are now the teams.
      const projects = JSON.parse(
        execFileSync('python3', ['-c', 'import csv,sys,json; print(json.dumps(sorted({json.loads(r["Tags"]).get("project") for r in csv.DictReader(open(sys.argv[1], newline="")) if r["Tags"] not in ("", "NULL")} - {None})))', SPEND], { encoding: 'utf8' }),
      ) as string[]
      for (const p of projects) expect(teams).toContain(p)
      expect(teams).not.toContain('foundation-models')
      expect(after.total).toBeCloseTo(before.total, 6)
      // Billed hours without telemetry keep the line's tags: the attribution's Team follows too.
      const attrAfter = await call('explore-query', { metric: 'attribution', by: ['Team'] })
      expect(attrAfter.total).toBeCloseTo(attrBefore.total, 6)
    } finally {
      await call('billing-tag-keys-set', defaults)
    }
    const restored = await call('explore-query', { metric: 'cost', by: ['Team'] })
    expect(restored.rows.map((r) => [r.keys.Team, r.value])).toEqual(before.rows.map((r): [string | null | undefined, unknown] => [r.keys.Team, expect.closeTo(r.value, 6) as unknown]))
  })

  it('drill-down pages line items with the total of the whole selection', async () => {
    const r = await call('explore-line-items', { filters: { Team: ['vision'] }, sort: { column: 'BilledCost', dir: 'desc' }, limit: 50 })
    const want = pySums(SPEND, 'BilledCost', 'Tags')
    const vision = Object.entries(want).filter(([k]) => k.includes('"team": "vision"')).reduce((s, [, v]) => s + v, 0)
    expect(r.totalCost).toBeCloseTo(vision, 4)
    expect(r.rows).toHaveLength(50)
    expect((r.rows[0]?.BilledCost as number) >= (r.rows[1]?.BilledCost as number)).toBe(true)
  })

  it('classifies untagged pods by rules and keeps a correction over re-classification', async () => {
    const list = await call('classify-list', { kind: 'pod', search: 'whisper' })
    const w = list.rows[0]
    expect(w?.modelType).toBe('speech')
    expect(w?.source).toBe('rule')
    expect(w?.ruleId).toContain('speech')
    const fixed = await call('classify-correct', { id: w?.id, modelType: 'multimodal', phase: 'batch' })
    expect(fixed.source).toBe('correction')
    await call('classify-rules-set', { rules: null })
    const again = await call('classify-list', { kind: 'pod', search: 'whisper' })
    expect(again.rows[0]?.modelType).toBe('multimodal')
    const status = await call('classify-status', {})
    expect(status.embeddings.enabled).toBe(false)
    expect(status.embeddings.reason).toMatch(/rules classify alone/)
  })
})
