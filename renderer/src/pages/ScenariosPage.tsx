import { useEffect, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { CostForecast } from '../../../shared/types'
import { EmptyState, ErrorPanel, Kpi, Loading, PageHeader, Panel } from '../components/ui'
import { daysBetweenInclusive, money } from '../format'
import { useAppStore } from '../store'
import { FleetScenariosSection } from './scenarios/FleetScenarios'
import { BacktestPanel } from './scenarios/BacktestPanel'

const MAX_HORIZON = 548

/** The same arithmetic the backend's baseline plan uses (main/plan/plans.ts): growth compounds monthly, per day. */
function projected(fc: CostForecast, growthPct: number): { mean: number; lo80: number; hi80: number } {
  const g = growthPct / 100
  let mean = 0
  let lo80 = 0
  let hi80 = 0
  fc.forecast.forEach((p, i) => {
    const f = Math.pow(1 + g, (i + 1) / 30)
    mean += p.mean * f
    lo80 += p.lo80 * f
    hi80 += p.hi80 * f
  })
  return { mean, lo80, hi80 }
}

function parseNumber(text: string): number | null {
  if (text.trim() === '') return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}

function CreatePlanForm({ growth, horizon, valid }: { growth: number; horizon: number; valid: boolean }) {
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const { op, createPlan } = useAppStore(useShallow((s) => ({ op: s.planCreateOp, createPlan: s.createPlan })))
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!name.trim() || !valid) return
    void createPlan({ name: name.trim(), description: description.trim(), growthPctPerMonth: growth, horizonDays: horizon })
  }
  return (
    <form className="form form-narrow" onSubmit={submit} data-testid="create-plan-form">
      <label className="field">
        <span className="field-label">Plan name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} placeholder="e.g. Q4 2024 GPU baseline" data-testid="plan-name" />
      </label>
      <label className="field">
        <span className="field-label">
          Description <span className="muted">(optional)</span>
        </span>
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={4000} data-testid="plan-description" />
      </label>
      {op.error ? <ErrorPanel title="Could not create the plan" error={op.error} testId="plan-create-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={op.pending || !name.trim() || !valid} data-testid="plan-create-submit">
          {op.pending ? 'Creating…' : 'Create draft plan'}
        </button>
        <span className="muted">
          Baseline, {growth} %/month growth, {horizon} days. You can review and approve it on the Plans page.
        </span>
      </div>
    </form>
  )
}

export function ScenariosPage() {
  const info = useAppStore((s) => s.info)
  const [growthText, setGrowthText] = useState('0')
  const [horizonText, setHorizonText] = useState('90')
  const growth = parseNumber(growthText)
  const horizonRaw = parseNumber(horizonText)
  const growthOk = growth !== null && growth >= -100 && growth <= 1000
  const horizonOk = horizonRaw !== null && Number.isInteger(horizonRaw) && horizonRaw >= 1 && horizonRaw <= MAX_HORIZON
  const horizon = horizonOk ? horizonRaw : 90

  // Ask for a forecast only once typing has paused.
  const [debounced, setDebounced] = useState(horizon)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(horizon), 300)
    return () => clearTimeout(t)
  }, [horizon])
  const entry = useAppStore((s) => s.forecasts[debounced])
  const loadForecast = useAppStore((s) => s.loadForecast)
  const hasData = !!info?.period
  const status = entry?.load.status ?? 'idle'
  useEffect(() => {
    if (hasData && status === 'idle') void loadForecast(debounced)
  }, [hasData, status, debounced, loadForecast])

  const currency = info?.currency ?? 'USD'
  const days = info?.period ? daysBetweenInclusive(info.period.start, info.period.end) : 0
  const runRate = days > 0 && info ? (info.totalBilledCost / days) * 30 : 0
  const proj = entry?.data && growthOk ? projected(entry.data, growth) : null

  return (
    <div className="page" data-testid="page-scenarios">
      <PageHeader title="Scenarios" subtitle="What-if views of spend. Plans are built from a scenario." />
      <Panel title="Baseline: current spend carried forward">
        <p className="explain wide">
          The baseline assumes the fleet and prices stay as they are: the observed daily cost is carried forward with the
          quick daily forecast of the Forecast page (the seasonal-naive family and the weekly profile, chosen by backtest),
          optionally scaled by a monthly growth rate. Accelerator mixes,
          purchase options, Monte Carlo simulation and the optimizer are in the fleet scenarios below.
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
                value={money(runRate, currency)}
                testId="scenario-run-rate"
                hint={`${money(info?.totalBilledCost ?? 0, currency)} over ${days} days (${info?.period?.start} – ${info?.period?.end}) ÷ ${days} × 30`}
              />
              <Kpi
                label={`Projected spend, next ${horizon} days`}
                value={proj ? money(proj.mean, currency) : entry?.load.status === 'error' ? '—' : '…'}
                hint={proj ? `80 % band ${money(proj.lo80, currency)} – ${money(proj.hi80, currency)} (conservative)` : 'computing…'}
              />
              <Kpi
                label={`Run rate after ${horizon} days`}
                value={growthOk ? money(runRate * Math.pow(1 + growth / 100, horizon / 30), currency) : '—'}
                hint={growthOk ? `Monthly run rate at ${growth} %/month growth, compounded daily` : 'Enter a valid growth rate'}
              />
            </div>
          </div>
        )}
        {entry?.load.status === 'error' && entry.load.error ? <ErrorPanel title="Could not compute the projection" error={entry.load.error} /> : null}
        {hasData && !entry?.data && entry?.load.status !== 'error' ? <Loading label="Computing projection…" /> : null}
      </Panel>
      {hasData ? (
        <Panel title="Create plan from baseline…">
          <CreatePlanForm growth={growth ?? 0} horizon={horizon} valid={growthOk && horizonOk} />
        </Panel>
      ) : null}
      <FleetScenariosSection />
      <BacktestPanel />
    </div>
  )
}
