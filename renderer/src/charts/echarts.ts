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

export { AXIS_TEXT, FONT_FAMILY, GRID_LINE, OTHER_COLOR, SERIES_COLORS } from './chart-style'
