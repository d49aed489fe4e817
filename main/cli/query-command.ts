/**
 * `fleetplan query cost|gpu-hours|idle|attribution --by DIM[,DIM] [--from D --to D] [--filter DIM=V]... [--json]`:
 * one `explore-query` call. The JSON answer is `{by, metric, rows:[{keys, value, …}], total}` (cost rows also
 * carry `cost` and `rows` as `query cost` always did); attribution rows include the shared/idle remainder, so
 * the rows add up to `total`.
 */
import type { ExploreDimension, ExploreResult } from '../../shared/explore-types'
import { amountText } from '../../shared/money'
import { COST_MEASURES, EXPLORE_DIMENSIONS, EXPLORE_METRICS } from '../../shared/explore-types'

export const QUERY_USAGE = `  fleetplan query cost|gpu-hours|idle|attribution --by DIM[,DIM] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
        [--filter DIM=V[,V]]... [--metric BilledCost|EffectiveCost|ListCost] [--workspace W] [--json]   (no --workspace: the workspace the app used last, else the demo)`

export const QUERY_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  filter: { type: 'string', multiple: true },
} as const

export class QueryUsageError extends Error {}

const ALIASES: Record<string, ExploreDimension> = {
  ChargePeriodStart: 'ChargeDay',
  'ChargePeriodStart:day': 'ChargeDay',
  'ChargePeriodStart:week': 'ChargeWeek',
  'ChargePeriodStart:month': 'ChargeMonth',
}

function dim(text: string): ExploreDimension {
  const t = text.trim()
  const d = ALIASES[t] ?? t
  if (!(EXPLORE_DIMENSIONS as readonly string[]).includes(d)) throw new QueryUsageError(`unknown dimension "${t}". Known: ${EXPLORE_DIMENSIONS.join(', ')}`)
  return d as ExploreDimension
}

/** Checks the arguments before any workspace is opened; returns the explore-query input. */
export function parseQuery(sub: string | undefined, v: Record<string, unknown>): Record<string, unknown> {
  if (!sub || !(EXPLORE_METRICS as readonly string[]).includes(sub)) throw new QueryUsageError(`query supports: ${EXPLORE_METRICS.join(', ')}`)
  const by = typeof v.by === 'string' && v.by ? v.by.split(',').map(dim) : []
  if (sub === 'cost' && by.length === 0) throw new QueryUsageError('--by is required (e.g. --by ProviderName,ChargeDay)')
  const filters: Partial<Record<ExploreDimension, string[]>> = {}
  for (const f of (v.filter as string[] | undefined) ?? []) {
    const eq = f.indexOf('=')
    if (eq < 1) throw new QueryUsageError(`--filter takes DIM=VALUE[,VALUE] (got "${f}")`)
    const d = dim(f.slice(0, eq))
    filters[d] = [...(filters[d] ?? []), ...f.slice(eq + 1).split(',')]
  }
  for (const k of ['from', 'to'] as const) {
    if (v[k] !== undefined && (typeof v[k] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v[k]))) throw new QueryUsageError(`--${k} takes a day, YYYY-MM-DD`)
  }
  const metric = v.metric as string | undefined
  if (metric !== undefined && !(COST_MEASURES as readonly string[]).includes(metric)) throw new QueryUsageError(`--metric takes ${COST_MEASURES.join(', ')}`)
  return {
    metric: sub,
    by,
    ...(v.from ? { from: v.from } : {}),
    ...(v.to ? { to: v.to } : {}),
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(metric ? { costMetric: metric } : {}),
  }
}

export function describeQuery(r: ExploreResult): string {
  const fmt = (x: number): string => (r.unit === 'currency' ? amountText(x) : amountText(x, 1))
  const lines = r.rows.map((row) => {
    const extra = row.utilisation !== undefined ? `\tutilisation ${row.utilisation === null ? '—' : `${(row.utilisation * 100).toFixed(1)} %`}` : ''
    return `${r.by.map((d) => row.keys[d] ?? '(none)').join('\t')}${r.by.length ? '\t' : ''}${fmt(row.value)}${extra}`
  })
  const unit = r.unit === 'currency' ? (r.currency ?? '') : 'accelerator-hours'
  return [...lines, `total\t${fmt(r.total)} ${unit}`.trimEnd()].join('\n')
}
