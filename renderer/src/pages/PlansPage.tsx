import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { PlanState } from '../../../shared/plan-types'
import type { Plan } from '../../../shared/types'
import { DataTable, num } from '../components/Table'
import { Badge, EmptyState, ErrorPanel, Facts, Kpi, Loading, Page, Panel } from '../components/ui'
import { dateTime, isoDate, money, moneyWhole, percent } from '../format'
import { useAppStore } from '../store'
import '../styles/plans.css'
import { CreatePlanPanel } from './plans/CreatePlanPanel'
import { ApproveForm } from './plans/PlanApproval'
import { PlanAudit } from './plans/PlanAudit'
import { PlanExport } from './plans/PlanExport'
import { PlanRecommendations } from './plans/PlanRecommendations'
import { PlanReview } from './plans/PlanReview'
import { PlanAutonomy } from './plans/PlanAutonomy'
import { useLoadWhenIdle } from '../store/use-load-when-idle'

const TONE: Record<PlanState, 'warning' | 'info' | 'success' | 'neutral'> = { draft: 'warning', 'in-review': 'info', approved: 'success', exported: 'success', superseded: 'neutral' }
const LABEL: Record<PlanState, string> = { draft: 'draft', 'in-review': 'in review', approved: 'approved', exported: 'exported', superseded: 'superseded' }
const usd = (x: number): string => moneyWhole(x)

function StatusBadge({ status }: { status: PlanState }) {
  return (
    <Badge tone={TONE[status]} testId="plan-status">
      {LABEL[status]}
    </Badge>
  )
}

const STEPS: PlanState[] = ['draft', 'in-review', 'approved', 'exported']

