/**
 * The backtest chart: over the test period, actual demand against the capacity the plan committed, the
 * hindsight-optimal commitment, the forecast's 95 % band, and the hours where demand went unmet. One type,
 * or all types summed (the band is left out there: bands of different types do not add up). Pure builder.
 */
import type { BacktestResult } from '../../../shared/backtest-types'
import { axisNumber } from '../format'
import { AXIS_TEXT, GRID_LINE } from './chart-style'
import type { ChartOption } from './echarts'
import { axisTooltip, topLegend } from './parts'

const HOUR = 3_600_000
const C = { demand: '#3b5b8a', plan: '#2e8b57', hindsight: '#6b7280', forecast: '#e8740c', band: 'rgba(232,116,12,0.16)', unmet: '#d62728' }

export interface BacktestView {
  label: string
  demand: number[]
  planCommitted: number
  hindsightCommitted: number
  unmet: number[]
  mean: number[] | null
  lo95: number[] | null
  hi95: number[] | null
}

/** One type's series, or every type summed when `type` is null. */
export function backtestView(r: BacktestResult, type: string | null): BacktestView | null {
  if (type !== null) {
    const t = r.types.find((x) => x.type === type)
    if (!t) return null
    return {
      label: `${t.type} (${t.accelerator})`,
      demand: t.chart.demand,
      planCommitted: t.chart.planCommitted,
      hindsightCommitted: t.chart.hindsightCommitted,
      unmet: t.chart.unmet,
      mean: t.chart.mean,
      lo95: t.chart.lo95.length ? t.chart.lo95 : null,
      hi95: t.chart.hi95.length ? t.chart.hi95 : null,
    }
  }
  const n = r.testHours
  const add = (pick: (t: BacktestResult['types'][number]) => number[]) => Array.from({ length: n }, (_, k) => r.types.reduce((s, t) => s + (pick(t)[k] ?? 0), 0))
  return {
    label: 'all types',
    demand: add((t) => t.chart.demand),
    planCommitted: r.types.reduce((s, t) => s + t.chart.planCommitted, 0),
    hindsightCommitted: r.types.reduce((s, t) => s + t.chart.hindsightCommitted, 0),
    unmet: add((t) => t.chart.unmet),
    mean: add((t) => t.chart.mean),
    lo95: null,
    hi95: null,
  }
}

/** "09-21 14:00" (UTC) when the history is dated, else "h 546" counted from its first hour. */
export function hourLabels(r: BacktestResult): string[] {
  return Array.from({ length: r.testHours }, (_, k) => {
    if (r.testStart === null) return `h ${r.trainHours + k}`
    const d = new Date(r.testStart + k * HOUR).toISOString()
    return `${d.slice(5, 10)} ${d.slice(11, 16)}`
  })
}

const round = (x: number): number => Math.round(x * 100) / 100

export function backtestOption(r: BacktestResult, v: BacktestView): ChartOption {
  const x = hourLabels(r)
  const n = v.demand.length
  const flat = (c: number) => new Array<number>(n).fill(c)
  const unmetMarks = v.unmet.map((u, k) => (u > 1e-9 ? round(v.demand[k] as number) : '-'))
  const unmetHours = v.unmet.filter((u) => u > 1e-9).length
  const band =
    v.lo95 && v.hi95
      ? [
          { type: 'line' as const, name: 'band-base', stack: 'band', stackStrategy: 'all' as const, symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true, data: v.lo95.map(round) },
          {
            type: 'line' as const,
            name: 'Forecast 95 % band',
            stack: 'band',
            stackStrategy: 'all' as const,
            symbol: 'none',
            lineStyle: { opacity: 0 },
            areaStyle: { color: C.band },
            silent: true,
            data: v.hi95.map((h, k) => round(h - (v.lo95![k] as number))),
          },
        ]
      : []
  const legend = [
    { name: 'Demand (actual)', itemStyle: { color: C.demand } },
    { name: `Committed by the plan (${v.planCommitted})`, itemStyle: { color: C.plan } },
    { name: `Hindsight-optimal commitment (${v.hindsightCommitted})`, itemStyle: { color: C.hindsight } },
    ...(v.mean ? [{ name: 'Forecast (mean)', itemStyle: { color: C.forecast } }] : []),
    ...(band.length ? [{ name: 'Forecast 95 % band', itemStyle: { color: C.band } }] : []),
    { name: `Unmet hours (${unmetHours})`, itemStyle: { color: C.unmet } },
  ]
  return {
    animation: false,
    legend: { ...topLegend, data: legend },
    grid: { top: 48, left: 8, right: 20, bottom: 28, outerBoundsMode: 'same' as const },
    tooltip: axisTooltip((k) => {
      const f = (y: number) => `${y.toLocaleString('en-US', { maximumFractionDigits: 2 })}`
      const d = v.demand[k] as number
      const lines = [
        `<strong>${x[k] ?? ''}${r.testStart !== null ? ' UTC' : ''}</strong>`,
        `Demand: <strong>${f(d)}</strong> busy accelerators`,
        `Committed (plan): ${f(v.planCommitted)} · hindsight-optimal: ${f(v.hindsightCommitted)}`,
        `Above the commitment (on-demand / spot): ${f(Math.max(0, d - v.planCommitted))}`,
      ]
      if (v.mean) lines.push(`Forecast: ${f(v.mean[k] as number)}${v.lo95 && v.hi95 ? ` (95 %: ${f(v.lo95[k] as number)} – ${f(v.hi95[k] as number)})` : ''}`)
      if ((v.unmet[k] as number) > 1e-9) lines.push(`<span style="color:${C.unmet}">Unmet: ${f(v.unmet[k] as number)}</span>`)
      return lines
    }),
    xAxis: {
      type: 'category',
      data: x,
      name: r.testStart !== null ? 'hour (UTC)' : 'hour of the history',
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { color: AXIS_TEXT, fontSize: 11 },
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: '#c9ced6' } },
      axisLabel: { color: AXIS_TEXT, fontSize: 11, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: 'busy accelerators',
      nameLocation: 'end',
      nameGap: 10,
      nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'left' },
      min: 0,
      axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (y: number) => axisNumber(y) },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      ...band,
      ...(v.mean ? [{ type: 'line' as const, name: 'Forecast (mean)', symbol: 'none', lineStyle: { color: C.forecast, width: 1.2, type: 'dashed' as const }, itemStyle: { color: C.forecast }, data: v.mean.map(round) }] : []),
      { type: 'line', name: 'Demand (actual)', symbol: 'none', lineStyle: { color: C.demand, width: 1.5 }, itemStyle: { color: C.demand }, data: v.demand.map(round) },
      { type: 'line', name: `Committed by the plan (${v.planCommitted})`, symbol: 'none', step: 'end', lineStyle: { color: C.plan, width: 2.5 }, itemStyle: { color: C.plan }, data: flat(v.planCommitted) },
      {
        type: 'line',
        name: `Hindsight-optimal commitment (${v.hindsightCommitted})`,
        symbol: 'none',
        lineStyle: { color: C.hindsight, width: 2, type: 'dashed' },
        itemStyle: { color: C.hindsight },
        data: flat(v.hindsightCommitted),
      },
      {
        type: 'line',
        name: `Unmet hours (${unmetHours})`,
        symbol: 'triangle',
        symbolSize: 7,
        showSymbol: true,
        connectNulls: false,
        lineStyle: { opacity: 0 },
        itemStyle: { color: C.unmet },
        data: unmetMarks,
      },
    ],
  }
}
