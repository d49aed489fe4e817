import '../../styles/forecast-run.css'
import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { FORECAST_SPEEDS, FORECAST_TARGETS, type ForecastSeriesResult, type ForecastSpeed, type ForecastTarget } from '../../../../shared/forecast-types'
import { EChart } from '../../charts/EChart'
import { fanChartOption } from '../../charts/fan-chart'
import { DataTable, num } from '../../components/Table'
import { EmptyState, ErrorPanel, Loading, Panel, ProgressBar, Options } from '../../components/ui'
import { useAppStore } from '../../store'
import { RUN_HORIZONS } from '../../store/forecast-run-slice'
import { useLoadWhenIdle } from '../../store/use-load-when-idle'

const TARGET_LABEL: Record<ForecastTarget, string> = {
  'cost-total': 'Total cost',
  'cost-provider': 'Cost per provider',
  'cost-service': 'Cost per service',
  'cost-team': 'Cost per team',
  'gpu-hours-pool': 'GPU-hours per pool',
  'gpu-hours-team': 'GPU-hours per team',
  'gpu-hours-model-type': 'GPU-hours per model type',
}

const MODEL_LABEL: Record<string, string> = {
  snaive: 'Seasonal naive',
  naive2: 'Naive2',
  swa: 'Seasonal window median',
  'snaive-long': 'Seasonal naive (longest season)',
  sprofile: 'Seasonal profile + level',
  ets: 'AutoETS',
  theta: 'Theta',
  dotm: 'Dynamic optimised Theta',
  arima: 'AutoARIMA',
  mstl: 'MSTL',
  global: 'Global MLP (N-BEATS-style)',
  ensemble: 'Ensemble',
}

const SPEED_LABEL: Record<ForecastSpeed, string> = {
  fast: 'Fast — seasonal naive variants + profile',
  balanced: 'Balanced — + ARIMA, MSTL, global net',
  best: 'Best — every model, fresh fits',
}

const horizonLabel = (d: number): string => (d >= 365 ? `${Math.round(d / 30.4)} months` : `${d} days`)

