/**
 * Explore as an analyst uses it: a metric (spend, accelerator-hours, idle cost, fractional attribution) by
 * any dimension over time, filters, a period, the numbers behind a chart, and the line items behind a number.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import {
  ACCEL_ONLY_DIMENSIONS,
  BILLING_ONLY_DIMENSIONS,
  COST_MEASURES,
  EXPLORE_DIMENSIONS,
  TIME_DIMENSIONS,
  type CostMeasure,
  type ExploreDimension,
  type ExploreFilters,
  type ExploreMetric,
  type ExploreResult,
} from '../../../../shared/explore-types'
import { EChart } from '../../charts/EChart'
import { formatValue, heatmapOption, timeSeriesOption } from '../../charts/explore-options'
import { AfterFirstScreen, markFirstScreenDrawn } from '../../components/first-screen'
import { EmptyState, ErrorPanel, Kpi, Loading, Panel, Options } from '../../components/ui'
import { integer, percent } from '../../format'
import { ClassifierPanel } from './ClassifierPanel'
import { LineItemsTable } from './LineItemsTable'
import { MoversPanel, UnitEconomicsPanel } from './MoversPanel'
import { analysisQueries, FIRST_VIEW, type AnalysisView } from './analysis-queries'
import { useCall, useExploreTick } from './use-explore'

const METRICS: { id: ExploreMetric; label: string; hint: string }[] = [
  { id: 'cost', label: 'Spend', hint: 'Billed cost (FOCUS) by any dimension' },
  { id: 'gpu-hours', label: 'Accelerator-hours', hint: 'Billed accelerator-hours' },
  { id: 'idle', label: 'Idle cost', hint: 'Paid accelerator-hours that did no work (DCGM utilisation joined to billed nodes)' },
  { id: 'attribution', label: 'Attribution', hint: 'Accelerator cost split by measured activity, shared GPUs included' },
]
const LABEL: Partial<Record<ExploreDimension, string>> = {
  ProviderName: 'Provider',
  ServiceName: 'Service',
  ServiceCategory: 'Service category',
  RegionId: 'Region',
  SubAccountName: 'Sub-account',
  ChargeCategory: 'Charge category',
  PricingCategory: 'Pricing category',
  SkuId: 'SKU',
  ModelType: 'Model type',
  AcceleratorType: 'Accelerator type',
  ChargeDay: 'Day',
  ChargeWeek: 'Week',
  ChargeMonth: 'Month',
}
export const dimLabel = (d: ExploreDimension): string => LABEL[d] ?? d

function dimsFor(metric: ExploreMetric): ExploreDimension[] {
  return EXPLORE_DIMENSIONS.filter(
    (d) => !TIME_DIMENSIONS.includes(d) && (metric === 'cost' || metric === 'gpu-hours' ? !ACCEL_ONLY_DIMENSIONS.includes(d) : !BILLING_ONLY_DIMENSIONS.includes(d)) && !(metric === 'idle' && ['Namespace', 'Pod', 'Rule'].includes(d)),
  )
}
const DRILLABLE = (d: ExploreDimension): boolean => !['Namespace', 'Pod', 'Rule'].includes(d)

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** A labelled choice of one dimension. */
function DimSelect({ label, value, dims, onChange, testId }: { label: string; value: ExploreDimension; dims: readonly ExploreDimension[]; onChange: (d: ExploreDimension) => void; testId: string }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value as ExploreDimension)} data-testid={testId}>
        <Options values={dims} label={dimLabel} />
      </select>
    </label>
  )
}

