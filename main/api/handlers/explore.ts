import { dimensionValues, lineItems, topMovers, unitEconomics } from '../../explore/drill'
import { refreshExplore } from '../../explore/aggregate'
import { exploreQuery, heatmap } from '../../explore/queries'
import { refreshExploreAggregates } from '../explore-refresh'
import type { HandlerTable } from '../handler-types'

export const exploreHandlers: HandlerTable<
  'explore-query' | 'explore-line-items' | 'explore-heatmap' | 'explore-movers' | 'explore-unit-economics' | 'explore-dimension-values' | 'explore-refresh'
> = {
  'explore-query': async (q, ctx) => {
    await refreshExploreAggregates(ctx)
    return exploreQuery(ctx.ws.db, q)
  },
  'explore-line-items': async (q, ctx) => {
    await refreshExploreAggregates(ctx)
    return lineItems(ctx.ws.db, q)
  },
  'explore-heatmap': async (q, ctx) => {
    await refreshExploreAggregates(ctx)
    return heatmap(ctx.ws.db, q)
  },
  'explore-movers': async (q, ctx) => {
    await refreshExploreAggregates(ctx)
    return topMovers(ctx.ws.db, q)
  },
  'explore-unit-economics': async (q, ctx) => {
    await refreshExploreAggregates(ctx)
    return unitEconomics(ctx.ws.db, q)
  },
  'explore-dimension-values': async ({ dimensions, limit }, ctx) => {
    await refreshExploreAggregates(ctx)
    return dimensionValues(ctx.ws.db, dimensions, limit)
  },
  'explore-refresh': async (_input, ctx, job) => {
    await refreshExploreAggregates(ctx, (s, c, t) => job.progress(s, c, t))
    // Already fresh: report what a refresh would have done (nothing).
    return refreshExplore(ctx.ws.db)
  },
}
