import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ReconcileDifference, Reconciliation } from '../../../shared/reconcile-types'
import { DataTable, num } from '../components/Table'
import { Badge, EmptyState, ErrorPanel, Kpi, Page, Panel, ProgressBar } from '../components/ui'
import { integer, money } from '../format'
import { useAppStore } from '../store'

const signed = (x: number, currency: string): string => `${x >= 0 ? '+' : '−'}${money(Math.abs(x), currency)}`
const pctOf = (x: number, of: number): string => (of > 0 ? `${x >= of ? '+' : '−'}${(Math.abs((x - of) / of) * 100).toFixed(1)} %` : '')

/** The four figures as bars on one scale, so the eye sees at once which agree. */
function FigureBars({ r }: { r: Reconciliation }) {
  const rows: { label: string; usd: number | null; testId: string; tone: string }[] = [
    { label: 'Billed, all services', usd: r.billedUsd, testId: 'bar-billed', tone: 'bar-billed' },
    { label: 'Billed, accelerators', usd: r.billedAcceleratorUsd, testId: 'bar-billed-acc', tone: 'bar-acc' },
    { label: 'Baseline fleet, simulated', usd: r.simulatedUsd, testId: 'bar-simulated', tone: 'bar-sim' },
    r.forecastUsd !== null
      ? { label: 'Forecast of the period', usd: r.forecastUsd, testId: 'bar-forecast', tone: 'bar-fc' }
      : { label: `Forecast, next ${r.nextMonth?.days ?? 30} days`, usd: r.nextMonth?.forecastUsd ?? null, testId: 'bar-next-month', tone: 'bar-fc' },
  ]
  const max = Math.max(1, ...rows.map((x) => x.usd ?? 0))
  return (
    <ul className="figure-bars" aria-label="The figures on one scale">
      {rows.map((x) => (
        <li key={x.label} data-testid={x.testId}>
          <span className="figure-bar-label">{x.label}</span>
          <span className="figure-bar-track">
            <span className={`figure-bar-fill ${x.tone}`} style={{ width: `${x.usd === null ? 0 : Math.max(0.5, (100 * x.usd) / max)}%` }} />
          </span>
          <span className="figure-bar-value num">{x.usd === null ? '—' : money(x.usd, r.currency)}</span>
        </li>
      ))}
    </ul>
  )
}

/** From the billed accelerator spend to one other figure, one named and priced step per line. */
function Steps({ r, towards, title, to }: { r: Reconciliation; towards: ReconcileDifference['towards']; title: string; to: number | null }) {
  const steps = r.differences.filter((d) => d.towards === towards)
  if (steps.length === 0 || to === null) return null
  return (
    <Panel title={title} testId={`reconcile-steps-${towards}`}>
      <table className="table compact steps-table">
        <tbody>
          <tr className="step-start">
            <td className="num">{money(r.billedAcceleratorUsd, r.currency)}</td>
            <td>Billed accelerator spend in {r.period.label}</td>
          </tr>
          {steps.map((d, i) => (
            <tr key={i} data-testid="reconcile-step" data-towards={d.towards} data-key={d.key} data-usd={d.usd}>
              <td className={`num ${d.usd >= 0 ? 'step-up' : 'step-down'}`}>{signed(d.usd, r.currency)}</td>
              <td>{d.reason}</td>
            </tr>
          ))}
          <tr className="step-end">
            <td className="num" data-testid={`reconcile-steps-${towards}-total`}>
              {money(to, r.currency)}
            </td>
            <td>= {title.toLowerCase()}</td>
          </tr>
        </tbody>
      </table>
    </Panel>
  )
}

function Verdict({ r }: { r: Reconciliation }) {
  if (r.simulatedUsd === null) return <p className="verdict verdict-neutral" data-testid="reconcile-verdict">{r.simulation.note}</p>
  const gap = pctOf(r.simulatedUsd, r.billedAcceleratorUsd)
  return (
    <p className={`verdict ${r.withinTolerance ? 'verdict-ok' : 'verdict-named'}`} data-testid="reconcile-verdict" data-within={String(r.withinTolerance)}>
      {r.withinTolerance
        ? `The baseline fleet replaying ${r.period.label} costs ${money(r.simulatedUsd, r.currency)}, ${gap} from the billed accelerator spend: within the ±${r.tolerancePct} % the figures are held to.`
        : `The baseline fleet replaying ${r.period.label} costs ${money(r.simulatedUsd, r.currency)}, ${gap} from the billed accelerator spend: outside ±${r.tolerancePct} %, for the reasons listed below (${r.unexplainedPct.toFixed(1)} % left unexplained).`}
    </p>
  )
}

function PoolTable({ r }: { r: Reconciliation }) {
  const pools = r.simulation.pools
  if (pools.length === 0) return null
  return (
    <Panel title="Pool by pool: billed vs simulated">
      <DataTable
        className="compact"
        testId="reconcile-pools"
        cols={['Pool', num('Accelerators'), 'Paid', num('Price /h'), num('Billed hours'), num('Billed'), num('Simulated'), num('Δ')]}
        rows={pools}
        rowKey={(p) => p.label}
        cells={(p) => [
          p.label,
          integer(p.count),
          p.perUse ? 'per hour used' : 'whole fleet, always',
          money(p.usdPerAccelHour, r.currency),
          integer(p.billedAccelHours),
          money(p.billedUsd, r.currency),
          money(p.simulatedUsd, r.currency),
          pctOf(p.simulatedUsd, p.billedUsd),
        ]}
      />
      <p className="explain">{r.simulation.note}</p>
    </Panel>
  )
}