function StateSteps({ status }: { status: PlanState }) {
  const at = status === 'superseded' ? STEPS.length : STEPS.indexOf(status)
  return (
    <ol className="state-steps" aria-label="Plan state">
      {STEPS.map((s, i) => (
        <li key={s} className={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
          {LABEL[s]}
        </li>
      ))}
      {status === 'superseded' ? <li className="current">superseded</li> : null}
    </ol>
  )
}

function PlanList({ plans, selected }: { plans: Plan[]; selected: string | null }) {
  const select = useAppStore((s) => s.selectPlan)
  return (
    <DataTable
      className="table-select"
      testId="plan-list"
      cols={['Plan · cluster', 'Status', num('Per month')]}
      rows={plans}
      rowKey={(p) => p.id}
      rowProps={(p) => ({ className: p.id === selected ? 'selected' : '', 'data-testid': 'plan-row' })}
      cells={(p) => [
        <>
          <button type="button" className="link-button" onClick={() => select(p.id)} aria-current={p.id === selected ? 'true' : undefined}>
            {p.name}
          </button>
          <div className="cell-sub num">
            {isoDate(p.createdAt)} · {p.kind === 'fleet' ? p.cluster : 'baseline spend'}
          </div>
        </>,
        <StatusBadge status={p.status} />,
        <>
          {p.fleet ? usd(p.fleet.monthlyUsd) : p.totals ? money(p.totals.monthlyRunRate, p.totals.currency) : '—'}
          <div className="cell-sub">{p.fleet ? `${p.fleet.accelerators} accelerators` : 'run rate'}</div>
        </>,
      ]}
    />
  )
}

function BaselineFigures({ plan }: { plan: Plan }) {
  const t = plan.totals
  const sc = plan.scenario
  if (!t || !sc) return null
  const cur = t.currency
  const providerTotal = sc.costByProvider.reduce((s, r) => s + r.cost, 0)
  return (
    <>
      <div className="kpis">
        <Kpi label="Basis spend" value={money(t.basisCost, cur)} hint={`${sc.basis.start} – ${sc.basis.end} (${sc.basis.days} days)`} />
        <Kpi label="Monthly run rate" value={money(t.monthlyRunRate, cur)} hint="Basis ÷ days × 30" />
        <Kpi label={`Forecast, next ${sc.horizonDays} days`} value={money(t.forecastCost, cur)} testId="plan-forecast-cost" hint={`80 % band ${money(t.forecastLo80, cur)} – ${money(t.forecastHi80, cur)}`} />
        <Kpi label="Accelerator spend" value={money(sc.acceleratorCost, cur)} hint={t.basisCost > 0 ? `${percent(sc.acceleratorCost / t.basisCost)} of basis` : undefined} />
      </div>
      <Panel title="Cost by provider (basis)">
        <DataTable
          wrap={false}
          cols={['Provider', num(`Cost (${cur})`), num('Share')]}
          rows={sc.costByProvider}
          rowKey={(r) => r.key}
          cells={(r) => [r.key, money(r.cost, cur), providerTotal ? percent(r.cost / providerTotal) : '—']}
        />
        <p className="muted small">
          Baseline: current spend carried forward at {sc.growthPctPerMonth} % per month{sc.forecastModel ? ` (${sc.forecastModel})` : ''}.
        </p>
      </Panel>
    </>
  )
}

function FleetOverview({ plan }: { plan: Plan }) {
  const f = plan.fleet
  const snap = plan.snapshot
  if (!f || !snap) return null
  const sim = f.simulated
  return (
    <>
      <div className="kpis" data-testid="plan-kpis">
        <Kpi label="Fleet price per month" value={usd(f.monthlyUsd)} hint={`${f.accelerators} accelerators in ${f.pools} pools · 730 h`} testId="plan-monthly" />
        <Kpi
          label={`Cost over ${Math.round(f.horizonDays)} days`}
          value={sim ? usd(sim.costUsd.mean) : usd(f.horizonUsd)}
          hint={sim ? `simulated · 5–95 % ${usd(sim.costUsd.p05)} – ${usd(sim.costUsd.p95)}` : 'fleet price · not simulated'}
        />
        <Kpi label="Carbon" value={sim ? `${sim.carbonTonnes.mean.toFixed(1)} t` : '—'} hint={sim ? 'tCO2e over the horizon' : 'not simulated'} />
        <Kpi label="Fairness (Jain)" value={sim ? sim.jain.mean.toFixed(3) : '—'} hint={sim ? `p95 wait ${sim.waitP95Hours.mean.toFixed(1)} h` : 'not simulated'} />
        {f.currentAcceleratorMonthlyUsd !== null ? (
          <Kpi
            label="vs current accelerator spend"
            value={`${f.monthlyUsd >= f.currentAcceleratorMonthlyUsd ? '+' : '−'}${usd(Math.abs(f.monthlyUsd - f.currentAcceleratorMonthlyUsd))}`}
            hint={f.currentAcceleratorRunRateUsd != null ? `${usd(f.currentAcceleratorMonthlyUsd)} per 730 h from billing: ${usd(f.currentAcceleratorRunRateUsd)} per 30 days (run rate)` : `${usd(f.currentAcceleratorMonthlyUsd)} / month from billing`}
            testId="plan-vs-current"
          />
        ) : null}
      </div>
      <p className="muted small">{f.basis}</p>
      <Panel title="The decision (frozen in the plan)" testId="plan-decision">
        <Facts
          className="facts facts-inline decision-facts"
          items={[
            {
              label: 'Scenario',
              value: (
                <>
                  {snap.scenario.name} <Badge tone="neutral">{snap.scenario.basis ?? 'variant'}</Badge>
                  {snap.scenario.id ? <div className="cell-sub mono">{snap.scenario.id}</div> : null}
                </>
              ),
            },
            { label: 'Simulation run', value: snap.simulation ? <span className="mono">{snap.simulation.runId}</span> : 'none — not simulated' },
            { label: 'Optimization run', value: snap.optimization ? <span className="mono">{snap.optimization.runId}</span> : 'none', testId: 'plan-optimization' },
            { label: 'Demand from', value: snap.forecast ? `forecast run #${snap.forecast.runId}` : 'history × growth' },
            { label: 'Fairness floor', value: snap.scenario.policy.fairnessFloor, className: 'num' },
            { label: 'Policies', value: snap.policies.length ? snap.policies.map((p) => p.name).join(', ') : 'none attached' },
          ]}
        />
        <DataTable
          wrap={false}
          testId="plan-fleet"
          cols={['Pool', num('Count'), num('$/accelerator-hour'), num('Per month')]}
          rows={snap.pools.map((p, i) => ({ ...p, monthlyUsd: plan.poolMonthlyUsd?.[i] }))}
          rowKey={(p) => `${p.accelerator}|${p.provider}|${p.region}|${p.option}`}
          cells={(p) => [`${p.accelerator} · ${p.provider}/${p.region} · ${p.option}`, p.count, p.usdPerAccelHour.toFixed(3), p.monthlyUsd === undefined ? '—' : usd(p.monthlyUsd)]}
        />
      </Panel>
    </>
  )
}

function PlanActions({ plan }: { plan: Plan }) {
  const { op, submit, copy, reviewer, identity } = useAppStore(
    useShallow((s) => ({ op: s.planActionOps[plan.id], submit: s.submitPlan, copy: s.copyPlan, reviewer: s.reviewer, identity: s.identity })),
  )
  return (
    <div className="plan-actions">
      {reviewer ? (
        <span className="muted small acting-as" title={identity && identity.name === reviewer ? `From ${identity.source}; change it in the approver field` : 'Change it in the approver field'}>
          acting as <strong>{reviewer}</strong>
        </span>
      ) : null}
      {plan.status === 'draft' ? (
        <button type="button" className="btn btn-primary" onClick={() => void submit(plan.id)} disabled={op?.pending === true} data-testid="plan-submit">
          Submit for review
        </button>
      ) : null}
      {plan.status !== 'draft' && plan.status !== 'in-review' ? (
        <button type="button" className="btn" onClick={() => void copy(plan.id)} disabled={op?.pending === true} data-testid="plan-copy">
          Copy into a new draft
        </button>
      ) : null}
    </div>
  )
}

function PlanDetail({ plan }: { plan: Plan }) {
  const editable = plan.status === 'draft' || plan.status === 'in-review'
  const actionOp = useAppStore((s) => s.planActionOps[plan.id])
  return (
    <div className="plan-detail" data-testid="plan-detail">
      <div className="plan-title">
        <h2 data-testid="plan-title">{plan.name}</h2>
        <StatusBadge status={plan.status} />
        <span className="muted mono">{plan.id}</span>
        <span className="muted">{plan.kind === 'fleet' ? <>cluster <span className="mono">{plan.cluster}</span></> : 'baseline spend'}</span>
        <PlanActions plan={plan} />
      </div>
      <StateSteps status={plan.status} />
      {plan.description ? <p className="plan-description">{plan.description}</p> : null}
      {actionOp?.error && !editable ? <ErrorPanel title="That did not work" error={actionOp.error} /> : null}
      {plan.kind === 'fleet' ? <FleetOverview plan={plan} /> : <BaselineFigures plan={plan} />}
      {plan.recommendations ? <PlanRecommendations planId={plan.id} r={plan.recommendations} editable={editable} /> : null}
      {plan.status !== 'superseded' ? <PlanReview plan={plan} /> : null}
      <Panel title="Approval" testId="approval-panel">
        {plan.approval ? (
          <dl className="facts" data-testid="approval">
            <div>
              <dt>Approved by</dt>
              <dd data-testid="approval-by">{plan.approval.by}</dd>
            </div>
            <div>
              <dt>Approved at</dt>
              <dd className="num" data-testid="approval-at">
                {dateTime(plan.approval.at)}
              </dd>
            </div>
            <div>
              <dt>Comment</dt>
              <dd>{plan.approval.comment}</dd>
            </div>
            <div>
              <dt>Content hash</dt>
              <dd className="mono hash">{plan.approval.contentHash}</dd>
            </div>
            <div>
              <dt>State</dt>
              <dd>Read-only: an approved plan cannot change. Copy it into a new draft to make changes.</dd>
            </div>
          </dl>
        ) : plan.status === 'in-review' ? (
          <ApproveForm plan={plan} />
        ) : (
          <p className="muted">Submit the plan for review first; it can then be approved. Content hash now: <span className="mono hash">{plan.contentHash}</span></p>
        )}
      </Panel>
      <PlanAutonomy plan={plan} />
      <Panel title="Export to Git">
        <PlanExport plan={plan} />
      </Panel>
      <Panel title="Audit log">
        <PlanAudit entries={plan.audit} />
      </Panel>
    </div>
  )
}

function SelectedPlan({ id }: { id: string }) {
  const { plan, load } = useAppStore(useShallow((s) => ({ plan: s.planDetails[id], load: s.planDetailLoad[id] })))
  const loadPlan = useAppStore((s) => s.loadPlan)
  const status = load?.status ?? 'idle'
  useEffect(() => {
    if (status === 'idle') void loadPlan(id)
  }, [status, id, loadPlan])
  if (load?.status === 'error' && load.error) return <ErrorPanel title="Could not load the plan" error={load.error} />
  if (!plan) return <Loading label="Loading plan…" />
  return <PlanDetail plan={plan} />
}

export function PlansPage() {
  const { plans, load, selectedId, createFor } = useAppStore(useShallow((s) => ({ plans: s.plans, load: s.plansLoad, selectedId: s.selectedPlanId, createFor: s.planCreateFor })))
  const { loadPlans, goTo, openPlanCreate, identity, loadIdentity } = useAppStore(
    useShallow((s) => ({ loadPlans: s.loadPlans, goTo: s.goTo, openPlanCreate: s.openPlanCreate, identity: s.identity, loadIdentity: s.loadIdentity })),
  )
  const [creatingHere, setCreating] = useState(false)
  const creating = creatingHere || createFor !== null
  useLoadWhenIdle(load.status, loadPlans)
  // Reviews and approvals are recorded under the Git identity unless the user types another name.
  useEffect(() => {
    if (!identity) void loadIdentity()
  }, [identity, loadIdentity])
  const selected = selectedId ?? plans[0]?.id ?? null
  const close = (): void => {
    setCreating(false)
    useAppStore.setState({ planCreateFor: null })
  }

  let body
  if (load.status === 'error' && load.error) body = <ErrorPanel title="Could not list plans" error={load.error} />
  else if (load.status !== 'ready' && plans.length === 0) body = <Loading label="Loading plans…" />
  else if (plans.length === 0)
    body = (
      <Panel>
        <EmptyState title="No plans yet" testId="plans-empty">
          <p>A plan freezes a decision — a scenario with its simulation, optimization and forecast — for review, approval and export to Git.</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => openPlanCreate(null)}>
              New plan…
            </button>
            <button type="button" className="btn" onClick={() => goTo('scenarios')}>
              Go to Scenarios
            </button>
          </div>
        </EmptyState>
      </Panel>
    )
  else
    body = (
      <div className="plans-layout">
        <Panel title={`Plans (${plans.length})`} className="plans-list">
          <PlanList plans={plans} selected={selected} />
        </Panel>
        <div className="plans-main">{selected ? <SelectedPlan key={selected} id={selected} /> : null}</div>
      </div>
    )

  return (
    <Page
      id="plans"
      wide
      title="Plans"
      subtitle="Review, approve and export plans. A plan freezes a decision; approved plans are immutable and signed with a content hash."
      actions={
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="plan-new">
          New plan…
        </button>
      }
    >
      {creating ? <CreatePlanPanel key={createFor ?? 'new'} onClose={close} /> : null}
      {body}
    </Page>
  )
}
