/**
 * Backtest of the commitment decision on the workspace's own accelerator-hours (contract: backtest-history,
 * backtest-run): the plan made on the first part of the history against the hindsight-optimal commitment and the
 * FinOps baselines, replayed on the rest. Presents what main/backtest computes; no arithmetic of its own
 * beyond summing types for the "all types" chart.
 */
import '../../styles/backtest.css'
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { BacktestResult } from '../../../../shared/backtest-types'
import { commitmentText, pricesText } from '../../../../shared/backtest-text'
import { DEFAULT_BACKTEST_OPTIONS } from '../../../../shared/backtest-types'
import { FORECAST_SPEEDS, type ForecastSpeed } from '../../../../shared/forecast-types'
import { PURCHASE_OPTIONS, type PurchaseOption } from '../../../../shared/scenario-types'
import { EChart } from '../../charts/EChart'
import { backtestOption, backtestView } from '../../charts/backtest-options'
import { DataTable, num, td } from '../../components/Table'
import { EmptyState, ErrorPanel, Kpi, Loading, Panel, ProgressBar, Options } from '../../components/ui'
import { integer, moneyWhole, percent } from '../../format'
import { useAppStore } from '../../store'

const SPEED_LABEL: Record<ForecastSpeed, string> = { fast: 'Fast', balanced: 'Balanced (default)', best: 'Best' }
const signed = (x: number | null): string => (x === null ? '—' : `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)} %`)
const dateOf = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '))