function ReconcileContent({ r }: { r: Reconciliation }) {
  const c = r.currency
  return (
    <>
      <Panel
        title={
          <>
            {r.period.label} <span className="muted">({r.period.start} – {r.period.end}, {r.period.days} days)</span>{' '}
            {r.period.full ? null : <Badge tone="warning">not a full month</Badge>}
          </>
        }
        testId="reconcile-summary"
      >
        <div className="kpis">
          <Kpi label="Billed, all services" value={money(r.billedUsd, c)} hint="BilledCost of every line" testId="reconcile-billed" />
          <Kpi label="Billed, accelerators" value={money(r.billedAcceleratorUsd, c)} hint="Lines naming a GPU, TPU, …" testId="reconcile-billed-acc" />
          <Kpi
            label="Baseline fleet, simulated"
            value={r.simulatedUsd === null ? '—' : money(r.simulatedUsd, c)}
            hint={r.simulation.ci95 ? `95 % CI ${money(r.simulation.ci95[0], c)} – ${money(r.simulation.ci95[1], c)}` : 'No fleet to simulate'}
            testId="reconcile-simulated"
          />
          {r.forecastUsd !== null ? (
            <Kpi
              label="Forecast of the period"
              value={money(r.forecastUsd, c)}
              hint={r.forecast.lo80 !== null && r.forecast.hi80 !== null ? `80 % ${money(r.forecast.lo80, c)} – ${money(r.forecast.hi80, c)}` : undefined}
              testId="reconcile-forecast"
            />
          ) : r.nextMonth ? (
            <Kpi
              label={`Forecast, next ${r.nextMonth.days} days`}
              value={money(r.nextMonth.forecastUsd, c)}
              hint={`${r.nextMonth.start} – ${r.nextMonth.end}; 80 % ${money(r.nextMonth.lo80, c)} – ${money(r.nextMonth.hi80, c)}`}
              testId="reconcile-next-month"
            />
          ) : null}
        </div>
        <FigureBars r={r} />
        <Verdict r={r} />
        {r.forecastUsd === null ? (
          <p className="explain" data-testid="reconcile-forecast-note">
            {r.forecast.note}
          </p>
        ) : null}
      </Panel>
      <div className="reconcile-grid">
        <Steps r={r} towards="simulated" title="Simulated baseline fleet" to={r.simulatedUsd} />
        <Steps r={r} towards="forecast" title="Forecast of the period" to={r.forecastUsd} />
        <Steps r={r} towards="next-month" title={`Forecast of the next ${r.nextMonth?.days ?? 30} days`} to={r.nextMonth?.forecastUsd ?? null} />
      </div>
      <PoolTable r={r} />
      <Panel title="What each figure is">
        <dl className="definitions" data-testid="reconcile-definitions">
          <dt>Billed, all services</dt>
          <dd>{r.definitions.billedUsd}</dd>
          <dt>Billed, accelerators</dt>
          <dd>{r.definitions.billedAcceleratorUsd}</dd>
          <dt>Baseline fleet, simulated</dt>
          <dd>{r.definitions.simulatedUsd}</dd>
          <dt>Forecast of the period</dt>
          <dd>{r.definitions.forecastUsd}</dd>
          <dt>Forecast of the next month</dt>
          <dd>{r.definitions.nextMonth}</dd>
        </dl>
      </Panel>
    </>
  )
}

export function ReconcilePage() {
  const { r, load, jobId, run, cancel, hasData, goTo } = useAppStore(useShallow((s) => ({ r: s.reconcile, load: s.reconcileLoad, jobId: s.reconcileJobId, run: s.runReconcile, cancel: s.cancelReconcile, hasData: (s.info?.billingRows ?? 0) > 0, goTo: s.goTo })))
  const progress = useAppStore((s) => (jobId ? s.jobs[jobId] : undefined))
  useEffect(() => {
    if (load.status === 'idle' && hasData) void run()
  }, [load.status, hasData, run])

  let body
  if (!hasData)
    body = (
      <Panel>
        <EmptyState title="Nothing to reconcile yet" testId="reconcile-empty">
          <p>Import a billing file: Reconcile compares its last full month with the baseline fleet and the forecast.</p>
          <button type="button" className="btn btn-primary" onClick={() => goTo('data')}>
            Go to Data
          </button>
        </EmptyState>
      </Panel>
    )
  else if (load.status === 'loading')
    body = (
      <Panel testId="reconcile-running">
        <ProgressBar label={progress?.step ?? 'Starting…'} current={progress?.current ?? 0} total={progress?.total ?? 0} />
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void cancel()} disabled={!jobId} data-testid="reconcile-cancel">
          Cancel
        </button>
      </Panel>
    )
  else if (load.status === 'error' && load.error)
    body = <ErrorPanel title="Could not reconcile the figures" error={load.error} testId="reconcile-error" tone={load.error.code === 'cancelled' ? 'neutral' : 'error'} />
  else if (r) body = <ReconcileContent r={r} />

  return (
    <Page
      id="reconcile"
      title="Reconcile"
      subtitle="Do the figures agree? The last full month of the bill, the baseline fleet replaying it, and the forecast — with every difference named and priced."
      actions={
        <button type="button" className="btn" onClick={() => void run()} disabled={load.status === 'loading' || !hasData} data-testid="reconcile-run">
          Reconcile again
        </button>
      }
    >
      {body}
    </Page>
  )
}
