import { Fragment, useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EmptyState, ErrorPanel, Kpi, Loading, Panel } from '../../components/ui'
import { money } from '../../format'
import { useAppStore } from '../../store'
import { CreatePlanForm } from './CreatePlanForm'

const MAX_HORIZON = 548

/** The figures shown, in order, with the definitions main/plan/baseline-totals.ts gives for them. */
const DEFINED: [key: string, label: string][] = [
  ['monthlyRunRate', 'Monthly run rate'],
  ['acceleratorMonthlyRunRate', 'Accelerators'],
  ['forecastFirstMonth', 'Forecast, first 30 days'],
  ['forecastCost', 'Projected spend'],
  ['forecastLo80', '80 % band'],
  ['monthlyRunRateAtHorizon', 'Monthly spend at the horizon'],
]

function parseNumber(text: string): number | null {
  if (text.trim() === '') return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}

/**
 * The Baseline section: current spend carried forward at a growth rate, with the figures a plan would carry
 * (plan-preview: the same computation plan-create stores), and the form that creates that plan.
 */
export function SpendBaseline() {
  const hasData = useAppStore((s) => !!s.info?.period)
  const { preview, loadPreview } = useAppStore(useShallow((s) => ({ preview: s.planPreview, loadPreview: s.loadPlanPreview })))
  const [growthText, setGrowthText] = useState('0')
  const [horizonText, setHorizonText] = useState('90')
  const growth = parseNumber(growthText)
  const horizonRaw = parseNumber(horizonText)
  const growthOk = growth !== null && growth >= -100 && growth <= 1000
  const horizonOk = horizonRaw !== null && Number.isInteger(horizonRaw) && horizonRaw >= 1 && horizonRaw <= MAX_HORIZON
  const horizon = horizonOk ? horizonRaw : 90

  // Ask once typing has paused.
  useEffect(() => {
    if (!hasData || !growthOk) return
    const t = setTimeout(() => void loadPreview(growth, horizon), 250)
    return () => clearTimeout(t)
  }, [hasData, growthOk, growth, horizon, loadPreview])

  const data = preview.data
  const current = data && preview.growth === growth && preview.horizon === horizon ? data : null
  const cur = data?.totals.currency ?? 'USD'
  const t = current?.totals
  const defs = t?.definitions ?? {}
  const win = current?.scenario.runRateWindow
  return (
    <>
      <Panel title="Baseline: current spend carried forward">
        <p className="explain wide">
          The baseline assumes the fleet and prices stay as they are: the observed daily cost is carried forward by the one cost forecast (the
          model the Forecast page chooses by backtest), optionally with extra monthly growth on top. These are the figures a plan made here
          carries, each defined below. Accelerator mixes, purchase options, simulation and the optimizer are in the next sections.
        </p>
        {!hasData ? (
          <EmptyState title="No spend to carry forward" testId="scenarios-empty">
            <p>Import a FOCUS billing file on the Data page first.</p>
          </EmptyState>
        ) : (
          <div className="scenario-grid">
            <div className="form">
              <label className="field">
                <span className="field-label">Demand growth (% per month)</span>
                <input
                  type="number"
                  inputMode="decimal"
                  step="0.5"
                  min={-100}
                  max={1000}
                  value={growthText}
                  onChange={(e) => setGrowthText(e.target.value)}
                  aria-invalid={!growthOk}
                  data-testid="scenario-growth"
                />
                {!growthOk ? <span className="field-error">Between −100 and 1000.</span> : null}
              </label>
              <label className="field">
                <span className="field-label">Horizon (days)</span>
                <input
                  type="number"
                  inputMode="numeric"
                  step="1"
                  min={1}
                  max={MAX_HORIZON}
                  value={horizonText}
                  onChange={(e) => setHorizonText(e.target.value)}
                  aria-invalid={!horizonOk}
                  data-testid="scenario-horizon"
                />
                {!horizonOk ? <span className="field-error">A whole number of days from 1 to {MAX_HORIZON}.</span> : null}
              </label>
            </div>
            <div className="kpis kpis-2" data-testid="scenario-preview">
              <Kpi
                label={`Monthly run rate, last ${win?.days ?? 30} days`}
                value={t ? money(t.monthlyRunRate, cur) : '…'}
                testId="scenario-run-rate"
                hint={t && win ? `${win.start} – ${win.end}, all services${t.acceleratorMonthlyRunRate !== undefined ? `; accelerators ${money(t.acceleratorMonthlyRunRate, cur)}` : ''}` : 'computing…'}
              />
              <Kpi
                label="Forecast, first 30 days"
                value={t?.forecastFirstMonth !== undefined ? money(t.forecastFirstMonth, cur) : '…'}
                hint={current ? `From the recent level: ${current.scenario.forecastModel ?? 'the cost forecast'}` : 'computing…'}
                testId="scenario-first-month"
              />
              <Kpi
                label={`Projected spend, next ${horizon} days`}
                value={t ? money(t.forecastCost, cur) : preview.load.status === 'error' ? '—' : '…'}
                hint={t ? `80 % band ${money(t.forecastLo80, cur)} – ${money(t.forecastHi80, cur)}${t.forecastLo95 !== undefined && t.forecastHi95 !== undefined ? `; 95 % ${money(t.forecastLo95, cur)} – ${money(t.forecastHi95, cur)}` : ''}` : 'computing…'}
                testId="scenario-projected"
              />
              <Kpi
                label={`Monthly spend after ${horizon} days`}
                value={!growthOk ? '—' : t?.monthlyRunRateAtHorizon !== undefined ? money(t.monthlyRunRateAtHorizon, cur) : '…'}
                hint={growthOk ? `The forecast's last 30 days${growth !== 0 ? `, with ${growth} %/month extra growth` : ''}` : 'Enter a valid growth rate'}
                testId="scenario-run-rate-after"
              />
            </div>
          </div>
        )}
        {t ? (
          <dl className="definitions baseline-definitions" data-testid="scenario-definitions">
            {DEFINED.map(([key, label]) =>
              defs[key] ? (
                <Fragment key={key}>
                  <dt>{label}</dt>
                  <dd>{defs[key]}</dd>
                </Fragment>
              ) : null,
            )}
          </dl>
        ) : null}
        {preview.load.status === 'error' && preview.load.error ? <ErrorPanel title="Could not compute the projection" error={preview.load.error} /> : null}
        {hasData && !data && preview.load.status !== 'error' ? <Loading label="Computing projection…" /> : null}
      </Panel>
      {hasData ? (
        <Panel title="Create plan from baseline…">
          <CreatePlanForm growth={growth ?? 0} horizon={horizon} valid={growthOk && horizonOk} />
        </Panel>
      ) : null}
    </>
  )
}
