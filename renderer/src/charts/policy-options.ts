/** Chart options of the Policies and Plans pages: replay results by week and by rule, plan vs actual band. */
import type { DriftSeries, ReplayResult } from '../../../shared/policy-types'
import { axisCompact, axisNumber, moneyPrecise } from '../format'
import { AXIS_TEXT, GRID_LINE } from './chart-style'
import type { ChartOption } from './echarts'

const BLUE = '#4e79a7'
const ORANGE = '#f28e2b'
const RED = '#e15759'

const axisName = (name: string) => ({ name, nameLocation: 'end' as const, nameGap: 10, nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'right' as const } })
const valueAxis = (name: string, money = false) => ({
  type: 'value' as const,
  ...axisName(name),
  axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => (money ? `$${axisNumber(v)}` : axisNumber(v)) },
  splitLine: { lineStyle: { color: GRID_LINE } },
})
const categoryAxis = (data: string[]) => ({
  type: 'category' as const,
  data,
  axisTick: { alignWithLabel: true },
  axisLine: { lineStyle: { color: '#c9ced6' } },
  axisLabel: { color: AXIS_TEXT, fontSize: 11, hideOverlap: true },
})
const legend = { top: 0, left: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 } }

/** Workloads per week (allowed and denied stacked) and the cost of the denied ones on a second axis. */
export function replayWeeksOption(r: ReplayResult): ChartOption {
  const weeks = r.byWeek.map((w) => w.week)
  return {
    legend: { ...legend, data: ['Allowed', 'Denied', 'Cost of denied workloads'] },
    grid: { top: 44, left: 8, right: 8, bottom: 8, outerBoundsMode: 'same' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: categoryAxis(weeks.map((w) => `wk of ${w}`)),
    yAxis: [valueAxis('workloads'), { ...valueAxis('USD', true), splitLine: { show: false } }],
    series: [
      { type: 'bar', name: 'Allowed', stack: 'n', barMaxWidth: 28, itemStyle: { color: '#b8c4d6' }, data: r.byWeek.map((w) => w.workloads - w.denied) },
      { type: 'bar', name: 'Denied', stack: 'n', barMaxWidth: 28, itemStyle: { color: RED }, data: r.byWeek.map((w) => w.denied) },
      {
        type: 'line',
        name: 'Cost of denied workloads',
        yAxisIndex: 1,
        symbolSize: 6,
        itemStyle: { color: ORANGE },
        tooltip: { valueFormatter: (v) => moneyPrecise(Number(v)) },
        data: r.byWeek.map((w) => Math.round(w.deniedCostUsd * 100) / 100),
      },
    ],
  }
}

/** The cost of the workloads each rule denied (horizontal bars), cost and count written at the bar's end. */
export function replayRulesOption(r: ReplayResult): ChartOption {
  const rules = [...r.byRule].reverse()
  return {
    grid: { top: 16, left: 8, right: 150, bottom: 8, outerBoundsMode: 'same' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v) => moneyPrecise(Number(v)) },
    yAxis: { ...categoryAxis(rules.map((x) => x.ruleId)), axisTick: { show: false } },
    // A horizontal money axis is narrow per tick: "$20K", not "$20,000" (which overlaps its neighbours); the
    // ticks carry the unit, so the axis needs no name (it would sit on the last tick).
    xAxis: { ...valueAxis('', true), splitNumber: 3, axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => `$${axisCompact(v)}` } },
    series: [
      {
        type: 'bar',
        name: 'Cost of denied workloads',
        barMaxWidth: 22,
        itemStyle: { color: RED },
        label: { show: true, position: 'right', color: AXIS_TEXT, fontSize: 11, formatter: (p) => {
            const x = rules[p.dataIndex]
            return `$${axisCompact(x?.deniedCostUsd ?? 0)} · ${axisNumber(x?.denied ?? 0)} denied`
          },
        },
        data: rules.map((x) => Math.round(x.deniedCostUsd * 100) / 100),
      },
    ],
  }
}

/** Actual per day against the plan's 95 % band; days outside the band are red. */
export function driftOption(s: DriftSeries): ChartOption {
  const days = s.points.map((p) => p.date)
  const r2 = (x: number): number => Math.round(x * 100) / 100
  return {
    legend: { ...legend, data: ['95 % band', 'Plan (mean)', 'Actual'] },
    grid: { top: 44, left: 8, right: 16, bottom: 8, outerBoundsMode: 'same' },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => (s.unit === 'USD' ? moneyPrecise(Number(v)) : axisNumber(Number(v))) },
    xAxis: categoryAxis(days),
    yAxis: valueAxis(s.unit, s.unit === 'USD'),
    series: [
      { type: 'line', name: 'band-lo', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true, data: s.points.map((p) => r2(p.lo)) },
      {
        type: 'line',
        name: '95 % band',
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(78,121,167,0.18)' },
        itemStyle: { color: 'rgba(78,121,167,0.35)' },
        silent: true,
        tooltip: { show: false },
        data: s.points.map((p) => r2(p.hi - p.lo)),
      },
      { type: 'line', name: 'Plan (mean)', symbol: 'none', lineStyle: { type: 'dashed', color: BLUE }, itemStyle: { color: BLUE }, data: s.points.map((p) => r2(p.mean)) },
      {
        type: 'line',
        name: 'Actual',
        symbolSize: 7,
        lineStyle: { color: '#2b2f36' },
        itemStyle: { color: '#2b2f36' },
        data: s.points.map((p) => ({ value: r2(p.actual), itemStyle: { color: p.outside ? RED : '#2b2f36' } })),
      },
    ],
  }
}
