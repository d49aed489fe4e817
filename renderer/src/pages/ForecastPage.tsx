import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { CostForecast } from '../../../shared/types'
import { EChart } from '../charts/EChart'
import { forecastOption } from '../charts/options'
import { DataTable, num } from '../components/Table'
import { EmptyState, ErrorPanel, Facts, Kpi, Loading, Page, Panel } from '../components/ui'
import { money } from '../format'
import { useAppStore } from '../store'
import { FORECAST_HORIZONS } from '../store/forecast-slice'
import { AnomalySection } from './forecast/AnomalySection'
import { ForecastRunSection } from './forecast/ForecastRunSection'

function HorizonPicker() {
  const { horizon, setHorizon } = useAppStore(useShallow((s) => ({ horizon: s.forecastHorizon, setHorizon: s.setForecastHorizon })))
  return (
    <div className="segmented" role="radiogroup" aria-label="Forecast horizon">
      {FORECAST_HORIZONS.map((h) => (
        <button
          key={h}
          type="button"
          role="radio"
          aria-checked={horizon === h}
          className={horizon === h ? 'active' : ''}
          onClick={() => setHorizon(h)}
          data-testid={`horizon-${h}`}
        >
          {h} days
        </button>
      ))}
    </div>
  )
}

function maseVerdict(mase: number, what: string): string {
  if (mase < 1) return `better than ${what}`
  if (mase < 1.5) return `about as good as ${what}`
  return `worse than ${what} — read the bands, not the line`
}

