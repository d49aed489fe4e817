import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Anomaly } from '../../../../shared/forecast-types'
import { Badge, EmptyState, ErrorPanel, Loading, Panel } from '../../components/ui'
import { moneyPrecise } from '../../format'
import { useAppStore } from '../../store'

const TONE = { high: 'warning', medium: 'info', low: 'neutral' } as const

/** The two largest drivers of each dimension (team, service, SKU, accelerator, provider), dimension order kept. */
function topPerDimension(a: Anomaly): Anomaly['drivers'] {
  const seen = new Map<string, number>()
  return a.drivers.filter((d) => {
    const n = seen.get(d.dimension) ?? 0
    seen.set(d.dimension, n + 1)
    return n < 2
  })
}

function LineItems({ anomaly }: { anomaly: Anomaly }) {
  const { items, close } = useAppStore(useShallow((s) => ({ items: s.lineItems, close: s.showLineItems })))
  if (!items || items.anomalyId !== anomaly.id) return null
  return (
    <div className="line-items" data-testid="anomaly-line-items">
      <div className="line-items-head">
        <strong>
          Line items on {anomaly.at} ({items.total} in {anomaly.label})
        </strong>
        <button type="button" className="btn btn-small" onClick={() => void close(null)}>
          Close
        </button>
      </div>
      {items.load.status === 'error' && items.load.error ? (
        <ErrorPanel title="Could not load the line items" error={items.load.error} />
      ) : items.load.status !== 'ready' ? (
        <Loading label="Loading line items…" />
      ) : (
        <div className="table-wrap">
          <table className="table compact">
            <thead>
              <tr>
                <th>Charge start</th>
                <th>Provider</th>
                <th>Service</th>
                <th>SKU</th>
                <th>Team</th>
                <th>Accelerator</th>
                <th className="num">BilledCost</th>
              </tr>
            </thead>
            <tbody>
              {items.rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.chargePeriodStart}</td>
                  <td>{r.provider ?? ''}</td>
                  <td>{r.service ?? ''}</td>
                  <td>{r.sku ?? ''}</td>
                  <td>{r.team ?? ''}</td>
                  <td>{r.acceleratorType ?? ''}</td>
                  <td className="num">{moneyPrecise(r.billedCost, 'USD')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

export function AnomalySection() {
  const { anomalies, load, loadAnomalies, show } = useAppStore(
    useShallow((s) => ({ anomalies: s.anomalies, load: s.anomaliesLoad, loadAnomalies: s.loadAnomalies, show: s.showLineItems })),
  )
  useEffect(() => {
    if (load.status === 'idle') void loadAnomalies()
  }, [load.status, loadAnomalies])
  let body
  if (load.status === 'error' && load.error) body = <ErrorPanel title="Could not load anomalies" error={load.error} />
  else if (load.status !== 'ready') body = <Loading label="Loading anomalies…" />
  else if (anomalies.length === 0)
    body = (
      <EmptyState title="No anomalies" testId="anomalies-empty">
        <p>Imports are checked against the forecast band; spikes above the dollar floor and GPU pools whose utilisation collapses show up here.</p>
      </EmptyState>
    )
  else
    body = (
      <ul className="anomaly-list" data-testid="anomaly-list">
        {anomalies.map((a) => (
          <li key={a.id} className="anomaly" data-testid="anomaly-item">
            <div className="anomaly-head">
              <Badge tone={TONE[a.severity]}>{a.severity}</Badge> <strong>{a.at}</strong> {a.label}
              {a.kind === 'cost' ? (
                <button type="button" className="btn btn-small" onClick={() => void show(a.id)} data-testid="anomaly-show-lines">
                  Line items
                </button>
              ) : null}
            </div>
            <p className="explain">{a.explanation}</p>
            {a.drivers.length ? (
              <table className="table compact drivers" data-testid="anomaly-drivers">
                <thead>
                  <tr>
                    <th>Driver</th>
                    <th className="num">Actual</th>
                    <th className="num">Expected</th>
                    <th className="num">Excess</th>
                    <th className="num">Share</th>
                  </tr>
                </thead>
                <tbody>
                  {topPerDimension(a).map((d) => (
                    <tr key={`${d.dimension}:${d.value}`}>
                      <td>
                        {d.dimension} <strong>{d.value}</strong>
                      </td>
                      <td className="num">{moneyPrecise(d.actual, 'USD')}</td>
                      <td className="num">{moneyPrecise(d.expected, 'USD')}</td>
                      <td className="num">{moneyPrecise(d.excess, 'USD')}</td>
                      <td className="num">{(100 * d.share).toFixed(0)} %</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <LineItems anomaly={a} />
          </li>
        ))}
      </ul>
    )
  return <Panel title="Anomalies">{body}</Panel>
}
