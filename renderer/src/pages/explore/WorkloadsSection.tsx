/**
 * Explore's workloads: pods, jobs and billed instances derived at import, with their cost (billed, or
 * catalog-priced and saying so), filterable, sortable, grouped by a dimension.
 */
import '../../styles/policies.css'
import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { COST_SOURCES, WORKLOAD_DIMENSIONS, WORKLOAD_KINDS, type Workload, type WorkloadDimension, type WorkloadFilter } from '../../../../shared/workload-types'
import { DataTable, num } from '../../components/Table'
import { Badge, EmptyState, ErrorPanel, Kpi, Loading, Panel, Options } from '../../components/ui'
import { integer, money } from '../../format'
import { useAppStore } from '../../store'
import { WORKLOAD_PAGE_SIZE, type WorkloadSort } from '../../store/workload-slice'

function Select({ label, value, options, onChange, testId }: { label: string; value: string | undefined; options: readonly string[]; onChange: (v: string | undefined) => void; testId?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid={testId}>
        <option value="">All</option>
        <Options values={options} />
      </select>
    </label>
  )
}

function CostCell({ w }: { w: Workload }) {
  if (w.cost === null) return <span title={w.costBasis}>unpriced</span>
  return (
    <span title={w.costBasis}>
      {money(w.cost)} <Badge tone={w.costSource === 'billed' ? 'success' : 'neutral'}>{w.costSource}</Badge>
    </span>
  )
}

