/** Reading workloads: a filtered, sorted page of rows (Explore's list) and totals grouped by dimensions. */
import type {
  CostSource,
  Workload,
  WorkloadContainer,
  WorkloadDimension,
  WorkloadFilter,
  WorkloadGroupRow,
  WorkloadListResult,
  WorkloadQueryResult,
  WorkloadSource,
} from '../../shared/workload-types'
import type { Db } from '../db/open'
import type { WorkloadCoreRow } from './row-shapes'

export interface WorkloadRow extends WorkloadCoreRow {
  id: number
  hours: number | null
  accelerator_hours: number | null
  cost: number | null
  cost_source: CostSource
  cost_basis: string
  sources: string
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'))

export function toWorkload(r: WorkloadRow): Workload {
  return {
    id: r.id,
    uid: r.uid,
    kind: r.kind,
    name: r.name,
    namespace: r.namespace,
    team: r.team,
    project: r.project,
    modelType: r.model_type,
    acceleratorType: r.accelerator_type,
    accelerators: r.accelerators,
    containers: r.containers_json ? (JSON.parse(r.containers_json) as WorkloadContainer[]) : null,
    labels: JSON.parse(r.labels_json) as Record<string, string>,
    start: iso(r.start_ms),
    end: iso(r.end_ms),
    hours: r.hours,
    acceleratorHours: r.accelerator_hours,
    cost: r.cost,
    costSource: r.cost_source,
    costBasis: r.cost_basis,
    sources: r.sources.split(',').filter(Boolean) as WorkloadSource[],
    provider: r.provider,
    region: r.region,
    node: r.node,
  }
}

/** A date or date-time → epoch ms; a bare date means its start (from) or the start of the next day (to). */
export function timeBound(text: string | undefined, end: boolean): number | null {
  if (!text) return null
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
  if (Number.isNaN(t)) return null
  return end && /^\d{4}-\d{2}-\d{2}$/.test(text) ? t + 86_400_000 : t
}

/** SQL WHERE clause (and its parameters) of a filter. */
export function whereOf(f: WorkloadFilter): { sql: string; params: (string | number)[] } {
  // Billed resources that Kubernetes workloads ran on carry no cost of their own here: theirs is the workloads'.
  const parts: string[] = ['host = 0']
  const params: (string | number)[] = []
  const eq = (col: string, v: string | undefined): void => {
    if (v === undefined) return
    if (v === '(none)') parts.push(`${col} IS NULL`)
    else {
      parts.push(`${col} = ?`)
      params.push(v)
    }
  }
  eq('team', f.team)
  eq('project', f.project)
  eq('namespace', f.namespace)
  eq('accelerator_type', f.acceleratorType)
  eq('kind', f.kind)
  eq('cost_source', f.costSource)
  if (f.source) {
    parts.push(`(',' || sources || ',') LIKE ?`)
    params.push(`%,${f.source},%`)
  }
  if (f.search) {
    parts.push(`(name LIKE ? ESCAPE '\\' OR uid LIKE ? ESCAPE '\\')`)
    const like = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    params.push(like, like)
  }
  const from = timeBound(f.from, false)
  const to = timeBound(f.to, true)
  if (from !== null) {
    parts.push('start_ms >= ?')
    params.push(from)
  }
  if (to !== null) {
    parts.push('start_ms < ?')
    params.push(to)
  }
  if (f.acceleratorsOnly) parts.push('accelerators > 0')
  return { sql: `WHERE ${parts.join(' AND ')}`, params }
}

const SORT: Record<string, string> = { start: 'start_ms', cost: 'cost', acceleratorHours: 'accelerator_hours', accelerators: 'accelerators', name: 'name' }

export function listWorkloads(db: Db, input: { filter: WorkloadFilter; sort: string; desc: boolean; limit: number; offset: number }): WorkloadListResult {
  const w = whereOf(input.filter)
  const col = SORT[input.sort] ?? 'start_ms'
  const rows = db
    .prepare(`SELECT * FROM workload ${w.sql} ORDER BY ${col} IS NULL, ${col} ${input.desc ? 'DESC' : 'ASC'}, id LIMIT ? OFFSET ?`)
    .all(...w.params, input.limit, input.offset) as WorkloadRow[]
  const total = db.prepare(`SELECT count(*) FROM workload ${w.sql}`).pluck().get(...w.params) as number
  const distinct = (c: string): string[] => db.prepare(`SELECT DISTINCT ${c} FROM workload WHERE host = 0 AND ${c} IS NOT NULL ORDER BY ${c} LIMIT 500`).pluck().all() as string[]
  return {
    rows: rows.map(toWorkload),
    total,
    facets: { teams: distinct('team'), namespaces: distinct('namespace'), acceleratorTypes: distinct('accelerator_type'), projects: distinct('project') },
  }
}

const DIM_SQL: Record<WorkloadDimension, string> = {
  Team: 'team',
  Project: 'project',
  Namespace: 'namespace',
  AcceleratorType: 'accelerator_type',
  Kind: 'kind',
  CostSource: 'cost_source',
  ModelType: 'model_type',
  Source: 'sources',
  Provider: 'provider',
}

export function queryWorkloads(db: Db, input: { by: WorkloadDimension[]; filter: WorkloadFilter }): WorkloadQueryResult {
  const w = whereOf(input.filter)
  const cols = input.by.map((d) => DIM_SQL[d])
  const rows = db
    .prepare(
      `SELECT ${cols.map((c, i) => `${c} AS k${i}`).join(', ')}, count(*) AS n, coalesce(sum(accelerator_hours), 0) AS ah,
              coalesce(sum(cost), 0) AS cost, coalesce(sum(CASE WHEN cost_source = 'billed' THEN cost END), 0) AS billed,
              sum(cost_source = 'unpriced') AS unpriced
         FROM workload ${w.sql} GROUP BY ${cols.map((_, i) => `k${i}`).join(', ')} ORDER BY cost DESC, n DESC`,
    )
    .all(...w.params) as Record<string, string | number | null>[]
  const out: WorkloadGroupRow[] = rows.map((r) => ({
    keys: Object.fromEntries(input.by.map((d, i) => [d, (r[`k${i}`] as string | null) ?? null])),
    workloads: r.n as number,
    acceleratorHours: r.ah as number,
    costUsd: r.cost as number,
    billedUsd: r.billed as number,
    unpriced: r.unpriced as number,
  }))
  const sum = (f: (x: WorkloadGroupRow) => number): number => out.reduce((s, x) => s + f(x), 0)
  return {
    by: input.by,
    rows: out,
    total: { workloads: sum((x) => x.workloads), acceleratorHours: sum((x) => x.acceleratorHours), costUsd: sum((x) => x.costUsd), billedUsd: sum((x) => x.billedUsd), unpriced: sum((x) => x.unpriced) },
  }
}
