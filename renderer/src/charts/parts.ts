/** Option pieces several charts share (legends, axes, tooltips, band series), so they look and read alike. */
import { axisNumber } from '../format'
import { AXIS_TEXT, GRID_LINE } from './chart-style'

/** A one-line legend across the top. */
export const topLegend = { type: 'scroll' as const, top: 0, left: 0, right: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 } }

/** A legend down the right side, one name per line: long names truncate to `textWidth`, the full name on hover. */
export const sideLegend = (textWidth: number, extra: { itemGap?: number } = {}) => ({
  type: 'scroll' as const,
  orient: 'vertical' as const,
  right: 0,
  top: 28,
  bottom: 8,
  icon: 'roundRect',
  itemWidth: 10,
  itemHeight: 10,
  ...extra,
  tooltip: { show: true },
  textStyle: { fontSize: 12, width: textWidth, overflow: 'truncate' as const },
})

/** A value axis named by its unit, figures shortened (12k). */
export function valueAxis(unit: string) {
  return {
    type: 'value' as const,
    name: unit,
    nameLocation: 'end' as const,
    nameGap: 10,
    nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'right' as const },
    axisLabel: { color: AXIS_TEXT, fontSize: 11, formatter: (v: number) => axisNumber(v) },
    splitLine: { lineStyle: { color: GRID_LINE } },
  }
}

/** A category axis of days, labels thinned when they would overlap. */
export function dayAxis(days: string[]) {
  return {
    type: 'category' as const,
    data: days,
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: '#c9ced6' } },
    axisLabel: { color: AXIS_TEXT, fontSize: 11, hideOverlap: true },
  }
}

/** An axis tooltip whose lines are built from the hovered category's index. */
export const axisTooltip = (lines: (index: number) => string[]) => ({
  trigger: 'axis' as const,
  confine: true,
  formatter: (params: unknown) => {
    const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined
    return lines(first?.dataIndex ?? 0).join('<br/>')
  },
})

/**
 * An invisible stacked line: a band is drawn as its lower edge (this, with no tooltip) and its width
 * stacked on it (this, with an area colour).
 */
export const stackedEdge = (name: string, stack: string) => ({
  type: 'line' as const,
  name,
  stack,
  stackStrategy: 'all' as const,
  symbol: 'none',
  lineStyle: { opacity: 0 },
  silent: true,
})

/**
 * The value axis' lower end for bars or areas stacked the ECharts way (negatives stacked apart from positives):
 * `{ min: 0 }` when nothing goes below zero or the deepest negative stack is under 1 % of the tallest positive
 * one (a credit of a few dollars on a day of thousands). Left to itself ECharts rounds such a sliver down to a
 * whole tick — −10,000 on the demo's $36k days — and gives a fifth of the chart to a bar under two pixels tall;
 * the tooltip still shows the exact values. Larger negatives keep ECharts' own extent, zero gridline included.
 */
export function stackFloor(series: Iterable<readonly number[]>): { min?: number } {
  const up: number[] = []
  const down: number[] = []
  for (const values of series)
    values.forEach((x, i) => {
      if (x >= 0) up[i] = (up[i] ?? 0) + x
      else down[i] = (down[i] ?? 0) + x
    })
  const maxUp = up.reduce((m, x) => Math.max(m, x), 0)
  const maxDown = down.reduce((m, x) => Math.min(m, x), 0)
  return -maxDown <= maxUp * 0.01 ? { min: 0 } : {}
}