export function WorkloadsSection() {
  const s = useAppStore(useShallow((x) => ({ list: x.workloadList, groups: x.workloadGroups, groupBy: x.workloadGroupBy, load: x.workloadsLoad, filter: x.workloadFilter, sort: x.workloadSort, page: x.workloadPage, loadWorkloads: x.loadWorkloads, setFilter: x.setWorkloadFilter, setSort: x.setWorkloadSort, setPage: x.setWorkloadPage, setGroupBy: x.setWorkloadGroupBy, goTo: x.goTo })))
  const [search, setSearch] = useState(s.filter.search ?? '')
  useEffect(() => {
    if (s.load.status === 'idle') void s.loadWorkloads()
  }, [s])
  const set = (patch: Partial<WorkloadFilter>): void => s.setFilter({ ...s.filter, ...patch })
  const sortHead = (key: WorkloadSort, label: string, num = false) => (
    <th className={num ? 'num' : undefined} aria-sort={s.sort.sort === key ? (s.sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => s.setSort(key)}>
        {label}
        {s.sort.sort === key ? (s.sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  )
  let body
  if (s.load.status === 'error' && s.load.error) body = <ErrorPanel title="Could not load workloads" error={s.load.error} />
  else if (!s.list || !s.groups) body = <Loading label="Loading workloads…" />
  else if (s.list.total === 0 && Object.keys(s.filter).length === 0)
    body = (
      <EmptyState title="No workloads yet" testId="workloads-empty">
        <p>Workloads come from telemetry naming pods (DCGM exporter, kube-state-metrics), job traces imported with a column mapping, and billing lines with resource ids.</p>
        <button type="button" className="btn" onClick={() => s.goTo('data')}>
          Go to Data
        </button>
      </EmptyState>
    )
  else {
    const t = s.groups.total
    const f = s.list.facets
    const pages = Math.max(1, Math.ceil(s.list.total / WORKLOAD_PAGE_SIZE))
    body = (
      <>
        <div className="workloads-filters">
          <Select label="Team" value={s.filter.team} options={f.teams} onChange={(team) => set({ team })} testId="wl-team" />
          <Select label="Namespace" value={s.filter.namespace} options={f.namespaces} onChange={(namespace) => set({ namespace })} />
          <Select label="Accelerator" value={s.filter.acceleratorType} options={f.acceleratorTypes} onChange={(acceleratorType) => set({ acceleratorType })} />
          <Select label="Kind" value={s.filter.kind} options={WORKLOAD_KINDS} onChange={(kind) => set({ kind: kind as WorkloadFilter['kind'] })} />
          <Select label="Cost" value={s.filter.costSource} options={COST_SOURCES} onChange={(costSource) => set({ costSource: costSource as WorkloadFilter['costSource'] })} />
          <form
            className="field"
            onSubmit={(e) => {
              e.preventDefault()
              set({ search: search.trim() || undefined })
            }}
          >
            <span className="field-label">Name contains</span>
            <input value={search} onChange={(e) => setSearch(e.target.value)} onBlur={() => set({ search: search.trim() || undefined })} data-testid="wl-search" />
          </form>
          <label className="inline-check align-end">
            <input type="checkbox" checked={s.filter.acceleratorsOnly ?? false} onChange={(e) => set({ acceleratorsOnly: e.target.checked || undefined })} /> accelerator workloads only
          </label>
        </div>
        <div className="kpis">
          <Kpi label="Workloads" value={integer(t.workloads)} testId="wl-total" />
          <Kpi label="Accelerator-hours" value={integer(t.acceleratorHours)} />
          <Kpi label="Cost" value={money(t.costUsd)} testId="wl-cost" hint={`billed ${money(t.billedUsd)}, catalog-priced ${money(t.costUsd - t.billedUsd)}`} />
          <Kpi label="Unpriced" value={integer(t.unpriced)} hint="No billing line, no catalog price for the type" />
        </div>
        <div className="workloads-groups">
          <Select label="Group by" value={s.groupBy} options={WORKLOAD_DIMENSIONS} onChange={(d) => s.setGroupBy((d ?? 'Team') as WorkloadDimension)} testId="wl-group" />
          <DataTable
            wrap={false}
            testId="workloads-groups"
            cols={[s.groupBy, num('Workloads'), num('Accel-hours'), num('Cost')]}
            rows={s.groups.rows.slice(0, 8)}
            rowKey={(r) => String(r.keys[s.groupBy])}
            cells={(r) => [r.keys[s.groupBy] ?? '(none)', integer(r.workloads), integer(r.acceleratorHours), money(r.costUsd)]}
          />
        </div>
        <div className="table-wrap">
          <DataTable
            wrap={false}
            testId="workloads-table"
            head={
              <>
                {sortHead('name', 'Workload')}
                <th>Team</th>
                {sortHead('accelerators', 'Accelerators', true)}
                {sortHead('start', 'Started', true)}
                {sortHead('acceleratorHours', 'Accel-hours', true)}
                {sortHead('cost', 'Cost', true)}
              </>
            }
            cols={['Workload', 'Team', num('Accelerators'), num('Started'), num('Accel-hours'), num('Cost')]}
            rows={s.list.rows}
            rowKey={(w) => w.uid}
            rowProps={() => ({ 'data-testid': 'workload-row' })}
            cells={(w) => [
              <>
                <span className="mono">{w.name}</span>
                <div className="cell-sub">
                  {w.kind} · {w.namespace ?? 'no namespace'} · {w.sources.join(' + ')}
                </div>
              </>,
              w.team ?? <span className="muted">—</span>,
              `${w.accelerators} ${w.acceleratorType ?? ''}`,
              w.start ? w.start.slice(0, 16).replace('T', ' ') : '—',
              w.acceleratorHours === null ? '—' : integer(w.acceleratorHours),
              <CostCell w={w} />,
            ]}
          />
          <div className="pager">
            <span className="muted small">
              {integer(s.list.total)} workloads · page {s.page + 1} of {pages}
            </span>
            <button type="button" className="btn btn-small" disabled={s.page === 0} onClick={() => s.setPage(s.page - 1)}>
              Previous
            </button>
            <button type="button" className="btn btn-small" disabled={s.page + 1 >= pages} onClick={() => s.setPage(s.page + 1)}>
              Next
            </button>
          </div>
        </div>
      </>
    )
  }
  return (
    <Panel title="Workloads" testId="workloads-section">
      {body}
    </Panel>
  )
}
