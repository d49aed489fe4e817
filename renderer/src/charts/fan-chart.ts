/** Fan chart of one forecast series: history, mean, and nested interval bands (50/80/95 %). Pure option builder. */
import type { ForecastSeriesResult } from '../../../shared/forecast-types'
import { axisNumber } from '../format'
import { AXIS_TEXT, GRID_LINE } from './chart-style'
import type { ChartOption } from './echarts'

const DAY = 86_400_000
const BAND_ALPHA: Record<number, number> = { 50: 0.45, 80: 0.28, 95: 0.14 }

export function fanChartOption(s: ForecastSeriesResult): ChartOption {
  const t0 = Date.parse(`${s.start}T00:00:00Z`)
  const nHist = s.history.length
  const days = Array.from({ length: nHist + s.mean.length }, (_, i) => new Date(t0 + i * DAY).toISOString().slice(0, 10))
  const round = (x: number): number => Math.round(x * 100) / 100
  const pad = (n: number): '-'[] => new Array<'-'>(n).fill('-')
  const last = s.history[nHist - 1] ?? 0
  const levels = [...s.intervals].sort((a, b) => b.level - a.level)
  const bands = levels.flatMap((iv) => [
    {
      type: 'line' as const,
      name: `${iv.level}-base`,
      stack: `band${iv.level}`,
      stackStrategy: 'all' as const,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
      silent: true,
      data: [...pad(nHist - 1), round(last), ...iv.lo.map(round)],
    },
    {
      type: 'line' as const,
      name: `${iv.level} % interval`,
      stack: `band${iv.level}`,
      stackStrategy: 'all' as const,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      areaStyle: { color: `rgba(232,116,12,${BAND_ALPHA[iv.level] ?? 0.2})` },
      silent: true,
      data: [...pad(nHist - 1), 0, ...iv.hi.map((h, k) => round(h - (iv.lo[k] as number)))],
    },
  ])
  const unit = s.unit
  return {
    animation: false,
    legend: {
      type: 'scroll',
      top: 0,
      left: 0,
      right: 0,
      icon: 'roundRect',
      itemWidth: 10,
      itemHeight: 10,
      textStyle: { fontSize: 12 },
      data: [
        { name: 'History', itemStyle: { color: '#3b5b8a' } },
        { name: 'Forecast (mean)', itemStyle: { color: '#e8740c' } },
        ...levels.map((iv) => ({ name: `${iv.level} % interval`, itemStyle: { color: `rgba(232,116,12,${BAND_ALPHA[iv.level] ?? 0.2})` } })),
      ],
    },
    grid: { top: 44, left: 8, right: 16, bottom: 8, outerBoundsMode: 'same' as const },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined
        const i = first?.dataIndex ?? 0
        const fmt = (x: number): string => `${x.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`
        const lines = [`<strong>${days[i] ?? ''}</strong>`]
        if (i < nHist) lines.push(`Actual: <strong>${fmt(s.history[i] as number)}</strong>`)
        else {
          const k = i - nHist
          lines.push(`Forecast: <strong>${fmt(s.mean[k] as number)}</strong>`)
          for (const iv of [...s.intervals].sort((a, b) => a.level - b.level)) lines.push(`${iv.level} %: ${fmt(iv.lo[k] as number)} – ${fmt(iv.hi[k] as number)}`)
        }
        return lines.join('<br/>')
      },
    },
    xAxis: {
      type: 'category',
      data: days,
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: '#c9ced6' } },
      axisLabel: { color: AXIS_TEXT, fontSize: 11, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: unit,
      nameLocation: 'end',
      nameGap: 10,
      nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'right' },
      axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => axisNumber(v) },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      ...bands,
      { type: 'line', name: 'History', symbol: 'none', lineStyle: { color: '#3b5b8a', width: 1.5 }, itemStyle: { color: '#3b5b8a' }, data: [...s.history.map(round), ...pad(s.mean.length)] },
      {
        type: 'line',
        name: 'Forecast (mean)',
        symbol: 'none',
        lineStyle: { color: '#e8740c', width: 2 },
        itemStyle: { color: '#e8740c' },
        data: [...pad(nHist - 1), round(last), ...s.mean.map(round)],
      },
    ],
  }
}
