import { describe, expect, it } from 'vitest'
import type { ExploreResult } from '../../shared/explore-types'
import type { CostQueryResult } from '../../shared/types'
import { timeSeriesOption } from '../../renderer/src/charts/explore-options'
import { stackedDailyOption } from '../../renderer/src/charts/options'

/** Day d (0-based) of September 2024. */
const day = (d: number): string => `2024-09-${String(d + 1).padStart(2, '0')}`

/**
 * The demo's shape: two teams spending thousands a day, and the rows without a team (the FOCUS sample's
 * credits) a few dollars below zero on one day — or, in `bigCredit`, a refund of a third of a day.
 */
function teamDays(credit: number, days = 30): { day: string; team: string; value: number }[] {
  const out: { day: string; team: string; value: number }[] = []
  for (let d = 0; d < days; d++) {
    out.push({ day: day(d % 30), team: 'assistant', value: 20_000 + 100 * d })
    out.push({ day: day(d % 30), team: 'vision', value: 9_000 })
    out.push({ day: day(d % 30), team: '(none)', value: d === 23 ? credit : 0.3 })
  }
  return out
}

function explore(rows: { day: string; team: string; value: number }[]): ExploreResult {
  return {
    by: ['ChargeDay', 'Team'],
    metric: 'BilledCost',
    unit: 'currency',
    currency: 'USD',
    rows: rows.map((r) => ({ keys: { ChargeDay: r.day, Team: r.team }, value: r.value })),
    total: rows.reduce((s, r) => s + r.value, 0),
    notes: [],
    period: null,
  }
}

function cost(rows: { day: string; team: string; value: number }[]): CostQueryResult {
  return {
    by: ['ChargeDay', 'ServiceName'],
    metric: 'BilledCost',
    rows: rows.map((r) => ({ keys: { ChargeDay: r.day, ServiceName: r.team }, cost: r.value, rows: 1 })),
    total: rows.reduce((s, r) => s + r.value, 0),
    currency: 'USD',
  }
}

const yMin = (o: unknown): unknown => (o as { yAxis: { min?: unknown } }).yAxis.min

describe('stacked daily charts start their value axis at zero unless a negative stack would show', () => {
  it('Explore analysis by team: −$2.60 of credits under $29k days do not push the axis to −10,000', () => {
    expect(yMin(timeSeriesOption(explore(teamDays(-2.6)), 'ChargeDay', 'Team'))).toBe(0)
  })

  it('Explore analysis drawn as areas (more than 62 days) follows the same rule', () => {
    const rows = teamDays(-2.6, 90).map((r, i) => ({ ...r, day: `d${String(Math.floor(i / 3)).padStart(3, '0')}` }))
    expect(yMin(timeSeriesOption(explore(rows), 'ChargeDay', 'Team'))).toBe(0)
  })

  it('Explore analysis without negatives starts at zero', () => {
    expect(yMin(timeSeriesOption(explore(teamDays(0.3)), 'ChargeDay', 'Team'))).toBe(0)
  })

  it('a refund of $10,000 stays on the chart: the axis goes below zero', () => {
    expect(yMin(timeSeriesOption(explore(teamDays(-10_000)), 'ChargeDay', 'Team'))).toBeUndefined()
    expect(yMin(stackedDailyOption(cost(teamDays(-10_000)), 'ServiceName'))).toBeUndefined()
  })

  it('negatives of several series on one day add up: each 0.6 % of the tallest day, 1.2 % together', () => {
    // Tallest positive stack: 20,000 + 100 × 29 + 9,000 + 0.3 = 31,900.3 (day 30); 0.6 % of it ≈ 191.
    const rows = teamDays(-191).concat({ day: day(23), team: 'refunds', value: -191 })
    expect(yMin(timeSeriesOption(explore(rows), 'ChargeDay', 'Team'))).toBeUndefined()
    expect(yMin(stackedDailyOption(cost(rows), 'ServiceName'))).toBeUndefined()
    expect(yMin(timeSeriesOption(explore(teamDays(-191)), 'ChargeDay', 'Team'))).toBe(0)
  })

  it('daily cost by service: the same rule (a few dollars of credits → zero)', () => {
    expect(yMin(stackedDailyOption(cost(teamDays(-2.6)), 'ServiceName'))).toBe(0)
    expect(yMin(stackedDailyOption(cost(teamDays(0.3)), 'ServiceName'))).toBe(0)
  })
})