/** `overview`: what the page shows right under the analysis (drawn after the analysis' first chart). */
export function ExploreAnalysis({ overview }: { overview?: ReactNode }) {
  const tick = useExploreTick()
  const [metric, setMetric] = useState<ExploreMetric>(FIRST_VIEW.metric)
  const [group, setGroup] = useState<ExploreDimension>(FIRST_VIEW.group)
  const [grain, setGrain] = useState<ExploreDimension>(FIRST_VIEW.grain)
  const [measure, setMeasure] = useState<CostMeasure>(FIRST_VIEW.measure)
  const [period, setPeriod] = useState<AnalysisView['period']>(FIRST_VIEW.period)
  const [filters, setFilters] = useState<ExploreFilters>(FIRST_VIEW.filters)
  const [adding, setAdding] = useState<ExploreDimension | ''>('')
  const [drill, setDrill] = useState<ExploreFilters | null>(null)

  const dims = dimsFor(metric)
  const g = dims.includes(group) ? group : 'Team'
  const usable = Object.fromEntries(Object.entries(filters).filter(([d]) => dims.includes(d as ExploreDimension) || TIME_DIMENSIONS.includes(d as ExploreDimension))) as ExploreFilters
  const queries = analysisQueries({ metric, group: g, grain, measure, period, filters: usable })
  const series = useCall('explore-query', queries.series, tick)
  const byGroup = useCall('explore-query', queries.byGroup, tick)
  const values = useCall('explore-dimension-values', adding ? { dimensions: [adding], limit: 300 } : null, tick)
  const heat = useCall('explore-heatmap', metric === 'idle' ? { ...period, filters: usable, costMetric: measure } : null, tick)
  const option = useMemo(() => (series.data ? timeSeriesOption(series.data, grain, g) : null), [series.data, grain, g])
  const heatOpt = useMemo(() => (heat.data ? heatmapOption(heat.data) : null), [heat.data])
  const dataPeriod = byGroup.data?.period ?? null

  const addFilter = (d: ExploreDimension, v: string): void => {
    setFilters((f) => ({ ...f, [d]: [...new Set([...(f[d] ?? []), v])] }))
    setAdding('')
  }
  const removeFilter = (d: ExploreDimension): void =>
    setFilters((f) => {
      const n = { ...f }
      delete n[d]
      return n
    })
  const preset = (days: number | null): void => {
    if (!dataPeriod || days === null) setPeriod({})
    else setPeriod({ from: shiftDay(dataPeriod.end, -(days - 1)), to: dataPeriod.end })
  }

  const r = byGroup.data
  const total = r?.total ?? 0
  // An answer with nothing to draw is the first screen too.
  const nothingToDraw = !!byGroup.error || r?.rows.length === 0
  useEffect(() => {
    if (nothingToDraw) markFirstScreenDrawn()
  }, [nothingToDraw])
  // The table is keyed by the dimension its answer is grouped by: while the next grouping loads, the previous
  // answer stays on screen with its own keys (read with the new dimension, every row was "(none)").
  const tableDim = r?.by[0] ?? g
  const m = METRICS.find((x) => x.id === metric) as (typeof METRICS)[number]
  return (
    <>
      <Panel title="Analyse" className="explore-analysis" testId="explore-analysis">
        <div className="explore-controls">
          <div className="segmented" role="tablist" aria-label="Metric">
            {METRICS.map((x) => (
              <button key={x.id} type="button" role="tab" aria-selected={metric === x.id} className={metric === x.id ? 'active' : ''} onClick={() => setMetric(x.id)} title={x.hint} data-testid={`metric-${x.id}`}>
                {x.label}
              </button>
            ))}
          </div>
          <DimSelect label="By" value={g} dims={dims} onChange={setGroup} testId="explore-group" />
          <DimSelect label="Over" value={grain} dims={TIME_DIMENSIONS} onChange={setGrain} testId="explore-grain" />
          <label>
            From
            <input type="date" value={period.from ?? ''} min={dataPeriod?.start} max={dataPeriod?.end} onChange={(e) => setPeriod((p) => ({ ...p, from: e.currentTarget.value || undefined }))} data-testid="explore-from" />
          </label>
          <label>
            To
            <input type="date" value={period.to ?? ''} min={dataPeriod?.start} max={dataPeriod?.end} onChange={(e) => setPeriod((p) => ({ ...p, to: e.currentTarget.value || undefined }))} data-testid="explore-to" />
          </label>
          <div className="presets">
            {[
              ['All', null],
              ['7 d', 7],
              ['30 d', 30],
            ].map(([l, d]) => (
              <button key={String(l)} type="button" className="btn btn-small" onClick={() => preset(d as number | null)}>
                {l}
              </button>
            ))}
          </div>
          {metric !== 'gpu-hours' ? (
            <label>
              Measure
              <select value={measure} onChange={(e) => setMeasure(e.currentTarget.value as CostMeasure)} data-testid="explore-measure">
                {COST_MEASURES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        <div className="explore-filters" data-testid="explore-filters">
          {Object.entries(filters).map(([d, vs]) => (
            <span key={d} className="chip" data-testid="filter-chip">
              {dimLabel(d as ExploreDimension)} = {(vs).join(', ')}
              <button type="button" aria-label={`Remove filter ${d}`} onClick={() => removeFilter(d as ExploreDimension)}>
                ×
              </button>
            </span>
          ))}
          <select value={adding} onChange={(e) => setAdding(e.currentTarget.value as ExploreDimension | '')} aria-label="Add a filter on" data-testid="filter-dimension">
            <option value="">+ Filter…</option>
            <Options values={dims} label={dimLabel} />
          </select>
          {adding ? (
            <select value="" onChange={(e) => e.currentTarget.value && addFilter(adding, e.currentTarget.value)} aria-label={`Value of ${adding}`} data-testid="filter-value">
              <option value="">{values.loading ? 'Loading…' : 'Choose a value'}</option>
              <Options values={values.data?.[adding] ?? []} />
            </select>
          ) : null}
        </div>
        {byGroup.error ? (
          <ErrorPanel title="Could not answer" error={byGroup.error} />
        ) : !r ? (
          <Loading label="Summing…" />
        ) : r.rows.length === 0 ? (
          <EmptyState title={`No ${m.label.toLowerCase()} for this selection`} testId="explore-analysis-empty">
            <p>{metric === 'idle' || metric === 'attribution' ? 'Idle cost and attribution need accelerator billing and DCGM telemetry of the same nodes (import both on the Data page).' : 'Widen the period or remove a filter.'}</p>
          </EmptyState>
        ) : (
          <>
            <KpiRow r={r} metric={metric} />
            {option ? (
              <EChart option={option} height={320} label={`${m.label} by ${dimLabel(g)} per ${dimLabel(grain).toLowerCase()}`} testId="chart-explore" exportName={`fleetplan-${metric}-by-${g}`} onDrawn={markFirstScreenDrawn} />
            ) : null}
            <GroupTable r={r} dim={tableDim} metric={metric} total={total} onFilter={(v) => addFilter(tableDim, v)} onDrill={DRILLABLE(tableDim) ? (v) => setDrill({ ...usable, [tableDim]: [v] }) : null} />
            <p className="hint">{r.notes.join(' ')}</p>
          </>
        )}
      </Panel>
      {metric === 'idle' ? (
        <Panel title="Utilisation by hour of day and day of week (UTC)" className="chart-panel">
          {heatOpt ? <EChart option={heatOpt} height={260} label="Heatmap of accelerator utilisation by day of week and hour" testId="chart-heatmap" exportName="fleetplan-utilisation-heatmap" /> : <Loading />}
        </Panel>
      ) : null}
      {drill ? (
        <Panel
          title={`Line items: ${Object.entries(drill).map(([d, v]) => `${dimLabel(d as ExploreDimension)} = ${(v).join(', ')}`).join(' · ') || 'all'}`}
          actions={
            <button type="button" className="btn btn-small" onClick={() => setDrill(null)}>
              Close
            </button>
          }
          testId="drill-panel"
        >
          <LineItemsTable filters={drill} from={period.from} to={period.to} currency={r?.currency ?? null} tick={tick} onFilter={(d, v) => setDrill((f) => ({ ...(f ?? {}), [d]: [v] }))} />
        </Panel>
      ) : null}
      <AfterFirstScreen>{overview}</AfterFirstScreen>
      <AfterFirstScreen>
        <MoversPanel dim={g} period={period} dataPeriod={dataPeriod} filters={usable} measure={measure} tick={tick} />
      </AfterFirstScreen>
      <AfterFirstScreen>
        <UnitEconomicsPanel period={period} measure={measure} tick={tick} />
      </AfterFirstScreen>
      <AfterFirstScreen>
        <ClassifierPanel tick={tick} />
      </AfterFirstScreen>
    </>
  )
}

function KpiRow({ r, metric }: { r: ExploreResult; metric: ExploreMetric }) {
  const sum = (k: 'billedCost' | 'billedHours' | 'monitoredHours' | 'busyHours' | 'unmonitoredCost' | 'gpuHours'): number => r.rows.reduce((s, x) => s + (x[k] ?? 0), 0)
  if (metric === 'idle') {
    const billed = sum('billedCost')
    return (
      <div className="kpis">
        <Kpi label="Idle cost" value={formatValue(r, r.total)} testId="explore-total" hint={billed ? `${percent(r.total / billed)} of ${formatValue(r, billed)} billed` : undefined} />
        <Kpi label="Utilisation" value={sum('monitoredHours') ? percent(sum('busyHours') / sum('monitoredHours')) : '—'} hint="busy ÷ monitored accelerator-hours" testId="explore-utilisation" />
        <Kpi label="Idle accelerator-hours" value={integer(sum('monitoredHours') - sum('busyHours'))} hint={`of ${integer(sum('billedHours'))} billed`} />
        <Kpi label="Without telemetry" value={formatValue(r, sum('unmonitoredCost'))} hint="billed hours no telemetry covers" />
      </div>
    )
  }
  const rem = r.rows.filter((x) => Object.values(x.keys).some((k) => k === '(shared/idle)')).reduce((s, x) => s + x.value, 0)
  return (
    <div className="kpis">
      <Kpi label={metric === 'gpu-hours' ? 'Accelerator-hours' : metric === 'attribution' ? 'Billed accelerator cost (split below)' : `Total ${r.metric}`} value={formatValue(r, r.total)} testId="explore-total" />
      <Kpi label="Groups" value={integer(r.rows.length)} />
      {metric === 'attribution' ? <Kpi label="Shared / idle remainder" value={formatValue(r, rem)} hint={r.total ? `${percent(rem / r.total)} of the total` : undefined} testId="explore-remainder" /> : null}
      {metric === 'cost' ? <Kpi label="Line items" value={integer(r.rows.reduce((s, x) => s + (x.rows ?? 0), 0))} /> : null}
    </div>
  )
}

const SHOWN = 20

function GroupTable({ r, dim, metric, total, onFilter, onDrill }: { r: ExploreResult; dim: ExploreDimension; metric: ExploreMetric; total: number; onFilter: (v: string) => void; onDrill: ((v: string) => void) | null }) {
  const [all, setAll] = useState(false)
  const sorted = [...r.rows].sort((a, b) => b.value - a.value)
  const rows = all ? sorted : sorted.slice(0, SHOWN)
  return (
    <div className="table-wrap">
      <table className="table" data-testid="explore-table">
        <thead>
          <tr>
            <th>{dimLabel(dim)}</th>
            <th className="num">{metric === 'idle' ? 'Idle cost' : metric === 'gpu-hours' ? 'Accelerator-hours' : r.metric === 'attribution' ? 'Attributed cost' : r.metric}</th>
            <th className="num">Share</th>
            {metric === 'idle' ? (
              <>
                <th className="num">Utilisation</th>
                <th className="num">Billed</th>
              </>
            ) : null}
            {metric === 'attribution' ? <th className="num">Accelerator-hours</th> : null}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((x) => {
            const k = x.keys[dim] ?? '(none)'
            return (
              <tr key={k} data-testid="explore-row" data-key={k}>
                <td>{k}</td>
                <td className="num" data-testid="explore-value">{formatValue(r, x.value)}</td>
                <td className="num">{total ? percent(x.value / total) : '—'}</td>
                {metric === 'idle' ? (
                  <>
                    <td className="num">{x.utilisation === null || x.utilisation === undefined ? '—' : percent(x.utilisation)}</td>
                    <td className="num">{formatValue(r, x.billedCost ?? 0)}</td>
                  </>
                ) : null}
                {metric === 'attribution' ? <td className="num">{integer(x.gpuHours ?? 0)}</td> : null}
                <td className="row-actions">
                  <button type="button" className="btn btn-small" onClick={() => onFilter(k)} data-testid="row-filter">
                    Filter
                  </button>
                  {onDrill ? (
                    <button type="button" className="btn btn-small" onClick={() => onDrill(k)} data-testid="row-drill">
                      Line items
                    </button>
                  ) : null}
                </td>
              </tr>
            )
          })}
        </tbody>
        <tfoot>
          {sorted.length > SHOWN ? (
            <tr>
              <td colSpan={metric === 'idle' ? 6 : metric === 'attribution' ? 5 : 4}>
                <button type="button" className="link" onClick={() => setAll((x) => !x)} data-testid="explore-show-all">
                  {all ? `Show the largest ${SHOWN}` : `Show all ${integer(sorted.length)}`}
                </button>
              </td>
            </tr>
          ) : null}
          <tr>
            <td>Total</td>
            <td className="num" data-testid="explore-table-total">{formatValue(r, total)}</td>
            <td className="num">{sorted.length ? percent(1) : ''}</td>
            {metric === 'idle' ? <><td /><td /></> : null}
            {metric === 'attribution' ? <td /> : null}
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
