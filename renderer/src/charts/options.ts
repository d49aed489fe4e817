/** Chart options built from API results: pure functions, so pages stay declarative. */
import type { CostDimension, CostForecast, CostQueryResult } from '../../../shared/types'
import { dayRange, moneyPrecise } from '../format'
import { AXIS_TEXT, OTHER_COLOR, SERIES_COLORS } from './chart-style'
import type { ChartOption } from './echarts'
import { dayAxis, sideLegend as sideLegendOf, stackedEdge, stackFloor, topLegend, valueAxis } from './parts'

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const grid = { top: 44, left: 8, right: 16, bottom: 8, outerBoundsMode: 'same' as const }

/** Series legends sit on the right, one name per line (long service names truncate, full name on hover). */
const LEGEND_WIDTH = 190
const sideLegend = sideLegendOf(LEGEND_WIDTH - 30, { itemGap: 8 })
const sideGrid = { ...grid, top: 28, right: LEGEND_WIDTH + 12 }

/**
 * Daily cost stacked by one dimension: series ordered by total cost, largest at the bottom, "Other" last
 * and grey; days without cost are zero.
 */
export function stackedDailyOption(result: CostQueryResult, dim: CostDimension): ChartOption {
  const currency = result.currency ?? 'USD'
  const dates = result.rows.map((r) => r.keys.ChargeDay).filter((d): d is string => !!d).sort()
  const days = dates.length ? dayRange(dates[0] as string, dates[dates.length - 1] as string) : []
  const dayIndex = new Map(days.map((d, i) => [d, i]))
  const totals = new Map<string, number>()
  const values = new Map<string, number[]>()
  for (const r of result.rows) {
    const key = r.keys[dim] ?? '(none)'
    const i = dayIndex.get(r.keys.ChargeDay ?? '')
    if (i === undefined) continue
    totals.set(key, (totals.get(key) ?? 0) + r.cost)
    let v = values.get(key)
    if (!v) {
      v = new Array<number>(days.length).fill(0)
      values.set(key, v)
    }
    v[i] = (v[i] ?? 0) + r.cost
  }
  const keys = [...totals.keys()].sort((a, b) => (a === 'Other' ? 1 : b === 'Other' ? -1 : (totals.get(b) ?? 0) - (totals.get(a) ?? 0)))
  const yAxis = { ...valueAxis(currency), ...stackFloor(values.values()) }
  let colour = 0
  return {
    color: SERIES_COLORS,
    legend: { ...sideLegend, data: keys },
    grid: sideGrid,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      order: 'valueDesc',
      valueFormatter: (v) => moneyPrecise(Number(v), currency),
    },
    xAxis: dayAxis(days),
    yAxis,
    series: keys.map((k) => ({
      type: 'bar' as const,
      name: k,
      stack: 'cost',
      barMaxWidth: 28,
      emphasis: { focus: 'series' as const },
      itemStyle: { color: k === 'Other' ? OTHER_COLOR : (SERIES_COLORS[colour++ % SERIES_COLORS.length] ?? OTHER_COLOR) },
      data: (values.get(k) ?? []).map((x) => Math.round(x * 100) / 100),
    })),
  }
}

/** History, forecast mean and shaded 80 % / 95 % intervals on one time axis. */
export function forecastOption(fc: CostForecast, currency: string): ChartOption {
  const days = [...fc.history.map((h) => h.date), ...fc.forecast.map((f) => f.date)]
  const nHist = fc.history.length
  const pad = (n: number): '-'[] => new Array<'-'>(n).fill('-')
  const last = fc.history[nHist - 1]
  const round = (x: number): number => Math.round(x * 100) / 100
  // The forecast lines start at the last observed day so history and forecast join up.
  const join = <T>(hist: T | '-', f: (p: (typeof fc.forecast)[number]) => T): (T | '-')[] => [...pad(nHist - 1), hist, ...fc.forecast.map(f)]
  const lastValue = last ? round(last.value) : '-'
  const zeroWidth = last ? 0 : '-'
  const byDate = new Map(fc.forecast.map((p) => [p.date, p]))
  const histByDate = new Map(fc.history.map((h) => [h.date, h.value]))

  const band = (name: string, lo: (p: (typeof fc.forecast)[number]) => number, hi: (p: (typeof fc.forecast)[number]) => number, colour: string) => [
    { ...stackedEdge(`${name}-base`, name), tooltip: { show: false }, data: join(lastValue, (p) => round(lo(p))) },
    { ...stackedEdge(name, name), areaStyle: { color: colour }, data: join(zeroWidth, (p) => round(hi(p) - lo(p))) },
  ]

  return {
    legend: {
      ...topLegend,
      data: [
        { name: 'History', itemStyle: { color: '#3b5b8a' } },
        { name: 'Forecast (mean)', itemStyle: { color: '#e8740c' } },
        { name: '80 % interval', itemStyle: { color: 'rgba(232,116,12,0.35)' } },
        { name: '95 % interval', itemStyle: { color: 'rgba(232,116,12,0.15)' } },
      ],
    },
    grid,
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params) => {
        const first = (Array.isArray(params) ? params[0] : params) as { axisValue?: string | number; name?: string } | undefined
        const date = String(first?.axisValue ?? first?.name ?? '')
        const h = histByDate.get(date)
        const p = byDate.get(date)
        const m = (x: number): string => moneyPrecise(x, currency)
        const lines = [`<strong>${escapeHtml(date)}</strong>`]
        if (h !== undefined) lines.push(`Actual: <strong>${m(h)}</strong>`)
        if (p) {
          lines.push(`Forecast: <strong>${m(p.mean)}</strong>`)
          lines.push(`80 %: ${m(p.lo80)} – ${m(p.hi80)}`)
          lines.push(`95 %: ${m(p.lo95)} – ${m(p.hi95)}`)
        }
        return lines.join('<br/>')
      },
    },
    xAxis: { ...dayAxis(days), boundaryGap: false },
    yAxis: valueAxis(currency),
    series: [
      ...band('95 % interval', (p) => p.lo95, (p) => p.hi95, 'rgba(232,116,12,0.13)'),
      ...band('80 % interval', (p) => p.lo80, (p) => p.hi80, 'rgba(232,116,12,0.28)'),
      {
        type: 'line',
        name: 'History',
        symbol: 'circle',
        symbolSize: 4,
        showSymbol: nHist <= 60,
        lineStyle: { width: 2, color: '#3b5b8a' },
        itemStyle: { color: '#3b5b8a' },
        data: [...fc.history.map((h) => round(h.value)), ...pad(fc.forecast.length)],
        ...(last
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#9aa3af', type: 'dashed' as const },
                label: { formatter: 'forecast →', position: 'end' as const, color: AXIS_TEXT, fontSize: 11 },
                data: [{ xAxis: last.date }],
              },
            }
          : {}),
      },
      {
        type: 'line',
        name: 'Forecast (mean)',
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: '#e8740c' },
        itemStyle: { color: '#e8740c' },
        data: join(lastValue, (p) => round(p.mean)),
      },
    ],
  }
}
