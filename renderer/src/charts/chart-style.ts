/** Fleetplan's chart look, apart from ECharts itself so that options can be built before ECharts has loaded. */

/** Series colours: distinct, colour-blind-aware (Tableau 10 order); "Other" is always grey. */
export const SERIES_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f']
export const OTHER_COLOR = '#bab0ac'

export const AXIS_TEXT = '#5b6472'
export const GRID_LINE = '#eceef1'
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
