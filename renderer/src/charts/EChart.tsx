import { useCallback, useEffect, useRef } from 'react'
import { FONT_FAMILY } from './chart-style'
import type { ChartOption, EChartsType } from './echarts'

/**
 * ECharts in its own chunk, asked for when this module loads: the app's first calls leave while the browser
 * parses it (it is most of the renderer's code), instead of after.
 */
const echarts = import('./echarts')

export interface EChartProps {
  option: ChartOption
  /** CSS height of the chart; the width follows the container. */
  height: number
  /** What the chart shows, for screen readers (ECharts' aria module adds a generated data description). */
  label: string
  testId?: string
  /** Called when a data point is clicked (e.g. a Pareto point). */
  onPointClick?: (p: { seriesIndex: number; dataIndex: number }) => void
  /** Offer PNG and SVG downloads of the chart under this file name (without extension). */
  exportName?: string
  /** Called each time the chart has finished drawing its option. */
  onDrawn?: () => void
}

function download(name: string, href: string): void {
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.click()
}

/** A typed ECharts host: created on mount, resized with its container, disposed on unmount. */
export function EChart({ option, height, label, testId, onPointClick, exportName, onDrawn }: EChartProps) {
  const frame = useRef<HTMLDivElement>(null)
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)
  const clickRef = useRef(onPointClick)
  const drawnRef = useRef(onDrawn)
  // The option last handed to ECharts, and the one to draw: the first is drawn in the effect that creates the
  // chart (no extra render in between), later ones by the effect that watches `option`.
  const shown = useRef<ChartOption | null>(null)
  const wanted = useRef(option)
  useEffect(() => {
    clickRef.current = onPointClick
    drawnRef.current = onDrawn
    wanted.current = option
  }, [onPointClick, onDrawn, option])

  const draw = useCallback((next: ChartOption): void => {
    const instance = chart.current
    if (!instance || shown.current === next) return
    frame.current?.setAttribute('data-rendered', 'false')
    // The first draw is not animated: the numbers are there at once (the entry animation held a page's first
    // chart back by its duration); later changes animate from the previous answer.
    const still = shown.current === null ? { animation: false } : {}
    shown.current = next
    instance.setOption({ aria: { enabled: true }, textStyle: { fontFamily: FONT_FAMILY }, animationDuration: 300, ...next, ...still }, { notMerge: true })
  }, [])

  useEffect(() => {
    const div = el.current
    if (!div) return
    let live = true
    let stop = (): void => undefined
    void echarts.then(({ init }) => {
      if (!live) return
      const instance = init(div, undefined, { renderer: 'canvas' })
      chart.current = instance
      // A readiness marker for tests and screenshots: set once an option has been drawn and animated (ECharts
      // also reports an empty chart "finished" when it is created or resized: that is not a drawing).
      instance.on('finished', () => {
        if (shown.current === null) return
        frame.current?.setAttribute('data-rendered', 'true')
        drawnRef.current?.()
      })
      instance.on('click', (p) => {
        const e = p as { seriesIndex?: number; dataIndex?: number }
        if (typeof e.seriesIndex === 'number' && typeof e.dataIndex === 'number') clickRef.current?.({ seriesIndex: e.seriesIndex, dataIndex: e.dataIndex })
      })
      // A ResizeObserver reports the size it starts with, too: redrawing then would draw the first chart twice.
      let size = `${div.clientWidth}x${div.clientHeight}`
      const ro = new ResizeObserver(() => {
        const now = `${div.clientWidth}x${div.clientHeight}`
        if (now === size) return
        size = now
        instance.resize()
      })
      ro.observe(div)
      stop = () => {
        ro.disconnect()
        instance.dispose()
        chart.current = null
        shown.current = null
      }
      draw(wanted.current)
    })
    return () => {
      live = false
      stop()
    }
  }, [draw])

  useEffect(() => draw(option), [draw, option])

  const exportPng = (): void => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' })
    if (url) download(`${exportName ?? 'chart'}.png`, url)
  }
  // SVG: the same option drawn once more by ECharts' SVG renderer, off screen, at the chart's size.
  const exportSvg = async (): Promise<void> => {
    const div = el.current
    if (!div) return
    const { init } = await echarts
    const svg = init(null, undefined, { renderer: 'svg', ssr: true, width: div.clientWidth, height })
    svg.setOption({ textStyle: { fontFamily: FONT_FAMILY }, ...option, animation: false })
    const text = svg.renderToSVGString()
    svg.dispose()
    download(`${exportName ?? 'chart'}.svg`, URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' })))
  }

  // ECharts' aria module writes a generated description onto the chart's own element; the figure names it.
  return (
    <div ref={frame} role="figure" aria-label={label} className="echart" data-testid={testId} data-rendered="false">
      {exportName ? (
        <div className="chart-export">
          <button type="button" className="btn btn-small" onClick={exportPng} data-testid={testId ? `${testId}-png` : undefined}>
            PNG
          </button>
          <button type="button" className="btn btn-small" onClick={() => void exportSvg()} data-testid={testId ? `${testId}-svg` : undefined}>
            SVG
          </button>
        </div>
      ) : null}
      <div ref={el} style={{ height }} />
    </div>
  )
}
