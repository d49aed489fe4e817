/**
 * Chart options for scenario comparison and the optimizer's Pareto front. Titles and units sit above each chart
 * (ChartCard); axes carry their own ticks (niceAxis) so labels never repeat, and hide overlapping labels.
 */
import type { KpiStat, ParetoResult, SimulationRunSummary } from '../../../shared/scenario-types'
import { AXIS_TEXT, GRID_LINE, SERIES_COLORS } from './chart-style'
import type { ChartOption } from './echarts'
import { niceAxis, type NiceAxis } from './nice-axis'
import { money } from '../format'

/** Room at the top for the legend; the axes' own labels are kept inside the grid's bounds. */
const grid = { top: 34, left: 8, right: 20, bottom: 8, outerBoundsMode: 'same' as const }
const legend = { top: 0, left: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 } }
const axisLabel = { color: AXIS_TEXT, fontSize: 11, hideOverlap: true }

function valueAxis(nice: NiceAxis) {
  return {
    type: 'value' as const,
    min: nice.min,
    max: nice.max,
    interval: nice.interval,
    axisLabel: { ...axisLabel, formatter: nice.formatter },
    splitLine: { lineStyle: { color: GRID_LINE } },
  }
}

export interface Unit {
  prefix?: string
  suffix?: string
}

/**
 * One KPI across scenarios: a floating bar spans the 95 % confidence interval of the mean, a marker shows the
 * mean, and a thin bar the 5th–95th percentile spread over paths. The axis spans the data (not from 0) so
 * narrow confidence intervals stay visible; the transparent base bars are clipped at the axis minimum.
 */
export function kpiCompareOption(runs: SimulationRunSummary[], pick: (r: SimulationRunSummary) => KpiStat, unit: Unit, scale = 1): ChartOption {
  const names = runs.map((r) => r.scenarioName)
  const stats = runs.map((r) => pick(r))
  const lo = Math.min(...stats.map((s) => Math.min(s.p05, s.ci95[0]))) * scale
  const hi = Math.max(...stats.map((s) => Math.max(s.p95, s.ci95[1]))) * scale
  // These KPIs are never negative: the axis stops at 0, and starts there when the spread reaches near it.
  const pad = (hi - lo) * 0.08
  const nice = niceAxis(lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad, { ...unit, fromZero: lo >= 0 && lo <= (hi - lo) * 0.5 })
  const f = (x: number): string => nice.formatter(x * scale)
  return {
    animation: false,
    grid,
    legend: { ...legend, data: ['mean', '95 % CI of the mean', 'paths p5–p95'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0
        const s = stats[i]!
        return `<b>${names[i]}</b><br/>mean ${f(s.mean)}<br/>95 % CI of the mean ${f(s.ci95[0])} – ${f(s.ci95[1])}<br/>paths p5–p95 ${f(s.p05)} – ${f(s.p95)}`
      },
    },
    xAxis: { type: 'category', data: names, axisLabel: { ...axisLabel, interval: 0, width: 150, overflow: 'truncate' } },
    yAxis: valueAxis(nice),
    series: [
      { name: 'base', type: 'bar', stack: 'spread', data: stats.map((s) => s.p05 * scale), itemStyle: { color: 'transparent' }, silent: true, barWidth: 10, tooltip: { show: false } },
      { name: 'paths p5–p95', type: 'bar', stack: 'spread', data: stats.map((s) => (s.p95 - s.p05) * scale), itemStyle: { color: '#d7dde6' }, barWidth: 10 },
      { name: 'base2', type: 'bar', stack: 'ci', data: stats.map((s) => s.ci95[0] * scale), itemStyle: { color: 'transparent' }, silent: true, barWidth: 26, barGap: '-160%', tooltip: { show: false } },
      { name: '95 % CI of the mean', type: 'bar', stack: 'ci', data: stats.map((s) => (s.ci95[1] - s.ci95[0]) * scale), itemStyle: { color: SERIES_COLORS[0], opacity: 0.45 }, barWidth: 26 },
      { name: 'mean', type: 'line', data: stats.map((s) => s.mean * scale), symbol: 'diamond', symbolSize: 12, lineStyle: { opacity: 0 }, itemStyle: { color: SERIES_COLORS[3] } },
    ],
  } as ChartOption
}

