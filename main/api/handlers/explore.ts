import { dimensionValues, lineItems, topMovers, unitEconomics } from '../../explore/drill'
import { refreshExplore } from '../../explore/aggregate'
import { exploreQuery, heatmap } from '../../explore/queries'
import { refreshExploreAggregates } from '../explore-refresh'
import type { HandlerTable } from '../handler-types'
import { readAfterRefresh } from '../read-after-refresh'

export const exploreHandlers: HandlerTable<
  'explore-query' | 'explore-line-items' | 'explore-heatmap' | 'explore-movers' | 'explore-unit-economics' | 'explore-dimension-values' | 'explore-refresh'
> = {
  'explore-query': readAfterRefresh(refreshExploreAggregates, exploreQuery),
  'explore-line-items': readAfterRefresh(refreshExploreAggregates, lineItems),
  'explore-heatmap': readAfterRefresh(refreshExploreAggregates, heatmap),
  'explore-movers': readAfterRefresh(refreshExploreAggregates, topMovers),
  'explore-unit-economics': readAfterRefresh(refreshExploreAggregates, unitEconomics),
  'explore-dimension-values': readAfterRefresh(refreshExploreAggregates, (db, { dimensions, limit }: { dimensions: Parameters<typeof dimensionValues>[1]; limit: number }) =>
    dimensionValues(db, dimensions, limit),
  ),
  'explore-refresh': async (_input, ctx, job) => {
    await refreshExploreAggregates(ctx, (s, c, t) => job.progress(s, c, t))
    // Already fresh: report what a refresh would have done (nothing).
    return refreshExplore(ctx.ws.db)
  },
}
