/** The questions Explore's analysis asks for a view, and the first view's, asked before the page mounts. */
import type { CostMeasure, ExploreDimension, ExploreFilters, ExploreMetric } from '../../../../shared/explore-types'
import { prefetch } from '../../api/prefetch'

export interface AnalysisView {
  metric: ExploreMetric
  group: ExploreDimension
  grain: ExploreDimension
  measure: CostMeasure
  period: { from?: string | undefined; to?: string | undefined }
  filters: ExploreFilters
}

/** What Explore opens on: spend by team per day, billed cost, the whole period. */
export const FIRST_VIEW: AnalysisView = { metric: 'cost', group: 'Team', grain: 'ChargeDay', measure: 'BilledCost', period: {}, filters: {} }

/** The chart's series (top groups per time bucket) and the table's totals per group. */
export function analysisQueries(v: AnalysisView) {
  const base = { metric: v.metric, ...v.period, filters: v.filters, costMetric: v.measure }
  return { series: { ...base, by: [v.grain, v.group], top: 8 }, byGroup: { ...base, by: [v.group] } }
}

export function prefetchFirstAnalysis(): void {
  const q = analysisQueries(FIRST_VIEW)
  prefetch('explore-query', q.series)
  prefetch('explore-query', q.byGroup)
}