/** What the backtest MASE means, for the two ways it is measured (rolling origins, or one held-out season). */
function maseExplain(fc: CostForecast, mase: number): string {
  const b = fc.backtest
  if (!b) {
    return `Error on the last ${fc.seasonLength} days held out, scaled by the day-to-day change in history: 1.0 equals repeating yesterday’s cost, so ${mase.toFixed(2)} is ${maseVerdict(mase, 'repeating yesterday’s cost')}.`
  }
  const vsNaive = b.seasonalNaiveMase !== null ? ` Seasonal naive alone scored ${b.seasonalNaiveMase.toFixed(2)}.` : ''
  return `Chosen by backtest: every candidate forecast ${b.horizon} days from ${b.origins} earlier points in the history; the error is scaled by the in-sample error of last week’s same day, so ${mase.toFixed(2)} is ${maseVerdict(mase, 'repeating last week')}.${vsNaive} Forecasts of other series (per team, per accelerator): Forecast runs below.`
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${Math.round(100 * x)} %`)

/** Each band's measured coverage on the backtest, with how many points it was measured on. */
function Coverage({ fc }: { fc: CostForecast }) {
  if (fc.coverage.length === 0) return <p className="explain">No backtest: the bands could not be checked against held-out days.</p>
  return (
    <Facts items={fc.coverage.map((c) => ({ label: `${c.level} % band held`, value: `${pct(c.coverage)} of ${c.n} days`, className: 'num', testId: `forecast-coverage-${c.level}` }))} />
  )
}

function HorizonTotal({ fc, currency }: { fc: CostForecast; currency: string }) {
  const t = fc.total
  if (!t) return null
  return (
    <Panel title={`Forecast total, next ${t.days} days`}>
      <Kpi label={`${t.start} – ${t.end}`} value={<span data-testid="forecast-total">{money(t.mean, currency)}</span>} hint="Expected BilledCost over the horizon (sum of the daily mean)." />
      <Facts
        items={[
          { label: '80 % range', value: `${money(t.lo80, currency)} – ${money(t.hi80, currency)}`, className: 'num', testId: 'forecast-total-80' },
          { label: '95 % range', value: `${money(t.lo95, currency)} – ${money(t.hi95, currency)}`, className: 'num', testId: 'forecast-total-95' },
        ]}
      />
    </Panel>
  )
}

/** The forecast days as numbers, for people who would rather read than hover (and for checking the bands). */
function DailyTable({ fc, currency }: { fc: CostForecast; currency: string }) {
  return (
    <details className="daily-figures" data-testid="forecast-daily">
      <summary>Daily figures ({fc.forecast.length} days)</summary>
      <DataTable
        className="compact"
        cols={['Day', num('95 % low'), num('80 % low'), num('Mean'), num('80 % high'), num('95 % high')]}
        rows={fc.forecast}
        rowKey={(p) => p.date}
        rowProps={(p) => ({ 'data-testid': 'forecast-day', 'data-lo95': String(p.lo95), 'data-lo80': String(p.lo80), 'data-mean': String(p.mean), 'data-hi80': String(p.hi80), 'data-hi95': String(p.hi95) })}
        cells={(p) => [p.date, money(p.lo95, currency), money(p.lo80, currency), money(p.mean, currency), money(p.hi80, currency), money(p.hi95, currency)]}
      />
    </details>
  )
}

function ForecastContent({ fc, currency }: { fc: CostForecast; currency: string }) {
  const option = useMemo(() => forecastOption(fc, currency), [fc, currency])
  return (
    <div className="forecast-layout">
      <div>
        <Panel title={`Daily BilledCost: history and ${fc.forecast.length}-day forecast`} className="chart-panel">
          <EChart option={option} height={380} label="Line chart of daily cost history, forecast mean and 80 % and 95 % intervals" testId="chart-forecast" />
          <p className="explain" data-testid="forecast-includes">
            Includes: {fc.includes}.
          </p>
          <DailyTable fc={fc} currency={currency} />
        </Panel>
      </div>
      <aside className="forecast-side">
        <HorizonTotal fc={fc} currency={currency} />
        <Panel title="Model">
          <dl className="facts">
            <div>
              <dt>Model</dt>
              <dd data-testid="forecast-model">{fc.model}</dd>
            </div>
            {fc.speed ? (
              <div>
                <dt>Chosen from</dt>
                <dd>{fc.speed} preset</dd>
              </div>
            ) : null}
            <div>
              <dt>Backtest MASE</dt>
              <dd className="num" data-testid="forecast-mase">
                {fc.backtestMase === null ? 'n/a' : fc.backtestMase.toFixed(2)}
              </dd>
            </div>
          </dl>
          <Coverage fc={fc} />
          <p className="explain">
            {fc.backtestMase === null
              ? 'Too little history to hold out a season for a backtest.'
              : maseExplain(fc, fc.backtestMase)}{' '}
            “Band held” is how often the actual day fell inside the band on those backtests; the plans and Reconcile use this same forecast.
          </p>
          {fc.note ? (
            <p className="note" data-testid="forecast-note">
              {fc.note}
            </p>
          ) : null}
        </Panel>
      </aside>
    </div>
  )
}

export function ForecastPage() {
  const horizon = useAppStore((s) => s.forecastHorizon)
  const entry = useAppStore((s) => s.forecasts[horizon])
  const currency = useAppStore((s) => s.info?.currency ?? 'USD')
  const loadForecast = useAppStore((s) => s.loadForecast)
  const goTo = useAppStore((s) => s.goTo)
  const status = entry?.load.status ?? 'idle'
  useEffect(() => {
    if (status === 'idle') void loadForecast(horizon)
  }, [status, horizon, loadForecast])

  let body
  if (entry?.load.status === 'error' && entry.load.error) body = <ErrorPanel title="Could not compute the forecast" error={entry.load.error} />
  else if (!entry?.data) body = <Loading label="Computing forecast…" />
  else if (entry.data.history.length === 0)
    body = (
      <Panel>
        <EmptyState title="Nothing to forecast yet" testId="forecast-empty">
          <p>{entry.data.note ?? 'Import a billing file first: the forecast needs daily cost history.'}</p>
          <button type="button" className="btn btn-primary" onClick={() => goTo('data')}>
            Go to Data
          </button>
        </EmptyState>
      </Panel>
    )
  else body = <ForecastContent fc={entry.data} currency={currency} />

  return (
    <Page
      id="forecast"
      title="Forecast"
      subtitle="Daily billed cost carried forward with honest uncertainty: shaded bands hold the actual value 80 % and 95 % of the time if the model is right."
      actions={<HorizonPicker />}
    >
      {body}
      {entry?.data && entry.data.history.length > 0 ? (
        <>
          <ForecastRunSection />
          <AnomalySection />
        </>
      ) : null}
    </Page>
  )
}
