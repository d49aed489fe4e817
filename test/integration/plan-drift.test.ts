/**
 * Plan vs actual on real series: M4 Hourly series (real, anonymised demand; research use) summed per day and
 * imported as daily billed cost. A plan is made on the first 26 days; the remaining 14 are imported later.
 * The drift Fleetplan reports equals an independent computation from the raw series and the plan's band,
 * and Re-plan makes a new draft on the current data with the old plan's settings.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyBackend } from '../helpers/backend'
import { dailyFocusRows, writeFocusRows } from '../helpers/focus-rows'
import { m4DailySeries, m4Day } from '../helpers/m4-daily'

const SERIES = ['H250', 'H300', 'H350', 'H400']
const PLAN_DAYS = 26
const N = 3

/** Independent drift: actuals (rounded as imported) against the band, runs of consecutive days outside. */
function expectedDrift(actuals: number[], band: { date: string; lo: number; hi: number }[]): { outside: string[]; longest: number } {
  const outside: string[] = []
  let run = 0
  let longest = 0
  band.forEach((b, k) => {
    const i = PLAN_DAYS + k
    const v = Number((actuals[i] as number).toFixed(4))
    const out = v < b.lo || v > b.hi
    if (out) outside.push(b.date)
    run = out ? run + 1 : 0
    longest = Math.max(longest, run)
  })
  return { outside, longest }
}

describe('plan vs actual on M4 series', () => {
  it('flags the drift an independent computation finds, and re-plans from current data', async () => {
    let drifted = 0
    for (const id of SERIES) {
      const s = await emptyBackend()
      try {
        const values = m4DailySeries(id)
        expect(values).toHaveLength(40)
        const first = join(s.dir, `${id}-first.csv`)
        const rest = join(s.dir, `${id}-rest.csv`)
        writeFocusRows(first, dailyFocusRows(values.slice(0, PLAN_DAYS), 0))
        writeFocusRows(rest, dailyFocusRows(values.slice(PLAN_DAYS), PLAN_DAYS))
        await s.call('billing-import', { files: [{ ref: first }] })
        const plan = await s.call('plan-create', { name: `${id} plan`, horizonDays: 14, growthPctPerMonth: 0 })
        const before = await s.call('plan-status', { id: plan.id })
        expect(before.daysObserved).toBe(0)
        expect(before.drifting).toBe(false)

        await s.call('billing-import', { files: [{ ref: rest }] })
        const st = await s.call('plan-status', { id: plan.id, consecutiveDays: N })
        const cost = st.series.find((x) => x.metric === 'cost')
        expect(cost?.points.map((p) => p.date)).toEqual(Array.from({ length: 14 }, (_, k) => m4Day(PLAN_DAYS + k)))
        const exp = expectedDrift(values, cost?.points ?? [])
        expect(cost?.points.filter((p) => p.outside).map((p) => p.date)).toEqual(exp.outside)
        expect(cost?.longestRun).toBe(exp.longest)
        expect(cost?.drifting).toBe(exp.longest >= N)
        expect(st.drifting).toBe(exp.longest >= N)
        if (st.drifting) {
          drifted++
          expect(st.summary).toMatch(/^Drift: daily billed cost outside the 95 % band/)
          // Re-plan: a new draft on all 40 days, same settings, its band starting after the last day.
          const re = await s.call('plan-replan', { id: plan.id })
          expect(re.status).toBe('draft')
          expect(re.scenario?.horizonDays).toBe(14)
          expect(re.scenario?.basis.end).toBe(m4Day(39))
          const reStatus = await s.call('plan-status', { id: re.id })
          expect(reStatus.daysObserved).toBe(0)
        }
      } finally {
        await s.close()
      }
    }
    // The test means something only if real data drifted somewhere.
    expect(drifted).toBeGreaterThan(0)
  }, 600_000)
})