/** Weekly utilisation of each compared scenario (mean over paths). */
export function weeklyUtilOption(runs: SimulationRunSummary[]): ChartOption {
  const weeks = Math.max(0, ...runs.map((r) => r.result.weekly.length))
  return {
    animation: false,
    grid,
    legend: { ...legend, type: 'scroll', right: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${(Number(v) * 100).toFixed(1)} %` },
    xAxis: {
      type: 'category',
      data: Array.from({ length: weeks }, (_, i) => `week ${i + 1}`),
      axisLabel: { ...axisLabel, formatter: (v: string) => v.replace('week ', 'w') },
    },
    yAxis: valueAxis({ min: 0, max: 1, interval: 0.25, formatter: (v: number) => `${Math.round(v * 100)} %` }),
    series: runs.map((r, i) => ({
      name: r.scenarioName,
      type: 'line',
      showSymbol: weeks <= 2,
      data: r.result.weekly.map((w) => w.utilisation),
      lineStyle: { width: 2 },
      itemStyle: { color: SERIES_COLORS[i % SERIES_COLORS.length] },
    })),
  } as ChartOption
}

/** Pareto front: cost per hour vs carbon (or p95 wait); every point is clickable. */
export function paretoOption(p: ParetoResult): ChartOption {
  const second = (pt: ParetoResult['points'][number]): number => (p.axis === 'carbon' ? pt.carbonKgPerHour : (pt.waitP95Hours ?? 0))
  const xs = p.points.map((pt) => pt.costUsdPerHour)
  const ys = p.points.map(second)
  const pad = (a: number[]): [number, number] => {
    const lo = Math.min(...a)
    const hi = Math.max(...a)
    const d = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 1
    return [lo - d, hi + d]
  }
  const [x0, x1] = pad(xs)
  const [y0, y1] = pad(ys)
  const x = niceAxis(Math.max(0, x0), x1, { prefix: '$' })
  const y = niceAxis(Math.max(0, y0), y1, { suffix: p.axis === 'carbon' ? ' kg' : ' h' })
  return {
    animation: false,
    grid: { ...grid, top: 30, bottom: 28 },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }).dataIndex
        const pt = p.points[i]!
        return `<b>${money(pt.costUsdPerHour)} an hour</b> · ${pt.carbonKgPerHour.toFixed(1)} kgCO2e an hour${pt.waitP95Hours === null ? '' : ` · p95 wait ${pt.waitP95Hours.toFixed(1)} h`}<br/>${pt.constraint}<br/>${pt.fleet.map((f) => `${f.count} × ${f.accelerator} ${f.option}`).join('<br/>')}<br/><b>Click to make it a scenario</b>`
      },
    },
    xAxis: { ...valueAxis(x), name: 'cost, USD per hour', nameLocation: 'middle', nameGap: 24, nameTextStyle: { color: AXIS_TEXT, fontSize: 11 } },
    yAxis: { ...valueAxis(y), name: p.axis === 'carbon' ? 'carbon, kgCO2e per hour' : 'p95 queue wait, hours', nameLocation: 'end', nameGap: 12, nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'left' } },
    series: [
      {
        name: 'Pareto front',
        type: 'line',
        data: p.points.map((pt) => [pt.costUsdPerHour, second(pt)]),
        symbol: 'circle',
        symbolSize: 12,
        lineStyle: { type: 'dashed', color: '#9aa3b0' },
        itemStyle: { color: SERIES_COLORS[2] },
        emphasis: { scale: 1.6 },
        cursor: 'pointer',
      },
    ],
  } as ChartOption
}
