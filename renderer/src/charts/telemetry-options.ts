/** GPU utilisation chart: one line per group (mean over its GPUs per rollup bucket), in percent. */
import type { TelemetryQueryResult } from '../../../shared/telemetry-types'
import { AXIS_TEXT, GRID_LINE, SERIES_COLORS } from './chart-style'
import type { ChartOption } from './echarts'
import { topLegend } from './parts'

const RES_LABEL = { '5m': '5-minute', '1h': 'hourly', '1d': 'daily' } as const

export function utilisationOption(result: TelemetryQueryResult, unit: '%' | 'ratio' | ''): ChartOption {
  // Ratios (DCGM profiling fields, 0–1) are shown as percent like DCGM_FI_DEV_GPU_UTIL.
  const scale = unit === 'ratio' ? 100 : 1
  const fmt = (v: number): string => `${v.toFixed(1)} %`
  return {
    animation: false,
    color: SERIES_COLORS,
    aria: { enabled: true },
    legend: topLegend,
    grid: { top: 44, left: 8, right: 16, bottom: 8, outerBoundsMode: 'same' },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (typeof v === 'number' ? fmt(v) : String(v)),
    },
    xAxis: {
      type: 'time',
      axisLine: { lineStyle: { color: '#c9ced6' } },
      axisLabel: { color: AXIS_TEXT, fontSize: 11, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: `%  (${RES_LABEL[result.resolution]} mean)`,
      nameLocation: 'end',
      nameGap: 10,
      nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'left' },
      min: 0,
      max: (v: { max: number }) => (v.max <= 100 ? 100 : Math.ceil(v.max)),
      axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => `${v}` },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: result.groups.map((g) => ({
      name: g.key,
      type: 'line' as const,
      showSymbol: false,
      sampling: 'lttb' as const,
      lineStyle: { width: 1.5 },
      data: g.points.map((p) => [p.t, +(p.avg * scale).toFixed(3)]),
    })),
  }
}
