import { useShallow } from 'zustand/react/shallow'
import type { Anomaly } from '../../../../shared/forecast-types'
import { DataTable, num } from '../../components/Table'
import { Badge, EmptyState, ErrorPanel, Loading, Panel } from '../../components/ui'
import { moneyPrecise } from '../../format'
import { useAppStore } from '../../store'
import { useLoadWhenIdle } from '../../store/use-load-when-idle'

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
        <DataTable
          className="compact"
          cols={['Charge start', 'Provider', 'Service', 'SKU', 'Team', 'Accelerator', num('BilledCost')]}
          rows={items.rows}
          rowKey={(_, i) => i}
          cells={(r) => [r.chargePeriodStart, r.provider ?? '', r.service ?? '', r.sku ?? '', r.team ?? '', r.acceleratorType ?? '', moneyPrecise(r.billedCost, 'USD')]}
        />
      )}
    </div>
  )
}

export function AnomalySection() {
  const { anomalies, load, loadAnomalies, show } = useAppStore(
    useShallow((s) => ({ anomalies: s.anomalies, load: s.anomaliesLoad, loadAnomalies: s.loadAnomalies, show: s.showLineItems })),
  )
  useLoadWhenIdle(load.status, loadAnomalies)
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
              <DataTable
                wrap={false}
                className="compact drivers"
                testId="anomaly-drivers"
                cols={['Driver', num('Actual'), num('Expected'), num('Excess'), num('Share')]}
                rows={topPerDimension(a)}
                rowKey={(d) => `${d.dimension}:${d.value}`}
                cells={(d) => [
                  <>
                    {d.dimension} <strong>{d.value}</strong>
                  </>,
                  moneyPrecise(d.actual, 'USD'),
                  moneyPrecise(d.expected, 'USD'),
                  moneyPrecise(d.excess, 'USD'),
                  `${(100 * d.share).toFixed(0)} %`,
                ]}
              />
            ) : null}
            <LineItems anomaly={a} />
          </li>
        ))}
      </ul>
    )
  return <Panel title="Anomalies">{body}</Panel>
}
