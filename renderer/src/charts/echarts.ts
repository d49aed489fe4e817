/**
 * ECharts from its core modules only: the charts and components Fleetplan draws, nothing more, to keep
 * the renderer bundle small.
 */
import { BarChart, HeatmapChart, LineChart, type BarSeriesOption, type HeatmapSeriesOption, type LineSeriesOption } from 'echarts/charts'
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  type AriaComponentOption,
  type VisualMapComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
// `use` renamed: it is ECharts' module registry, not a React hook.
import { use as registerModules, type ComposeOption } from 'echarts/core'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

registerModules([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, MarkLineComponent, VisualMapComponent, CanvasRenderer, SVGRenderer])

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | VisualMapComponentOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | AriaComponentOption
  | MarkLineComponentOption
>

export { init, type EChartsType } from 'echarts/core'

/** Series colours: distinct, colour-blind-aware (Tableau 10 order); "Other" is always grey. */
export const SERIES_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f']
export const OTHER_COLOR = '#bab0ac'

export const AXIS_TEXT = '#5b6472'
export const GRID_LINE = '#eceef1'
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
