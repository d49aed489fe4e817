/** Chart options for scenario comparison and the optimizer's Pareto front. */
import type { KpiStat, ParetoResult, SimulationRunSummary } from '../../../shared/scenario-types'
import { axisNumber } from '../format'
import { AXIS_TEXT, GRID_LINE, SERIES_COLORS, type ChartOption } from './echarts'

const grid = { top: 40, left: 8, right: 16, bottom: 8, outerBoundsMode: 'same' as const }
const legend = { top: 0, left: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 } }

function valueAxis(name: string, scale = true) {
  return {
    type: 'value' as const,
    name,
    nameLocation: 'end' as const,
    nameGap: 10,
    nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'right' as const },
    axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => axisNumber(v) },
    splitLine: { lineStyle: { color: GRID_LINE } },
    scale,
  }
}

function range(stats: KpiStat[], scale: number): { min?: number; max?: number } {
  if (stats.length === 0) return {}
  const lo = Math.min(...stats.map((s) => Math.min(s.p05, s.ci95[0], s.mean))) * scale
  const hi = Math.max(...stats.map((s) => Math.max(s.p95, s.ci95[1], s.mean))) * scale
  const pad = Math.max((hi - lo) * 0.15, Math.abs(hi) * 0.02, 1e-6)
  const niceFloor = (x: number): number => {
    const m = Math.pow(10, Math.floor(Math.log10(Math.abs(x) || 1)) - 1)
    return Math.floor(x / m) * m
  }
  // A KPI that is zero everywhere (e.g. no queueing) keeps ECharts' own 0-based axis.
  if (hi - lo < 1e-9 && Math.abs(hi) < 1e-9) return { min: 0, max: 1 }
  const min = lo - pad <= 0 && lo >= 0 ? 0 : niceFloor(lo - pad)
  return { min }
}

/**
 * One KPI across scenarios: a floating bar spans the 95 % confidence interval of the mean, a marker shows the
 * mean, and a thin bar the 5th–95th percentile spread over paths.
 */
export function kpiCompareOption(runs: SimulationRunSummary[], pick: (r: SimulationRunSummary) => KpiStat, unit: string, scale = 1): ChartOption {
  const names = runs.map((r) => r.scenarioName)
  const stats = runs.map((r) => pick(r))
  const lo = stats.map((s) => s.p05 * scale)
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
        const f = (x: number): string => axisNumber(x * scale)
        return `${names[i]}<br/>mean ${f(s.mean)} ${unit}<br/>95 % CI ${f(s.ci95[0])} – ${f(s.ci95[1])}<br/>paths p5–p95 ${f(s.p05)} – ${f(s.p95)}`
      },
    },
    xAxis: { type: 'category', data: names, axisLabel: { color: AXIS_TEXT, fontSize: 11, width: 140, overflow: 'truncate' } },
    // The axis spans the data (not from 0) so narrow confidence intervals stay visible; the transparent base bars
    // are clipped at the axis minimum.
    yAxis: { ...valueAxis(unit, false), ...range(stats, scale) },
    series: [
      { name: 'base', type: 'bar', stack: 'spread', data: lo, itemStyle: { color: 'transparent' }, silent: true, barWidth: 10, tooltip: { show: false } },
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
    xAxis: { type: 'category', name: 'week', data: Array.from({ length: weeks }, (_, i) => String(i + 1)), axisLabel: { color: AXIS_TEXT, fontSize: 11 } },
    yAxis: { ...valueAxis('utilisation'), min: 0, max: 1, axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series: runs.map((r, i) => ({
      name: r.scenarioName,
      type: 'line',
      showSymbol: false,
      data: r.result.weekly.map((w) => w.utilisation),
      lineStyle: { width: 2 },
      itemStyle: { color: SERIES_COLORS[i % SERIES_COLORS.length] },
    })),
  } as ChartOption
}

/** Pareto front: cost per hour vs carbon (or p95 wait); every point is clickable. */
export function paretoOption(p: ParetoResult): ChartOption {
  const y = p.axis === 'carbon' ? 'kgCO2e / h' : 'p95 queue wait (h)'
  return {
    animation: false,
    grid: { ...grid, top: 30 },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }).dataIndex
        const pt = p.points[i]!
        return `$${pt.costUsdPerHour.toFixed(2)}/h · ${pt.carbonKgPerHour.toFixed(1)} kgCO2e/h${pt.waitP95Hours === null ? '' : ` · p95 wait ${pt.waitP95Hours.toFixed(1)} h`}<br/>${pt.constraint}<br/>${pt.fleet.map((f) => `${f.count} × ${f.accelerator} ${f.option}`).join('<br/>')}<br/><b>Click to make it a scenario</b>`
      },
    },
    xAxis: { ...valueAxis('USD / h'), nameLocation: 'middle', nameGap: 24 },
    yAxis: valueAxis(y),
    series: [
      {
        name: 'Pareto front',
        type: 'line',
        data: p.points.map((pt) => [pt.costUsdPerHour, p.axis === 'carbon' ? pt.carbonKgPerHour : (pt.waitP95Hours ?? 0)]),
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
