import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EmptyState, ErrorPanel, Kpi, Loading, Panel } from '../../components/ui'
import { money } from '../../format'
import { useAppStore } from '../../store'
import { CreatePlanForm } from './CreatePlanForm'

const MAX_HORIZON = 548

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
  return (
    <>
      <Panel title="Baseline: current spend carried forward">
        <p className="explain wide">
          The baseline assumes the fleet and prices stay as they are: the observed daily cost is carried forward with the quick daily forecast of
          the Forecast page (the seasonal-naive family and the weekly profile, chosen by backtest), optionally scaled by a monthly growth rate.
          These are the totals a plan made here carries. Accelerator mixes, purchase options, simulation and the optimizer are in the next
          sections.
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
            <div className="kpis kpis-3" data-testid="scenario-preview">
              <Kpi
                label="Monthly run rate"
                value={data ? money(data.totals.monthlyRunRate, cur) : '…'}
                testId="scenario-run-rate"
                hint={data ? `${money(data.totals.basisCost, cur)} over ${data.scenario.basis.days} days (${data.scenario.basis.start} – ${data.scenario.basis.end}) ÷ ${data.scenario.basis.days} × 30` : 'computing…'}
              />
              <Kpi
                label={`Projected spend, next ${horizon} days`}
                value={current ? money(current.totals.forecastCost, cur) : preview.load.status === 'error' ? '—' : '…'}
                hint={current ? `80 % band ${money(current.totals.forecastLo80, cur)} – ${money(current.totals.forecastHi80, cur)} (conservative)` : 'computing…'}
                testId="scenario-projected"
              />
              <Kpi
                label={`Run rate after ${horizon} days`}
                value={!growthOk ? '—' : current ? money(current.runRateAtHorizon, cur) : '…'}
                hint={growthOk ? `Monthly run rate at ${growth} %/month growth, compounded daily` : 'Enter a valid growth rate'}
                testId="scenario-run-rate-after"
              />
            </div>
          </div>
        )}
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
