import { useEffect, useRef } from 'react'
import { FONT_FAMILY, init, type ChartOption, type EChartsType } from './echarts'

export interface EChartProps {
  option: ChartOption
  /** CSS height of the chart; the width follows the container. */
  height: number
  /** What the chart shows, for screen readers (ECharts' aria module adds a generated data description). */
  label: string
  testId?: string
}

/** A typed ECharts host: created on mount, resized with its container, disposed on unmount. */
export function EChart({ option, height, label, testId }: EChartProps) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)

  useEffect(() => {
    const div = el.current
    if (!div) return
    const instance = init(div, undefined, { renderer: 'canvas' })
    chart.current = instance
    const ro = new ResizeObserver(() => instance.resize())
    ro.observe(div)
    return () => {
      ro.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(
      { aria: { enabled: true }, textStyle: { fontFamily: FONT_FAMILY }, animationDuration: 300, ...option },
      { notMerge: true },
    )
  }, [option])

  // ECharts' aria module writes a generated description onto the chart's own element; the figure names it.
  return (
    <div role="figure" aria-label={label} className="echart" data-testid={testId}>
      <div ref={el} style={{ height }} />
    </div>
  )
}