function BacktestForm({ running }: { running: boolean }) {
  const { history, catalog, run } = useAppStore(useShallow((s) => ({ history: s.backtestHistory, catalog: s.catalog, run: s.runBacktest })))
  const [split, setSplit] = useState(0.67)
  const [options, setOptions] = useState<PurchaseOption[]>(DEFAULT_BACKTEST_OPTIONS)
  const [book, setBook] = useState('')
  const [speed, setSpeed] = useState<ForecastSpeed>('balanced')
  const [map, setMap] = useState<Record<string, string>>({})
  const books = useMemo(() => [...new Set((catalog?.prices ?? []).filter((p) => p.provider !== 'onprem').map((p) => `${p.provider}/${p.region}`))].sort(), [catalog])
  const hours = history?.hours ?? 0
  const train = Math.round(hours * split)
  const splitOk = Number.isFinite(split) && split >= 0.1 && split <= 0.95 && train >= 48 && hours - train >= 24
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!splitOk || running || options.length === 0) return
    const [provider, region] = book ? book.split('/') : []
    void run({ split, options, speed, map: Object.fromEntries(Object.entries(map).filter(([, v]) => v)), ...(provider && region ? { provider, region } : {}) })
  }
  const toggle = (o: PurchaseOption) => setOptions((cur) => (cur.includes(o) ? cur.filter((x) => x !== o) : [...cur, o]))
  return (
    <form className="form" onSubmit={submit} data-testid="backtest-form">
      <DataTable
        wrap={false}
        className="bt-compact"
        testId="backtest-history"
        cols={['Accelerator type', num('Accelerator-hours'), 'Ran at', 'Priced as']}
        rows={history?.types ?? []}
        rowKey={(t) => t.type}
        cells={(t) => [
          t.type,
          integer(t.demandHours),
          td(t.seenAt ? `${t.seenAt.provider}/${t.seenAt.region}` : '—', { className: 'muted' }),
          <select aria-label={`Catalog accelerator for ${t.type}`} value={map[t.type] ?? ''} onChange={(e) => setMap({ ...map, [t.type]: e.target.value })}>
            <option value="">{t.accelerator ? `${t.accelerator} (same name)` : 'not in the catalog: left out'}</option>
            <Options values={catalog?.accelerators ?? []} value={(a) => a.id} />
          </select>,
        ]}
      />
      <div className="form-row">
        <label className="field">
          <span className="field-label">Split (share of the history to plan on)</span>
          <input
            type="number"
            min={0.1}
            max={0.95}
            step={0.01}
            value={Number.isFinite(split) ? split : ''}
            onChange={(e) => setSplit(e.target.value === '' ? NaN : Number(e.target.value))}
            aria-invalid={!splitOk}
            style={{ width: 90 }}
            data-testid="backtest-split"
          />
          <span className={splitOk ? 'bt-hint' : 'field-error'}>
            {splitOk ? `plan on ${integer(train)} h, replay ${integer(hours - train)} h` : 'From 0.1 to 0.95, leaving ≥ 48 h to plan on and ≥ 24 h to replay.'}
          </span>
        </label>
        <label className="field">
          <span className="field-label">Prices</span>
          <select value={book} onChange={(e) => setBook(e.target.value)} data-testid="backtest-book">
            <option value="">Where each type ran (else its cheapest)</option>
            <Options values={books} />
          </select>
        </label>
        <label className="field">
          <span className="field-label">Forecast speed</span>
          <select value={speed} onChange={(e) => setSpeed(e.target.value as ForecastSpeed)}>
            <Options values={FORECAST_SPEEDS} label={(s) => SPEED_LABEL[s]} />
          </select>
        </label>
      </div>
      <fieldset className="form-row bt-checks" data-testid="backtest-options">
        <legend className="field-label">Purchase options allowed</legend>
        {PURCHASE_OPTIONS.map((o) => (
          <label key={o} className="bt-check">
            <input type="checkbox" checked={options.includes(o)} onChange={() => toggle(o)} /> {o}
          </label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={running || !splitOk || options.length === 0} data-testid="backtest-run">
          Run backtest
        </button>
        <span className="muted">{options.length === 0 ? 'Allow at least one purchase option.' : 'Forecast, optimise and replay run in the background; you can keep working.'}</span>
      </div>
    </form>
  )
}

function BacktestResultView({ r }: { r: BacktestResult }) {
  const [type, setType] = useState<string | null>(r.types.length === 1 ? (r.types[0]?.type ?? null) : null)
  const view = useMemo(() => backtestView(r, type), [r, type])
  const option = useMemo(() => (view ? backtestOption(r, view) : null), [r, view])
  const rows = [
    { key: 'plan', label: 'Plan (forecast → optimizer)', cost: r.planCostUsd, unmet: r.unmetFraction, committed: r.types.reduce((s, t) => s + t.chart.planCommitted, 0), utilisation: r.utilisation },
    {
      key: 'hindsight',
      label: 'Hindsight-optimal commitment',
      cost: r.hindsightCostUsd,
      unmet: r.hindsightUnmetFraction,
      committed: r.types.reduce((s, t) => s + t.chart.hindsightCommitted, 0),
      utilisation: r.hindsightUtilisation,
    },
    ...r.baselines.map((b) => ({ key: b.name, label: b.label, cost: b.costUsd, unmet: b.unmetFraction, committed: b.committed, utilisation: b.utilisation })),
  ]
  const bestBaseline = Math.min(...r.baselines.map((b) => b.costUsd))
  return (
    <div data-testid="backtest-result">
      <p className="muted">
        {r.source}: {r.types.length} type{r.types.length === 1 ? '' : 's'}, planned on {integer(r.trainHours)} h
        {r.historyStart !== null ? ` from ${dateOf(r.historyStart)} UTC` : ''}, replayed on {integer(r.testHours)} h{r.testStart !== null ? ` from ${dateOf(r.testStart)} UTC` : ''} · forecast {r.speed} ·{' '}
        {(r.elapsedMs / 1000).toFixed(1)} s
      </p>
      <div className="kpis bt-kpis">
        <Kpi label="Plan's realised cost" value={moneyWhole(r.planCostUsd)} testId="backtest-plan-cost" hint={r.planCostUsd <= bestBaseline ? 'below every baseline' : `best baseline ${moneyWhole(bestBaseline)}`} />
        <Kpi label="Hindsight-optimal cost" value={moneyWhole(r.hindsightCostUsd)} hint="the same optimizer, given the actual demand" />
        <Kpi label="Regret" value={signed(r.regret)} testId="backtest-regret" hint="plan cost ÷ hindsight cost − 1" />
        <Kpi label="Unmet demand" value={percent(r.unmetFraction, 2)} testId="backtest-unmet" hint={`of ${integer(r.demandHours)} accelerator-hours`} />
        <Kpi
          label="Forecast coverage (test period)"
          value={`${r.coverage95 === null ? '—' : percent(r.coverage95)}`}
          testId="backtest-coverage95"
          hint={`95 % band; 80 % band: ${r.coverage80 === null ? '—' : percent(r.coverage80)}`}
        />
      </div>
      <DataTable
        wrap={false}
        testId="backtest-baselines"
        caption={<caption className="bt-caption">Realised cost on the test period, same replay for every strategy</caption>}
        cols={['Strategy', num('Accelerators committed'), num('Realised cost'), num('vs hindsight'), num('Unmet'), num('Utilisation of commitments', 'Busy committed accelerator-hours ÷ committed accelerator-hours')]}
        rows={rows}
        rowKey={(row) => row.key}
        rowProps={(row) => ({ className: row.key === 'plan' ? 'bt-row-plan' : '' })}
        cells={(row) => [
          row.label,
          integer(row.committed),
          moneyWhole(row.cost),
          r.hindsightCostUsd > 0 ? signed(row.cost / r.hindsightCostUsd - 1) : '—',
          percent(row.unmet, 2),
          row.utilisation === null ? '—' : percent(row.utilisation),
        ]}
      />
      <div className="bt-chart-head">
        <h3>Demand vs committed capacity over the test period — {view?.label}</h3>
        <label className="field bt-inline">
          <span className="field-label">Type</span>
          <select value={type ?? ''} onChange={(e) => setType(e.target.value || null)} data-testid="backtest-chart-type">
            {r.types.length > 1 ? <option value="">All types (sum)</option> : null}
            <Options values={r.types} value={(t) => t.type} />
          </select>
        </label>
      </div>
      {option ? <EChart option={option} height={320} label={`Demand against committed capacity over the test period, ${view?.label ?? ''}`} testId="backtest-chart" /> : null}
      <DataTable
        wrap={false}
        className="bt-compact"
        testId="backtest-types"
        cols={['Type', 'Priced as', 'Plan commits', 'Hindsight commits', num('Plan cost'), num('Hindsight cost'), num('Regret'), num('Utilisation'), num('Coverage 80 / 95'), 'Forecast']}
        rows={r.types}
        rowKey={(t) => t.type}
        cells={(t) => [
          t.type,
          td(
            <>
              {t.accelerator} · {t.prices.provider}/{t.prices.region}
              <br />
              {pricesText(t.prices)} per h
            </>,
            { className: 'cell-sub', title: [t.prices.onDemand?.source, t.prices.spot?.source, ...t.prices.committed.map((c) => c.source)].filter(Boolean).join('\n') },
          ),
          commitmentText(t.plan.commitment),
          commitmentText(t.hindsight.commitment),
          moneyWhole(t.plan.costUsd),
          moneyWhole(t.hindsight.costUsd),
          signed(t.regret),
          t.plan.utilisation === null ? '—' : percent(t.plan.utilisation),
          `${t.coverage80 === null ? '—' : percent(t.coverage80, 0)} / ${t.coverage95 === null ? '—' : percent(t.coverage95, 0)}`,
          td(
            <>
              {t.forecast.model}
              {t.fractile ? ` · ${t.fractile.option} pays off above P = ${t.fractile.ratio.toFixed(2)}` : ''}
            </>,
            { className: 'cell-sub', title: t.forecast.detail },
          ),
        ]}
      />
      {r.notes.length ? (
        <ul className="bt-notes" data-testid="backtest-notes">
          {r.notes.map((n) => (
            <li key={n} className="muted">
              {n}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

export function BacktestPanel() {
  const { history, load, job, error, result, loadHistory, loadCatalog, catalogLoad, cancel } = useAppStore(useShallow((s) => ({ history: s.backtestHistory, load: s.backtestHistoryLoad, job: s.backtestJob, error: s.backtestError, result: s.backtestResult, loadHistory: s.loadBacktestHistory, loadCatalog: s.loadCatalog, catalogLoad: s.catalogLoad, cancel: s.cancelBacktest })))
  useEffect(() => {
    if (load.status === 'idle') void loadHistory()
    if (catalogLoad.status === 'idle') void loadCatalog()
  }, [load.status, loadHistory, catalogLoad.status, loadCatalog])
  const empty = history && history.types.length === 0
  return (
    <Panel title="Backtest: what would following the plan have cost?" testId="backtest-panel">
      <p className="explain wide">
        Plans commitments on the first part of your accelerator-hours history with what was known then — each type&apos;s forecast and
        the optimizer choosing how many accelerators to reserve or buy per purchase option — then replays the rest of the history hour
        by hour: commitments are paid whether used or not, on-demand and spot absorb the rest. The same optimizer given the actual demand
        is the hindsight-optimal answer; the regret is how much more the plan cost. The command line does the same on any CSV:{' '}
        <code>fleetplan backtest --demand FILE.csv</code>.
      </p>
      {load.status === 'error' && load.error ? <ErrorPanel title="Could not read the accelerator-hours history" error={load.error} /> : null}
      {!history && load.status !== 'error' ? <Loading label="Reading the accelerator-hours history…" /> : null}
      {empty ? (
        <EmptyState title="No accelerator-hours to backtest yet" testId="backtest-empty">
          <p>Import GPU telemetry (DCGM utilisation) or billing with accelerator instances on the Data page; the backtest needs at least three days of hourly history.</p>
        </EmptyState>
      ) : null}
      {history && !empty ? (
        <>
          <p className="muted" data-testid="backtest-history-summary">
            {integer(history.hours)} hours of hourly demand from {history.source}
            {history.start !== null ? `, from ${dateOf(history.start)} UTC` : ''}.
          </p>
          <BacktestForm running={!!job} />
        </>
      ) : null}
      {job ? (
        <div className="form-row" data-testid="backtest-progress">
          <div style={{ flex: 1 }}>
            <ProgressBar label={job.step} current={job.current} total={job.total} />
          </div>
          <button type="button" className="btn btn-small" onClick={() => void cancel()} disabled={!job.jobId} data-testid="backtest-cancel">
            Cancel
          </button>
        </div>
      ) : null}
      {error ? <ErrorPanel title={error.code === 'cancelled' ? 'Backtest cancelled' : 'The backtest could not run'} error={error} tone={error.code === 'cancelled' ? 'neutral' : 'error'} testId="backtest-error" /> : null}
      {result ? <BacktestResultView key={`${result.source}-${result.elapsedMs}`} r={result} /> : null}
    </Panel>
  )
}
