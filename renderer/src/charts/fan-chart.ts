/** Fan chart of one forecast series: history, mean, and nested interval bands (50/80/95 %). Pure option builder. */
import type { ForecastSeriesResult } from '../../../shared/forecast-types'
import type { ChartOption } from './echarts'
import { axisTooltip, dayAxis, stackedEdge, topLegend, valueAxis } from './parts'

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
    { ...stackedEdge(`${iv.level}-base`, `band${iv.level}`), tooltip: { show: false }, data: [...pad(nHist - 1), round(last), ...iv.lo.map(round)] },
    {
      ...stackedEdge(`${iv.level} % interval`, `band${iv.level}`),
      areaStyle: { color: `rgba(232,116,12,${BAND_ALPHA[iv.level] ?? 0.2})` },
      data: [...pad(nHist - 1), 0, ...iv.hi.map((h, k) => round(h - (iv.lo[k] as number)))],
    },
  ])
  const unit = s.unit
  return {
    animation: false,
    legend: {
      ...topLegend,
      data: [
        { name: 'History', itemStyle: { color: '#3b5b8a' } },
        { name: 'Forecast (mean)', itemStyle: { color: '#e8740c' } },
        ...levels.map((iv) => ({ name: `${iv.level} % interval`, itemStyle: { color: `rgba(232,116,12,${BAND_ALPHA[iv.level] ?? 0.2})` } })),
      ],
    },
    grid: { top: 44, left: 8, right: 16, bottom: 8, outerBoundsMode: 'same' as const },
    tooltip: axisTooltip((i) => {
      const fmt = (x: number): string => `${x.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`
      const lines = [`<strong>${days[i] ?? ''}</strong>`]
      if (i < nHist) lines.push(`Actual: <strong>${fmt(s.history[i] as number)}</strong>`)
      else {
        const k = i - nHist
        lines.push(`Forecast: <strong>${fmt(s.mean[k] as number)}</strong>`)
        for (const iv of [...s.intervals].sort((a, b) => a.level - b.level)) lines.push(`${iv.level} %: ${fmt(iv.lo[k] as number)} – ${fmt(iv.hi[k] as number)}`)
      }
      return lines
    }),
    xAxis: dayAxis(days),
    yAxis: valueAxis(unit),
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
