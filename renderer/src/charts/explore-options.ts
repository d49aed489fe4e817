/** Explore's charts: a metric over time split by one dimension, and the utilisation heatmap. Pure functions. */
import type { ExploreDimension, ExploreResult, HeatmapResult } from '../../../shared/explore-types'
import { axisNumber, moneyPrecise } from '../format'
import { AXIS_TEXT, GRID_LINE, OTHER_COLOR, SERIES_COLORS } from './chart-style'
import type { ChartOption } from './echarts'
import { lttb } from './lttb'
import { sideLegend, stackFloor } from './parts'

/** Above this many time buckets a series is drawn as a line, down-sampled to MAX_POINTS with LTTB. */
const BAR_LIMIT = 62
export const MAX_POINTS = 400

const legend = sideLegend(160)

export function unitLabel(r: ExploreResult): string {
  return r.unit === 'currency' ? (r.currency ?? 'USD') : 'accelerator-hours'
}

export function formatValue(r: Pick<ExploreResult, 'unit' | 'currency'>, v: number): string {
  return r.unit === 'currency' ? moneyPrecise(v, r.currency) : `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} h`
}

/** `r` grouped by [timeDim, groupDim?]: one stacked series per group value, largest first, "Other" grey. */
export function timeSeriesOption(r: ExploreResult, timeDim: ExploreDimension, groupDim: ExploreDimension | null): ChartOption {
  const times = [...new Set(r.rows.map((x) => x.keys[timeDim] ?? ''))].sort()
  const index = new Map(times.map((t, i) => [t, i]))
  const totals = new Map<string, number>()
  const key = (row: ExploreResult['rows'][number]): string => (groupDim ? (row.keys[groupDim] ?? '(none)') : 'Total')
  for (const row of r.rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + row.value)
  const groups = [...totals.keys()].sort((a, b) => (a === 'Other' ? 1 : b === 'Other' ? -1 : (totals.get(b) ?? 0) - (totals.get(a) ?? 0)))
  const asLine = times.length > BAR_LIMIT
  const valuesOf = groups.map((g) => {
    const values = new Array<number>(times.length).fill(0)
    for (const row of r.rows) {
      const i = index.get(row.keys[timeDim] ?? '') as number
      if (key(row) === g) values[i] = (values[i] ?? 0) + row.value
    }
    return values
  })
  const series = groups.map((g, gi) => {
    const values = valuesOf[gi] as number[]
    const color = g === 'Other' ? OTHER_COLOR : SERIES_COLORS[gi % SERIES_COLORS.length]
    if (!asLine) return { name: g, type: 'bar' as const, stack: 'total', data: values, itemStyle: { color }, emphasis: { focus: 'series' as const } }
    const pts = lttb(values.map((v, i) => [i, v] as [number, number]), MAX_POINTS)
    return { name: g, type: 'line' as const, stack: 'total', areaStyle: { opacity: 0.6 }, symbol: 'none', data: pts, itemStyle: { color }, lineStyle: { width: 1 } }
  })
  return {
    legend,
    grid: { top: 28, left: 8, right: 180, bottom: 8, outerBoundsMode: 'same' as const },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (typeof v === 'number' ? formatValue(r, v) : String(v)),
    },
    xAxis: asLine
      ? { type: 'value', min: 0, max: Math.max(0, times.length - 1), axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => times[Math.round(v)] ?? '' } }
      : { type: 'category', data: times, axisLabel: { color: AXIS_TEXT, fontSize: 11, hideOverlap: true } },
    yAxis: {
      type: 'value',
      ...stackFloor(valuesOf),
      name: unitLabel(r),
      nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'left' },
      axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => axisNumber(v) },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series,
  } as ChartOption
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** Utilisation (%) by day of week × hour of day; hover shows the idle cost of that cell. */
export function heatmapOption(h: HeatmapResult): ChartOption {
  const data: [number, number, number | '-'][] = []
  for (let d = 0; d < 7; d++) for (let hr = 0; hr < 24; hr++) {
    const u = h.utilisation[d]?.[hr]
    data.push([hr, d, u === null || u === undefined ? '-' : Math.round(u * 1000) / 10])
  }
  return {
    grid: { top: 8, left: 8, right: 90, bottom: 8, outerBoundsMode: 'same' as const },
    tooltip: {
      formatter: (p: unknown) => {
        const v = (p as { value: [number, number, number | '-'] }).value
        const idle = h.idleCost[v[1]]?.[v[0]] ?? 0
        return `${DAYS[v[1]]} ${String(v[0]).padStart(2, '0')}:00 UTC<br/>utilisation ${v[2] === '-' ? '—' : `${v[2]} %`}<br/>idle cost ${moneyPrecise(idle, h.currency)}`
      },
    },
    xAxis: { type: 'category', name: 'hour (UTC)', nameLocation: 'middle', nameGap: 24, data: Array.from({ length: 24 }, (_, i) => String(i)), axisLabel: { color: AXIS_TEXT, fontSize: 11 } },
    yAxis: { type: 'category', data: DAYS, inverse: true, axisLabel: { color: AXIS_TEXT, fontSize: 11 } },
    visualMap: { min: 0, max: 100, calculable: false, orient: 'vertical', right: 8, top: 40, bottom: 8, itemHeight: 120, text: ['100 %', '0 %'], inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
    series: [{ type: 'heatmap', data, label: { show: false }, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } }],
  }
}
