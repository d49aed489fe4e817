/** Top movers between the chosen period and the one before it, linked to anomalies; unit economics. */
import type { CostMeasure, ExploreDimension, ExploreFilters } from '../../../../shared/explore-types'
import { DataTable, num, td } from '../../components/Table'
import { EmptyState, ErrorPanel, Loading, Panel } from '../../components/ui'
import { integer, moneyPrecise, percent } from '../../format'
import { useAppStore } from '../../store'
import { useCall } from './use-explore'

const day = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const span = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1

export function MoversPanel(props: { dim: ExploreDimension; period: { from?: string | undefined; to?: string | undefined }; dataPeriod: { start: string; end: string } | null; filters: ExploreFilters; measure: CostMeasure; tick: number }) {
  const goTo = useAppStore((s) => s.goTo)
  const dim = ['Pool', 'Namespace', 'Pod', 'Rule'].includes(props.dim) ? 'Team' : props.dim
  // The chosen period (default: the last 7 days of data) against as many days just before it.
  const to = props.period.to ?? props.dataPeriod?.end
  const from = props.period.from ?? (to ? day(to, -6) : undefined)
  const n = from && to ? span(from, to) : 0
  const input = from && to ? { dimension: dim, after: { from, to }, before: { from: day(from, -n), to: day(from, -1) }, filters: props.filters, costMetric: props.measure, limit: 8 } : null
  const r = useCall('explore-movers', input, props.tick)
  let body
  if (r.error) body = <ErrorPanel title="Could not compare" error={r.error} />
  else if (!input) body = <EmptyState title="No data yet" />
  else if (!r.data) body = <Loading />
  else
    body = (
      <div className="table-wrap">
        <p className="hint">
          {r.data.after.from} – {r.data.after.to} ({moneyPrecise(r.data.after.total, r.data.currency)}) against {r.data.before.from} – {r.data.before.to} ({moneyPrecise(r.data.before.total, r.data.currency)}):
          change {moneyPrecise(r.data.after.total - r.data.before.total, r.data.currency)}.
        </p>
        <DataTable
          wrap={false}
          testId="movers-table"
          cols={[dim, num('Before'), num('After'), num('Change'), num('Share of change'), 'Anomalies']}
          rows={r.data.rows}
          rowKey={(m) => m.key ?? '(none)'}
          cells={(m) => [
            m.key ?? '(none)',
            moneyPrecise(m.before, r.data?.currency ?? null),
            moneyPrecise(m.after, r.data?.currency ?? null),
            td(moneyPrecise(m.delta, r.data?.currency ?? null), { className: `num ${m.delta > 0 ? 'up' : m.delta < 0 ? 'down' : ''}` }),
            m.shareOfChange === null ? '—' : percent(m.shareOfChange),
            m.anomalies.map((a) => (
              <button key={a.id} type="button" className="link" onClick={() => goTo('forecast')} title={a.explanation} data-testid="mover-anomaly">
                {a.day} ({a.severity})
              </button>
            )),
          ]}
        />
      </div>
    )
  return (
    <Panel title={`Top movers by ${dim}`} testId="movers-panel">
      {body}
    </Panel>
  )
}

export function UnitEconomicsPanel({ period, measure, tick }: { period: { from?: string | undefined; to?: string | undefined }; measure: CostMeasure; tick: number }) {
  const r = useCall('explore-unit-economics', { ...period, costMetric: measure }, tick)
  if (r.error) return <ErrorPanel title="Could not compute unit economics" error={r.error} />
  const u = r.data
  return (
    <Panel title="Unit economics" testId="unit-economics">
      {!u ? (
        <Loading />
      ) : (
        <div className="unit-grid">
          <DataTable
            wrap={false}
            cols={['Accelerator', num('Accelerator-hours'), num('Cost per accelerator-hour')]}
            rows={u.perAcceleratorHour}
            rowKey={(x) => x.acceleratorType ?? ''}
            cells={(x) => [x.acceleratorType, integer(x.hours), x.costPerHour === null ? '—' : moneyPrecise(x.costPerHour, u.currency)]}
          />
          <DataTable
            wrap={false}
            cols={['Job / workload', 'Team', num('Cost'), num('Accelerator-hours')]}
            rows={u.perJob.slice(0, 10)}
            rowKey={(x) => `${x.job}|${x.team}`}
            cells={(x) => [x.job, x.team ?? '(untagged)', moneyPrecise(x.cost, u.currency), integer(x.gpuHours)]}
          />
          {u.perThousandRequests.length ? (
            <DataTable
              wrap={false}
              cols={['Pod', num('Requests'), num('Cost per 1k requests')]}
              rows={u.perThousandRequests.slice(0, 10)}
              rowKey={(x) => x.owner}
              cells={(x) => [x.owner, integer(x.requests), x.costPer1k === null ? '—' : moneyPrecise(x.costPer1k, u.currency)]}
            />
          ) : null}
          {u.notes.length ? <p className="hint">{u.notes.join(' ')}</p> : null}
        </div>
      )}
    </Panel>
  )
}
