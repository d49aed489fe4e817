/** Top movers between the chosen period and the one before it, linked to anomalies; unit economics. */
import type { CostMeasure, ExploreDimension, ExploreFilters } from '../../../../shared/explore-types'
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
        <table className="table" data-testid="movers-table">
          <thead>
            <tr>
              <th>{dim}</th>
              <th className="num">Before</th>
              <th className="num">After</th>
              <th className="num">Change</th>
              <th className="num">Share of change</th>
              <th>Anomalies</th>
            </tr>
          </thead>
          <tbody>
            {r.data.rows.map((m) => (
              <tr key={m.key ?? '(none)'}>
                <td>{m.key ?? '(none)'}</td>
                <td className="num">{moneyPrecise(m.before, r.data?.currency ?? null)}</td>
                <td className="num">{moneyPrecise(m.after, r.data?.currency ?? null)}</td>
                <td className={`num ${m.delta > 0 ? 'up' : m.delta < 0 ? 'down' : ''}`}>{moneyPrecise(m.delta, r.data?.currency ?? null)}</td>
                <td className="num">{m.shareOfChange === null ? '—' : percent(m.shareOfChange)}</td>
                <td>
                  {m.anomalies.map((a) => (
                    <button key={a.id} type="button" className="link" onClick={() => goTo('forecast')} title={a.explanation} data-testid="mover-anomaly">
                      {a.day} ({a.severity})
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
          <table className="table">
            <thead>
              <tr>
                <th>Accelerator</th>
                <th className="num">Accelerator-hours</th>
                <th className="num">Cost per accelerator-hour</th>
              </tr>
            </thead>
            <tbody>
              {u.perAcceleratorHour.map((x) => (
                <tr key={x.acceleratorType ?? ''}>
                  <td>{x.acceleratorType}</td>
                  <td className="num">{integer(x.hours)}</td>
                  <td className="num">{x.costPerHour === null ? '—' : moneyPrecise(x.costPerHour, u.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="table">
            <thead>
              <tr>
                <th>Job / workload</th>
                <th>Team</th>
                <th className="num">Cost</th>
                <th className="num">Accelerator-hours</th>
              </tr>
            </thead>
            <tbody>
              {u.perJob.slice(0, 10).map((x) => (
                <tr key={`${x.job}|${x.team}`}>
                  <td>{x.job}</td>
                  <td>{x.team ?? '(untagged)'}</td>
                  <td className="num">{moneyPrecise(x.cost, u.currency)}</td>
                  <td className="num">{integer(x.gpuHours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {u.perThousandRequests.length ? (
            <table className="table">
              <thead>
                <tr>
                  <th>Pod</th>
                  <th className="num">Requests</th>
                  <th className="num">Cost per 1k requests</th>
                </tr>
              </thead>
              <tbody>
                {u.perThousandRequests.slice(0, 10).map((x) => (
                  <tr key={x.owner}>
                    <td>{x.owner}</td>
                    <td className="num">{integer(x.requests)}</td>
                    <td className="num">{x.costPer1k === null ? '—' : moneyPrecise(x.costPer1k, u.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {u.notes.length ? <p className="hint">{u.notes.join(' ')}</p> : null}
        </div>
      )}
    </Panel>
  )
}
