/**
 * Fleet scenarios on the Scenarios page: the baseline derived from billing, variants edited as a mix table,
 * Monte Carlo runs with progress/cancel, side-by-side comparison with confidence intervals, the optimizer with its
 * Pareto front (click a point → a new scenario), and the catalog with the user's overrides marked.
 */
import { useEffect, useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type {
  Catalog,
  DemandStream,
  FleetPool,
  KpiName,
  OptimizeProblem,
  OverrideKind,
  PurchaseOption,
  Scenario,
  SimulationRunSummary,
  WorkloadClass,
} from '../../../../shared/scenario-types'
import { QUEUE_POLICIES, WORKLOAD_CLASSES } from '../../../../shared/scenario-types'
import { EChart } from '../../charts/EChart'
import { kpiCompareOption, paretoOption, weeklyUtilOption } from '../../charts/scenario-options'
import { Badge, EmptyState, ErrorPanel, Loading, Panel, ProgressBar } from '../../components/ui'
import { useAppStore } from '../../store'
import { CreatePlanFromScenario, PlanFromCompared } from '../plans/CreatePlanFromScenario'

const n1 = (x: number, d = 1): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
const usd = (x: number): string => `$${Math.round(x).toLocaleString('en-US')}`
const key = (p: { accelerator: string; provider: string; region: string; option: string }): string => `${p.accelerator}|${p.provider}|${p.region}|${p.option}`

function numberInput(value: number, onChange: (v: number) => void, opts: { min?: number; max?: number; step?: number; testId?: string; label: string; width?: number }) {
  return (
    <input
      type="number"
      aria-label={opts.label}
      value={Number.isFinite(value) ? value : ''}
      min={opts.min}
      max={opts.max}
      step={opts.step ?? 1}
      style={{ width: opts.width ?? 90 }}
      onChange={(e) => onChange(e.target.value === '' ? NaN : Number(e.target.value))}
      data-testid={opts.testId}
    />
  )
}

// ---------------------------------------------------------------------------------------------------------------

function ScenarioList() {
  const { scenarios, load, draft, compareIds, op } = useAppStore(
    useShallow((s) => ({ scenarios: s.scenarios, load: s.scenariosLoad, draft: s.draft, compareIds: s.compareIds, op: s.scenarioOp })),
  )
  const { openScenario, deriveBaseline, toggleCompare, deleteScenario } = useAppStore(
    useShallow((s) => ({ openScenario: s.openScenario, deriveBaseline: s.deriveBaseline, toggleCompare: s.toggleCompare, deleteScenario: s.deleteScenario })),
  )
  const hasBaseline = scenarios.some((s) => s.basis === 'baseline')
  return (
    <Panel
      title="Fleet scenarios"
      testId="fleet-scenarios"
      actions={
        <button type="button" className="btn btn-small" onClick={() => void deriveBaseline()} disabled={op.pending} data-testid="derive-baseline">
          {hasBaseline ? 'Re-derive baseline from billing' : 'Derive baseline from billing'}
        </button>
      }
    >
      <p className="explain wide">
        A scenario is a fleet mix (type × count × region × purchase option), demand per team and workload class (H100-equivalent busy
        accelerators, with growth), a queueing policy and prices. The baseline is the current fleet read from imported billing.
      </p>
      {op.error ? <ErrorPanel title="Could not derive or save the scenario" error={op.error} testId="scenario-op-error" /> : null}
      {load.status === 'loading' && scenarios.length === 0 ? <Loading /> : null}
      {scenarios.length === 0 && load.status !== 'loading' ? (
        <EmptyState title="No fleet scenarios yet" testId="fleet-scenarios-empty">
          <p>Derive the baseline from billing, or open the optimizer below and turn one of its answers into a scenario.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table-select" data-testid="scenario-list">
            <thead>
              <tr>
                <th>Compare</th>
                <th>Scenario</th>
                <th>Kind</th>
                <th className="num">Accelerators</th>
                <th className="num">Last run: cost</th>
                <th className="num">p95 wait</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {scenarios.map((s) => (
                <tr key={s.id} aria-selected={draft?.id === s.id} onClick={() => void openScenario(s.id)} data-testid="scenario-row">
                  <td onClick={(e) => e.stopPropagation()}>
                    <input type="checkbox" aria-label={`Compare ${s.name}`} checked={compareIds.includes(s.id)} disabled={!s.lastRun} onChange={() => toggleCompare(s.id)} data-testid="compare-toggle" />
                  </td>
                  <td>{s.name}</td>
                  <td>
                    <Badge tone={s.basis === 'baseline' ? 'info' : s.basis === 'optimizer' ? 'success' : 'neutral'}>{s.basis}</Badge>
                  </td>
                  <td className="num">{s.accelerators.toLocaleString('en-US')}</td>
                  <td className="num">{s.lastRun ? usd(s.lastRun.costUsd) : '—'}</td>
                  <td className="num">{s.lastRun ? `${n1(s.lastRun.waitP95Hours)} h` : '—'}</td>
                  <td className="cell-actions" onClick={(e) => e.stopPropagation()}>
                    <button type="button" className="btn btn-ghost btn-small" onClick={() => void deleteScenario(s.id)} aria-label={`Delete ${s.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}

// ---------------------------------------------------------------------------------------------------------------

function pricedPools(cat: Catalog): { accelerator: string; provider: string; region: string; option: PurchaseOption; price: number }[] {
  return cat.prices.map((p) => ({ accelerator: p.accelerator, provider: p.provider, region: p.region, option: p.option, price: p.usdPerAccelHour }))
}

function FleetTable({ draft, cat, edit }: { draft: Scenario; cat: Catalog; edit: (s: Scenario) => void }) {
  const pools = useMemo(() => pricedPools(cat), [cat])
  const setPool = (i: number, p: FleetPool): void => edit({ ...draft, fleet: draft.fleet.map((f, j) => (j === i ? p : f)) })
  const placeOptions = (acc: string): string[] => [...new Set(pools.filter((p) => p.accelerator === acc).map((p) => `${p.provider}|${p.region}|${p.option}`))]
  const priceOf = (f: FleetPool): string => {
    const own = draft.priceOverrides?.[key(f)]
    if (own !== undefined) return `$${n1(own, 3)} (observed)`
    const p = pools.find((x) => key(x) === key(f))
    return p ? `$${n1(p.price, 3)}` : 'no price'
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="mix-table">
        <thead>
          <tr>
            <th>Accelerator</th>
            <th>Provider / region / purchase option</th>
            <th className="num">Count</th>
            <th className="num">$/accelerator-hour</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.fleet.map((f, i) => {
            const places = placeOptions(f.accelerator)
            const here = `${f.provider}|${f.region}|${f.option}`
            return (
              <tr key={i} data-testid="mix-row">
                <td>
                  <select
                    aria-label="Accelerator"
                    value={f.accelerator}
                    onChange={(e) => {
                      const first = pools.find((p) => p.accelerator === e.target.value)
                      setPool(i, first ? { ...f, accelerator: e.target.value, provider: first.provider, region: first.region, option: first.option } : { ...f, accelerator: e.target.value })
                    }}
                    data-testid="mix-accelerator"
                  >
                    {cat.accelerators.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.id}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label="Provider, region and purchase option"
                    value={here}
                    onChange={(e) => {
                      const [provider, region, option] = e.target.value.split('|') as [string, string, PurchaseOption]
                      setPool(i, { ...f, provider, region, option })
                    }}
                    data-testid="mix-place"
                  >
                    {(places.includes(here) ? places : [here, ...places]).map((p) => (
                      <option key={p} value={p}>
                        {p.replaceAll('|', ' · ')}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="num">{numberInput(f.count, (v) => setPool(i, { ...f, count: Math.max(0, Math.round(v)) }), { min: 0, label: 'Count', testId: 'mix-count' })}</td>
                <td className="num muted">{priceOf(f)}</td>
                <td className="cell-actions">
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => edit({ ...draft, fleet: draft.fleet.filter((_, j) => j !== i) })} disabled={draft.fleet.length <= 1}>
                    Remove
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="btn btn-small"
        data-testid="mix-add"
        onClick={() => {
          const p = pools.find((x) => x.accelerator === 'H200') ?? pools[0]
          if (p) edit({ ...draft, fleet: [...draft.fleet, { accelerator: p.accelerator, provider: p.provider, region: p.region, option: p.option, count: 8 }] })
        }}
      >
        Add pool
      </button>
    </div>
  )
}

function DemandTable({ draft, edit }: { draft: Scenario; edit: (s: Scenario) => void }) {
  const setStream = (i: number, d: DemandStream): void => edit({ ...draft, demand: { ...draft.demand, streams: draft.demand.streams.map((x, j) => (j === i ? d : x)) } })
  return (
    <div className="table-wrap">
      <table className="table" data-testid="demand-table">
        <thead>
          <tr>
            <th>Team</th>
            <th>Workload class</th>
            <th className="num">Demand (H100-eq busy)</th>
            <th className="num">Growth %/month</th>
            <th className="num">Priority</th>
          </tr>
        </thead>
        <tbody>
          {draft.demand.streams.map((d, i) => (
            <tr key={i}>
              <td>
                <input aria-label="Team" value={d.team} onChange={(e) => setStream(i, { ...d, team: e.target.value })} style={{ width: 150 }} />
              </td>
              <td>
                <select aria-label="Workload class" value={d.workloadClass} onChange={(e) => setStream(i, { ...d, workloadClass: e.target.value as WorkloadClass })}>
                  {WORKLOAD_CLASSES.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </td>
              <td className="num">{numberInput(d.base, (v) => setStream(i, { ...d, base: v }), { min: 0, step: 0.5, label: 'Demand' })}</td>
              <td className="num">{numberInput(d.growthPctPerMonth, (v) => setStream(i, { ...d, growthPctPerMonth: v }), { step: 0.5, label: 'Growth' })}</td>
              <td className="num">{numberInput(d.priority ?? 0, (v) => setStream(i, { ...d, priority: Math.round(v) }), { label: 'Priority', width: 60 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ScenarioEditor() {
  const { draft, dirty, cat, op, simJob, simError } = useAppStore(
    useShallow((s) => ({ draft: s.draft, dirty: s.draftDirty, cat: s.catalog, op: s.scenarioOp, simJob: s.simJob, simError: s.simError })),
  )
  const { edit, save, newVariant, simulate, cancel, setDemandSource } = useAppStore(
    useShallow((s) => ({
      edit: s.editDraft,
      save: s.saveDraft,
      newVariant: s.newVariant,
      simulate: s.simulateDraft,
      cancel: s.cancelJob,
      setDemandSource: s.setDemandSource,
    })),
  )
  const [paths, setPaths] = useState(200)
  const [seed, setSeed] = useState(1)
  if (!draft || !cat) return null
  const valid = draft.name.trim() !== '' && draft.fleet.every((f) => Number.isInteger(f.count) && f.count >= 0) && draft.demand.streams.every((d) => d.base >= 0 && d.team.trim())
  return (
    <Panel
      title={`Edit: ${draft.name}${dirty ? ' (unsaved)' : ''}`}
      testId="scenario-editor"
      actions={
        <>
          <button type="button" className="btn btn-small" onClick={newVariant} data-testid="new-variant">
            New variant from this
          </button>
          <button type="button" className="btn btn-small btn-primary" onClick={() => void save()} disabled={!valid || op.pending} data-testid="scenario-save">
            Save
          </button>
        </>
      }
    >
      <div className="form-row">
        <label className="field">
          <span className="field-label">Name</span>
          <input value={draft.name} onChange={(e) => edit({ ...draft, name: e.target.value })} maxLength={120} style={{ width: 320 }} data-testid="scenario-name" />
        </label>
        <label className="field">
          <span className="field-label">Horizon (days)</span>
          {numberInput(draft.horizonHours / 24, (v) => edit({ ...draft, horizonHours: Math.max(1, Math.round(v)) * 24 }), { min: 1, max: 548, label: 'Horizon days', testId: 'scenario-horizon-days' })}
        </label>
        <label className="field">
          <span className="field-label">Queue policy</span>
          <select value={draft.policy.queue} onChange={(e) => edit({ ...draft, policy: { ...draft.policy, queue: e.target.value as Scenario['policy']['queue'] } })} data-testid="scenario-policy">
            {QUEUE_POLICIES.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Max wait before unmet (h)</span>
          {numberInput(draft.policy.maxWaitHours, (v) => edit({ ...draft, policy: { ...draft.policy, maxWaitHours: v } }), { min: 1, label: 'Max wait' })}
        </label>
        <label className="field">
          <span className="field-label">Fairness floor</span>
          {numberInput(draft.policy.fairnessFloor, (v) => edit({ ...draft, policy: { ...draft.policy, fairnessFloor: v } }), { min: 0, max: 1, step: 0.05, label: 'Fairness floor' })}
        </label>
        <label className="field">
          <span className="field-label">Price × </span>
          {numberInput(draft.priceMultiplier ?? 1, (v) => edit({ ...draft, priceMultiplier: v }), { min: 0.01, step: 0.05, label: 'Price multiplier' })}
        </label>
      </div>
      <h3>Fleet mix</h3>
      <FleetTable draft={draft} cat={cat} edit={edit} />
      <h3>Demand</h3>
      <div className="form-row" data-testid="demand-source">
        <span className="muted">
          {draft.demand.paths
            ? `Sample paths from ${draft.demand.paths.source}; the table's base sets each stream's size.`
            : 'History × growth: each stream’s base, growing at its monthly rate, with daily/weekly profile and noise.'}
        </span>
        {draft.demand.paths ? (
          <button type="button" className="btn btn-small" onClick={() => void setDemandSource('history')} disabled={op.pending} data-testid="demand-use-history">
            Use history × growth
          </button>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => void setDemandSource('forecast')} disabled={op.pending} data-testid="demand-use-forecast">
            Use GPU-hours forecast
          </button>
        )}
      </div>
      <DemandTable draft={draft} edit={edit} />
      {op.error ? <ErrorPanel title="Could not update the scenario" error={op.error} testId="scenario-error" /> : null}
      <div className="form-row" style={{ marginTop: 12 }}>
        <label className="field">
          <span className="field-label">Monte Carlo paths</span>
          {numberInput(paths, setPaths, { min: 1, max: 100000, label: 'Paths', testId: 'sim-paths' })}
        </label>
        <label className="field">
          <span className="field-label">Seed</span>
          {numberInput(seed, setSeed, { min: 0, label: 'Seed', testId: 'sim-seed' })}
        </label>
        <button type="button" className="btn btn-primary" onClick={() => void simulate(paths, seed)} disabled={!valid || !!simJob || !(paths >= 1)} data-testid="simulate">
          {dirty || !draft.id ? 'Save and simulate' : 'Simulate'}
        </button>
      </div>
      {simJob ? (
        <div className="form-row" data-testid="sim-progress">
          <div style={{ flex: 1 }}>
            <ProgressBar label={simJob.step} current={simJob.current} total={simJob.total} />
          </div>
          <button type="button" className="btn btn-small" onClick={() => void cancel('sim')} disabled={!simJob.jobId} data-testid="sim-cancel">
            Cancel
          </button>
        </div>
      ) : null}
      {simError ? <ErrorPanel title={simError.code === 'cancelled' ? 'Simulation cancelled' : 'Simulation failed'} error={simError} tone={simError.code === 'cancelled' ? 'neutral' : 'error'} testId="sim-error" /> : null}
    </Panel>
  )
}

// ---------------------------------------------------------------------------------------------------------------

const KPI_ROWS: { k: KpiName; label: string; fmt: (x: number) => string }[] = [
  { k: 'costUsd', label: 'Cost over the horizon', fmt: usd },
  { k: 'utilisation', label: 'Utilisation', fmt: (x) => `${n1(x * 100)} %` },
  { k: 'waitP50Hours', label: 'Queue wait p50', fmt: (x) => `${n1(x)} h` },
  { k: 'waitP95Hours', label: 'Queue wait p95', fmt: (x) => `${n1(x)} h` },
  { k: 'unmetFraction', label: 'Unmet demand', fmt: (x) => `${n1(x * 100, 2)} %` },
  { k: 'spotInterruptions', label: 'Spot interruptions', fmt: (x) => n1(x, 0) },
  { k: 'carbonTonnes', label: 'Carbon (tCO2e)', fmt: (x) => n1(x) },
  { k: 'jain', label: "Fairness (Jain's index)", fmt: (x) => n1(x, 3) },
  { k: 'deserts', label: 'Resource deserts (teams)', fmt: (x) => n1(x, 2) },
]

function ComparePanel() {
  const { ids, runs } = useAppStore(useShallow((s) => ({ ids: s.compareIds, runs: s.latestRuns })))
  const list = ids.map((id) => runs[id]).filter((r): r is SimulationRunSummary => !!r)
  const costOpt = useMemo(() => kpiCompareOption(list, (r) => r.result.kpis.costUsd, 'USD'), [list])
  const waitOpt = useMemo(() => kpiCompareOption(list, (r) => r.result.kpis.waitP95Hours, 'hours'), [list])
  const carbonOpt = useMemo(() => kpiCompareOption(list, (r) => r.result.kpis.carbonTonnes, 'tCO2e'), [list])
  const weeklyOpt = useMemo(() => weeklyUtilOption(list), [list])
  return (
    <Panel title="Compare simulated scenarios" testId="compare-panel">
      {list.length === 0 ? (
        <EmptyState title="Nothing to compare yet" testId="compare-empty">
          <p>Simulate a scenario, then tick the scenarios to compare in the list above (up to four).</p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="compare-table">
              <thead>
                <tr>
                  <th>KPI (mean, 95 % CI)</th>
                  {list.map((r) => (
                    <th key={r.id} className="num">
                      {r.scenarioName}
                      <div className="cell-sub">
                        {r.paths} paths · {Math.round(r.result.hours / 24)} days · seed {r.seed}
                      </div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {KPI_ROWS.map((row) => (
                  <tr key={row.k}>
                    <td>{row.label}</td>
                    {list.map((r) => {
                      const s = r.result.kpis[row.k]
                      return (
                        <td key={r.id} className="num" data-testid={`kpi-${row.k}`}>
                          {row.fmt(s.mean)}
                          <div className="cell-sub">
                            {row.fmt(s.ci95[0])} – {row.fmt(s.ci95[1])}
                          </div>
                        </td>
                      )
                    })}
                  </tr>
                ))}
                <tr>
                  <td>Carbon range (grid intensity ± {list[0]?.result.carbonRange.rangePct ?? 20} %)</td>
                  {list.map((r) => (
                    <td key={r.id} className="num">
                      {n1(r.result.carbonRange.lo)} – {n1(r.result.carbonRange.hi)}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <PlanFromCompared scenarios={list.map((r) => ({ id: r.scenarioId, name: r.scenarioName }))} />
          <div className="two-col">
            <EChart option={costOpt} height={240} label="Cost per scenario with 95 % confidence interval" testId="compare-cost-chart" />
            <EChart option={waitOpt} height={240} label="p95 queue wait per scenario with 95 % confidence interval" testId="compare-wait-chart" />
            <EChart option={carbonOpt} height={240} label="Carbon per scenario with 95 % confidence interval" />
            <EChart option={weeklyOpt} height={240} label="Weekly utilisation per scenario" />
          </div>
          {[...new Set(list.flatMap((r) => r.result.notes))].map((n) => (
            <p key={n} className="note">
              {n}
            </p>
          ))}
        </>
      )}
    </Panel>
  )
}

// ---------------------------------------------------------------------------------------------------------------

/** The optimizer's problem from the open scenario: each stream's demand at the end of the horizon (growth applied). */
function problemFromDraft(d: Scenario, form: { budget: number; carbonCap: number; floor: number; util: number; percentile: number }): OptimizeProblem {
  const months = d.horizonHours / 730
  // Percentile of demand: the peak-growth level times a normal quantile of the day-to-day noise.
  const z = form.percentile >= 99 ? 2.33 : form.percentile >= 95 ? 1.645 : form.percentile >= 90 ? 1.28 : form.percentile >= 75 ? 0.674 : 0
  return {
    name: `Optimized from ${d.name}`,
    demand: d.demand.streams.map((s) => ({
      team: s.team,
      workloadClass: s.workloadClass,
      demand: +(s.base * Math.pow(1 + s.growthPctPerMonth / 100, months) * Math.exp((z * d.demand.noisePct) / 100)).toFixed(3),
    })),
    demandPercentile: form.percentile,
    targetUtilisation: form.util,
    fairnessFloor: form.floor,
    ...(form.budget > 0 ? { budgetUsdPerHour: form.budget } : {}),
    ...(form.carbonCap > 0 ? { carbonCapKgPerHour: form.carbonCap } : {}),
    candidates: [],
  }
}

function OptimizerPanel() {
  const { draft, job, error, result, pareto } = useAppStore(
    useShallow((s) => ({ draft: s.draft, job: s.optimizeJob, error: s.optimizeError, result: s.optimizeResult, pareto: s.pareto })),
  )
  const { runOptimize, runPareto, cancel, fromFleet } = useAppStore(
    useShallow((s) => ({ runOptimize: s.runOptimize, runPareto: s.runPareto, cancel: s.cancelJob, fromFleet: s.scenarioFromFleet })),
  )
  const [form, setForm] = useState({ budget: 0, carbonCap: 0, floor: 0.9, util: 0.8, percentile: 90 })
  const [axis, setAxis] = useState<'carbon' | 'wait'>('carbon')
  const pOpt = useMemo(() => (pareto ? paretoOption(pareto) : null), [pareto])
  if (!draft) {
    return (
      <Panel title="Optimizer" testId="optimizer-panel">
        <EmptyState title="Open a scenario first" testId="optimizer-empty">
          <p>The optimizer sizes a fleet for the demand of the open scenario.</p>
        </EmptyState>
      </Panel>
    )
  }
  const problem = problemFromDraft(draft, form)
  return (
    <Panel title="Optimizer: the cheapest mix that meets demand" testId="optimizer-panel">
      <p className="explain wide">
        HiGHS MILP over every priced pool in the catalog: integer counts per type × region × purchase option, demand of the open scenario at
        the chosen percentile allocated by effective throughput (Gavel), under the budget, carbon cap and per-team fairness floor. Leave a
        limit at 0 for none.
      </p>
      <div className="form-row">
        <label className="field">
          <span className="field-label">Budget (USD/h)</span>
          {numberInput(form.budget, (v) => setForm({ ...form, budget: v }), { min: 0, label: 'Budget', testId: 'opt-budget' })}
        </label>
        <label className="field">
          <span className="field-label">Carbon cap (kgCO2e/h)</span>
          {numberInput(form.carbonCap, (v) => setForm({ ...form, carbonCap: v }), { min: 0, label: 'Carbon cap', testId: 'opt-carbon' })}
        </label>
        <label className="field">
          <span className="field-label">Fairness floor</span>
          {numberInput(form.floor, (v) => setForm({ ...form, floor: v }), { min: 0, max: 1, step: 0.05, label: 'Fairness floor' })}
        </label>
        <label className="field">
          <span className="field-label">Target utilisation</span>
          {numberInput(form.util, (v) => setForm({ ...form, util: v }), { min: 0.1, max: 1, step: 0.05, label: 'Target utilisation' })}
        </label>
        <label className="field">
          <span className="field-label">Demand percentile</span>
          <select value={form.percentile} onChange={(e) => setForm({ ...form, percentile: Number(e.target.value) })} style={{ width: 90 }}>
            {[50, 75, 90, 95, 99].map((p) => (
              <option key={p} value={p}>
                p{p}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" onClick={() => void runOptimize(problem)} disabled={!!job} data-testid="optimize">
          Optimize
        </button>
        <div className="segmented" role="group" aria-label="Pareto axis">
          {(['carbon', 'wait'] as const).map((a) => (
            <button key={a} type="button" className={axis === a ? 'active' : ''} onClick={() => setAxis(a)}>
              cost vs {a === 'carbon' ? 'carbon' : 'p95 wait'}
            </button>
          ))}
        </div>
        <button type="button" className="btn" onClick={() => void runPareto(problem, axis)} disabled={!!job} data-testid="pareto">
          Pareto front
        </button>
      </div>
      {job ? (
        <div className="form-row" data-testid="opt-progress">
          <div style={{ flex: 1 }}>
            <ProgressBar label={job.step} current={job.current} total={job.total} />
          </div>
          <button type="button" className="btn btn-small" onClick={() => void cancel('optimize')} disabled={!job.jobId}>
            Cancel
          </button>
        </div>
      ) : null}
      {error ? <ErrorPanel title="The optimizer could not answer" error={error} testId="opt-error" /> : null}
      {result ? (
        <div data-testid="opt-result">
          <h3>
            {result.status}: ${n1(result.costUsdPerHour, 2)}/h · {n1(result.carbonKgPerHour)} kgCO2e/h · gap ≤ {result.mipGap === null ? '?' : `${n1(result.mipGap * 100, 2)} %`}
            {result.greedy ? ` · greedy heuristic $${n1(result.greedy.costUsdPerHour, 2)}/h` : ''}
          </h3>
          <div className="two-col">
            <table className="table">
              <thead>
                <tr>
                  <th>Pool</th>
                  <th className="num">Count</th>
                  <th className="num">$/h each</th>
                </tr>
              </thead>
              <tbody>
                {result.fleet.map((f) => (
                  <tr key={key(f)}>
                    <td>
                      {f.accelerator} · {f.provider}/{f.region} · {f.option}
                    </td>
                    <td className="num">{f.count}</td>
                    <td className="num">{n1(f.usdPerAccelHour, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div>
              <strong>Why this answer</strong>
              <ul data-testid="opt-binding">
                {result.binding.map((b) => (
                  <li key={b.constraint}>
                    {b.constraint} binds{b.shadowPrice !== null ? ` — shadow price ${n1(b.shadowPrice, 3)}` : ''} ({b.meaning})
                  </li>
                ))}
                {result.sensitivity.map((s) => (
                  <li key={s.change}>
                    {s.change}: cost {s.costDelta >= 0 ? '+' : ''}
                    {n1(s.costDelta, 2)} $/h, unmet {n1(s.unmetDelta, 2)} H100-eq, carbon {n1(s.carbonDelta, 1)} kg/h
                  </li>
                ))}
                {result.notes.map((n) => (
                  <li key={n} className="muted">
                    {n}
                  </li>
                ))}
              </ul>
              <div className="form-actions">
                <button type="button" className="btn btn-small" onClick={() => void fromFleet(result.name, result.fleet.map(({ usdPerAccelHour: _p, ...f }) => f), result.runId)} data-testid="opt-to-scenario">
                  Save as scenario
                </button>
                <CreatePlanFromScenario
                  defaultName={result.name}
                  testId="opt-create-plan"
                  scenario={() => fromFleet(result.name, result.fleet.map(({ usdPerAccelHour: _p, ...f }) => f), result.runId)}
                />
              </div>
            </div>
          </div>
        </div>
      ) : null}
      {pareto && pOpt ? (
        <div data-testid="pareto-result">
          <h3>Pareto front: cost vs {pareto.axis === 'carbon' ? 'carbon' : 'p95 queue wait'} — click a point to make it a scenario</h3>
          {pareto.points.length === 0 ? (
            <p className="note">{pareto.notes.join(' ')}</p>
          ) : (
            <EChart
              option={pOpt}
              height={300}
              label={`Pareto front of cost against ${pareto.axis}`}
              testId="pareto-chart"
              onPointClick={({ dataIndex }) => {
                const pt = pareto.points[dataIndex]
                if (pt) void fromFleet(`Pareto: $${n1(pt.costUsdPerHour, 0)}/h, ${pareto.axis === 'carbon' ? `${n1(pt.carbonKgPerHour, 0)} kg/h` : `p95 ${n1(pt.waitP95Hours ?? 0)} h`}`, pt.fleet, pareto.runId)
              }}
            />
          )}
          {pareto.points.length > 0 ? (
            <table className="table" data-testid="pareto-points">
              <thead>
                <tr>
                  <th className="num">USD/h</th>
                  <th className="num">kgCO2e/h</th>
                  <th className="num">p95 wait</th>
                  <th>Fleet</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {pareto.points.map((pt, i) => (
                  <tr key={i}>
                    <td className="num">{n1(pt.costUsdPerHour, 2)}</td>
                    <td className="num">{n1(pt.carbonKgPerHour)}</td>
                    <td className="num">{pt.waitP95Hours === null ? '—' : `${n1(pt.waitP95Hours)} h`}</td>
                    <td className="cell-sub">{pt.fleet.map((f) => `${f.count} × ${f.accelerator} ${f.option}`).join(', ')}</td>
                    <td>
                      <button type="button" className="btn btn-small" data-testid="pareto-use" onClick={() => void fromFleet(`Pareto point ${i + 1}: $${n1(pt.costUsdPerHour, 0)}/h`, pt.fleet, pareto.runId)}>
                        Make scenario
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p className="note">{pareto.notes.join(' ')}</p>
        </div>
      ) : null}
    </Panel>
  )
}

// ---------------------------------------------------------------------------------------------------------------

function OverrideCell({ value, overridden, kind, k, field, digits = 3 }: { value: number | null; overridden: boolean; kind: OverrideKind; k: string; field: string; digits?: number }) {
  const setOverride = useAppStore((s) => s.setOverride)
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState('')
  if (editing) {
    return (
      <span className="cell-actions">
        <input aria-label={`New ${field}`} value={text} onChange={(e) => setText(e.target.value)} style={{ width: 80 }} data-testid="override-input" autoFocus />
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={!Number.isFinite(Number(text)) || text.trim() === ''}
          onClick={() => {
            setEditing(false)
            void setOverride(kind, k, field, Number(text))
          }}
          data-testid="override-save"
        >
          Set
        </button>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(false)}>
          ×
        </button>
      </span>
    )
  }
  return (
    <span className="cell-actions">
      <button type="button" className="link-button" title="Set your own figure" onClick={() => (setText(value === null ? '' : String(value)), setEditing(true))} data-testid="override-edit">
        {value === null ? '—' : n1(value, digits)}
      </button>
      {overridden ? (
        <>
          <Badge tone="warning" testId="override-badge">
            yours
          </Badge>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void setOverride(kind, k, field, null)} title="Back to the catalog default" data-testid="override-reset">
            reset
          </button>
        </>
      ) : null}
    </span>
  )
}

function CatalogPanel() {
  const { cat, load, op } = useAppStore(useShallow((s) => ({ cat: s.catalog, load: s.catalogLoad, op: s.catalogOverrideOp })))
  const [tab, setTab] = useState<'accelerators' | 'prices' | 'throughput' | 'carbon'>('prices')
  if (!cat) return <Panel title="Catalog">{load.error ? <ErrorPanel title="Could not load the catalog" error={load.error} /> : <Loading />}</Panel>
  const classes = cat.throughput.classes
  return (
    <Panel
      title="Catalog: defaults and your figures"
      testId="catalog-panel"
      actions={
        <div className="segmented" role="group" aria-label="Catalog section">
          {(['accelerators', 'prices', 'throughput', 'carbon'] as const).map((t) => (
            <button key={t} type="button" className={tab === t ? 'active' : ''} onClick={() => setTab(t)} data-testid={`catalog-tab-${t}`}>
              {t}
            </button>
          ))}
        </div>
      }
    >
      <p className="explain wide">
        Every figure carries its source and date (hover a row). Click a value to set your own; your figures are kept in the workspace apart
        from the bundled defaults, marked <Badge tone="warning">yours</Badge>, and “reset” brings the default back. {cat.overrides.length} override
        {cat.overrides.length === 1 ? '' : 's'} in this workspace. Figures marked ? could not be verified here: re-check them.
      </p>
      {op.error ? <ErrorPanel title="Could not store the figure" error={op.error} testId="override-error" /> : null}
      <div className="table-wrap" style={{ maxHeight: 420, overflow: 'auto' }}>
        {tab === 'accelerators' ? (
          <table className="table" data-testid="catalog-accelerators">
            <thead>
              <tr>
                <th>Accelerator</th>
                <th className="num">Memory GB</th>
                <th className="num">BF16 dense TFLOPS</th>
                <th className="num">FP8 dense TFLOPS</th>
                <th className="num">TDP W</th>
                <th>Interconnect</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {cat.accelerators.map((a) => (
                <tr key={a.id} title={`${a.source.url} (${a.source.date})${a.source.note ? ` — ${a.source.note}` : ''}`}>
                  <td>
                    {a.name} <span className="muted">({a.kind})</span>
                  </td>
                  {(['memoryGb', 'bf16DenseTflops', 'fp8DenseTflops', 'tdpW'] as const).map((f) => (
                    <td key={f} className="num">
                      <OverrideCell value={a[f]} overridden={!!a.overridden?.includes(f)} kind="accelerator" k={a.id} field={f} digits={0} />
                      {a.uncertain?.includes(f) ? <span className="muted" title="not verified here"> ?</span> : null}
                    </td>
                  ))}
                  <td className="cell-sub">{a.interconnect}</td>
                  <td className="cell-sub">
                    {a.source.date} · {new URL(a.source.url).hostname}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {tab === 'prices' ? (
          <table className="table" data-testid="catalog-prices">
            <thead>
              <tr>
                <th>Accelerator</th>
                <th>Provider / region</th>
                <th>Option</th>
                <th className="num">USD / accelerator-hour</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {cat.prices.map((p) => (
                <tr key={key(p)} title={`${p.source} (${p.date})`} data-testid="price-row" data-key={key(p)}>
                  <td>{p.accelerator}</td>
                  <td>
                    {p.provider}/{p.region}
                  </td>
                  <td>
                    {p.option}
                    {p.option === 'spot' && p.interruptionPerMonth !== undefined ? <span className="cell-sub"> · {Math.round(p.interruptionPerMonth * 100)} %/month interrupted</span> : null}
                  </td>
                  <td className="num">
                    <OverrideCell value={p.usdPerAccelHour} overridden={!!p.overridden?.includes('usdPerAccelHour')} kind="price" k={key(p)} field="usdPerAccelHour" />
                    {p.uncertain?.includes('usdPerAccelHour') ? <span className="muted" title="not verified here"> ?</span> : null}
                  </td>
                  <td className="cell-sub" style={{ maxWidth: 460, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {p.date} · {p.source}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {tab === 'throughput' ? (
          <table className="table" data-testid="catalog-throughput">
            <thead>
              <tr>
                <th>Accelerator (H100 = 1)</th>
                {classes.map((c) => (
                  <th key={c.id} className="num">
                    {c.label}
                  </th>
                ))}
                <th>Basis</th>
              </tr>
            </thead>
            <tbody>
              {cat.throughput.entries.map((e) => (
                <tr key={e.accelerator} title={`${e.source} (${e.date})`}>
                  <td>{e.accelerator}</td>
                  {classes.map((c) => (
                    <td key={c.id} className="num">
                      <OverrideCell value={e.values[c.id] ?? null} overridden={!!e.overridden?.includes(c.id)} kind="throughput" k={`${e.accelerator}|${c.id}`} field="value" digits={2} />
                    </td>
                  ))}
                  <td className="cell-sub">{e.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {tab === 'carbon' ? (
          <table className="table" data-testid="catalog-carbon">
            <thead>
              <tr>
                <th>Provider / region</th>
                <th>Location</th>
                <th className="num">gCO2e/kWh</th>
                <th className="num">PUE</th>
              </tr>
            </thead>
            <tbody>
              {cat.carbon.regions.map((r) => (
                <tr key={`${r.provider}|${r.region}`} title={r.source}>
                  <td>
                    {r.provider}/{r.region}
                  </td>
                  <td>{r.location}</td>
                  <td className="num">
                    <OverrideCell value={r.gridGco2ePerKwh} overridden={!!r.overridden?.includes('gridGco2ePerKwh')} kind="carbon" k={`${r.provider}|${r.region}`} field="gridGco2ePerKwh" digits={1} />
                  </td>
                  <td className="num">
                    <OverrideCell value={r.pue} overridden={!!r.overridden?.includes('pue')} kind="carbon" k={`${r.provider}|${r.region}`} field="pue" digits={3} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      <p className="note">{cat.attribution.join(' ')}</p>
    </Panel>
  )
}

// ---------------------------------------------------------------------------------------------------------------

export function FleetScenariosSection() {
  const { loadCatalog, loadScenarios, catalogStatus, scenariosStatus } = useAppStore(
    useShallow((s) => ({ loadCatalog: s.loadCatalog, loadScenarios: s.loadScenarios, catalogStatus: s.catalogLoad.status, scenariosStatus: s.scenariosLoad.status })),
  )
  useEffect(() => {
    if (catalogStatus === 'idle') void loadCatalog()
    if (scenariosStatus === 'idle') void loadScenarios()
  }, [catalogStatus, scenariosStatus, loadCatalog, loadScenarios])
  return (
    <>
      <ScenarioList />
      <ScenarioEditor />
      <ComparePanel />
      <OptimizerPanel />
      <CatalogPanel />
    </>
  )
}