function RunControls() {
  const s = useAppStore(useShallow((st) => ({ targets: st.runTargets, horizon: st.runHorizon, run: st.forecastRun, toggle: st.toggleRunTarget, setHorizon: st.setRunHorizon, speed: st.runSpeed, setSpeed: st.setRunSpeed, start: st.startForecastRun, cancel: st.cancelForecastRun })))
  const running = s.run.status === 'running'
  return (
    <div className="forecast-run-controls" data-testid="forecast-run-controls">
      <fieldset className="target-picker" disabled={running}>
        <legend>Targets</legend>
        {FORECAST_TARGETS.map((t) => (
          <label key={t} className="check">
            <input type="checkbox" checked={s.targets.includes(t)} onChange={() => s.toggle(t)} data-testid={`run-target-${t}`} /> {TARGET_LABEL[t]}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Horizon{' '}
        <select value={s.horizon} onChange={(e) => s.setHorizon(Number(e.target.value))} disabled={running} data-testid="run-horizon">
          <Options values={RUN_HORIZONS} label={(h) => horizonLabel(h)} />
        </select>
      </label>
      <label className="field">
        Speed{' '}
        <select value={s.speed} onChange={(e) => s.setSpeed(e.target.value as ForecastSpeed)} disabled={running} data-testid="run-speed">
          <Options values={FORECAST_SPEEDS} label={(sp) => SPEED_LABEL[sp]} />
        </select>
      </label>
      {running ? (
        <button type="button" className="btn" onClick={() => void s.cancel()} disabled={!s.run.jobId} data-testid="run-cancel">
          Cancel
        </button>
      ) : (
        <button type="button" className="btn btn-primary" onClick={() => void s.start()} disabled={s.targets.length === 0} data-testid="run-start">
          Run forecast
        </button>
      )}
      {running ? (
        <div className="run-progress" data-testid="run-progress">
          <ProgressBar label={s.run.progress?.step ?? 'Starting…'} current={s.run.progress?.current ?? 0} total={s.run.progress?.total ?? 0} />
        </div>
      ) : null}
      {s.run.status === 'cancelled' ? (
        <p className="note" data-testid="run-cancelled">
          Run cancelled: nothing was kept.
        </p>
      ) : null}
      {s.run.status === 'failed' && s.run.error ? <ErrorPanel title="The forecast run failed" error={s.run.error} /> : null}
    </div>
  )
}

const fmtCov = (c: number | null): string => (c === null ? 'n/a' : `${(100 * c).toFixed(0)} %`)

function ModelFacts({ s }: { s: ForecastSeriesResult }) {
  const chosen = s.backtest.find((b) => b.model === s.model)
  const snaive = s.backtest.find((b) => b.model === 'snaive')
  const gain = chosen && snaive && snaive.mase > 0 ? 1 - chosen.mase / snaive.mase : null
  return (
    <Panel title="Chosen model">
      <dl className="facts">
        <div>
          <dt>Model</dt>
          <dd data-testid="run-model">{MODEL_LABEL[s.model] ?? s.model}</dd>
        </div>
        <div>
          <dt>Detail</dt>
          <dd className="small">{s.detail}</dd>
        </div>
        <div>
          <dt>Backtest MASE</dt>
          <dd className="num" data-testid="run-mase">
            {chosen ? chosen.mase.toFixed(2) : 'n/a'}
          </dd>
        </div>
        <div>
          <dt>Seasonal naive MASE</dt>
          <dd className="num" data-testid="run-mase-snaive">
            {snaive ? snaive.mase.toFixed(2) : 'n/a'}
          </dd>
        </div>
        {s.coverage.map((c) => (
          <div key={c.level}>
            <dt>{c.level} % band held</dt>
            <dd className="num" data-testid={`run-coverage-${c.level}`}>
              {fmtCov(c.coverage)}
            </dd>
          </div>
        ))}
      </dl>
      <p className="explain">
        {s.origins > 0
          ? `Every model forecast ${s.backtestHorizon} days from ${s.origins} earlier points in the history; MASE is the error scaled by seasonal naive's in-sample error (lower is better).${gain !== null ? ` The chosen model's error is ${gain >= 0 ? `${(100 * gain).toFixed(0)} % lower` : `${(-100 * gain).toFixed(0)} % higher`} than seasonal naive's.` : ''} "Band held" is how often the actual value fell inside each band on those backtests.`
          : 'Too little history for a backtest: seasonal naive with model-free bands.'}
      </p>
      {s.note ? <p className="note">{s.note}</p> : null}
      <DataTable
        wrap={false}
        className="compact"
        testId="run-backtest-table"
        cols={['Model', num('MASE'), num('sMAPE %')]}
        rows={s.backtest}
        rowKey={(b) => b.model}
        rowProps={(b) => ({ className: b.model === s.model ? 'selected' : '' })}
        cells={(b) => [MODEL_LABEL[b.model] ?? b.model, b.mase.toFixed(2), b.smape.toFixed(1)]}
      />
    </Panel>
  )
}

export function ForecastRunSection() {
  const { run, load, selected, select, loadLatest } = useAppStore(
    useShallow((st) => ({ run: st.currentRun, load: st.currentRunLoad, selected: st.selectedSeriesKey, select: st.selectSeries, loadLatest: st.loadLatestRun })),
  )
  useLoadWhenIdle(load.status, loadLatest)
  const series = run?.series.find((x) => x.key === selected) ?? run?.series[0] ?? null
  const option = useMemo(() => (series ? fanChartOption(series) : null), [series])
  let body
  if (load.status === 'error' && load.error) body = <ErrorPanel title="Could not load forecast runs" error={load.error} />
  else if (load.status !== 'ready' && !run) body = <Loading label="Loading forecast runs…" />
  else if (!run || !series || !option)
    body = (
      <EmptyState title="No forecast run yet" testId="run-empty">
        <p>Pick targets and a horizon, then run: every model is backtested and the best is kept per series.</p>
      </EmptyState>
    )
  else
    body = (
      <div className="forecast-layout" data-testid="run-result">
        <div>
          <div className="series-picker">
            <label className="field">
              Series{' '}
              <select value={series.key} onChange={(e) => select(e.target.value)} data-testid="run-series">
                <Options values={run.series} value={(x) => x.key} label={(x) => x.label} />
              </select>
            </label>
            <span className="small">
              Run {run.id}: {run.seriesCount} series, {horizonLabel(run.horizon)}, <span data-testid="run-speed-used">{run.speed}</span> preset
              {run.meanMase !== null && run.meanMaseSnaive !== null
                ? `, mean backtest MASE ${run.meanMase.toFixed(2)} vs seasonal naive ${run.meanMaseSnaive.toFixed(2)}`
                : ''}
            </span>
          </div>
          <EChart option={option} height={380} label={`Fan chart of ${series.label}: history, forecast mean and 50/80/95 % intervals`} testId="chart-fan" />
        </div>
        <aside className="forecast-side">
          <ModelFacts s={series} />
        </aside>
      </div>
    )
  return (
    <Panel title="Forecast runs: any series (per team, accelerator, model type), saved and compared">
      <RunControls />
      {body}
    </Panel>
  )
}
