import { useEffect, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Plan, PlanExportResult } from '../../../shared/types'
import { hasDirectoryPicker, pickDirectory } from '../api/client'
import { Badge, EmptyState, ErrorPanel, Kpi, Loading, PageHeader, Panel } from '../components/ui'
import { dateTime, isoDate, money, percent } from '../format'
import { useAppStore } from '../store'
import { PlanAutonomy } from './plans/PlanAutonomy'

function StatusBadge({ status }: { status: Plan['status'] }) {
  return (
    <Badge tone={status === 'approved' ? 'success' : 'warning'} testId="plan-status">
      {status}
    </Badge>
  )
}

function PlanList({ plans, selected }: { plans: Plan[]; selected: string | null }) {
  const select = useAppStore((s) => s.selectPlan)
  return (
    <div className="table-wrap">
      <table className="table table-select" data-testid="plan-list">
        <thead>
          <tr>
            <th>Plan · created</th>
            <th>Status</th>
            <th className="num">Forecast cost</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id} className={p.id === selected ? 'selected' : ''} data-testid="plan-row">
              <td>
                <button type="button" className="link-button" onClick={() => select(p.id)} aria-current={p.id === selected ? 'true' : undefined}>
                  {p.name}
                </button>
                <div className="cell-sub num">{isoDate(p.createdAt)}</div>
              </td>
              <td>
                <StatusBadge status={p.status} />
              </td>
              <td className="num">
                {money(p.totals.forecastCost, p.totals.currency)}
                <div className="cell-sub">{p.scenario.horizonDays} days</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ApproveForm({ plan }: { plan: Plan }) {
  const [by, setBy] = useState('')
  const [comment, setComment] = useState('')
  const { op, approve } = useAppStore(useShallow((s) => ({ op: s.planApproveOps[plan.id], approve: s.approvePlan })))
  const ready = by.trim() !== '' && comment.trim() !== ''
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (ready) void approve(plan.id, by.trim(), comment.trim())
  }
  return (
    <form className="form" onSubmit={submit} data-testid="approve-form">
      <p className="explain">
        Approval records who approved, when, and a hash of the plan’s content. An approved plan cannot change.
      </p>
      <div className="form-row">
        <label className="field">
          <span className="field-label">Approver name</span>
          <input value={by} onChange={(e) => setBy(e.target.value)} required maxLength={200} data-testid="approve-name" autoComplete="name" />
        </label>
        <label className="field grow">
          <span className="field-label">Comment</span>
          <input value={comment} onChange={(e) => setComment(e.target.value)} required maxLength={4000} data-testid="approve-comment" placeholder="What was reviewed, and why it is fine" />
        </label>
      </div>
      {op?.error ? <ErrorPanel title="Could not approve the plan" error={op.error} testId="approve-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!ready || op?.pending === true} data-testid="approve-submit">
          {op?.pending ? 'Approving…' : 'Approve plan'}
        </button>
      </div>
    </form>
  )
}

function ExportResult({ r }: { r: PlanExportResult }) {
  return (
    <div className="export-result" data-testid="export-result" data-status={r.status}>
      <div className="export-result-head">
        <strong>{r.status === 'exported' ? 'Committed on a new branch' : 'Already exported: the branch holds this plan'}</strong>
        <span className="muted">Your working tree and current branch were not touched.</span>
      </div>
      <dl className="facts facts-inline">
        <div>
          <dt>Branch</dt>
          <dd className="mono" data-testid="export-branch">
            {r.branch}
          </dd>
        </div>
        <div>
          <dt>Commit</dt>
          <dd className="mono" data-testid="export-commit">
            {r.commit}
          </dd>
        </div>
        <div>
          <dt>Repository</dt>
          <dd className="mono">{r.repoPath}</dd>
        </div>
      </dl>
      <ul className="file-list">
        {r.files.map((f) => (
          <li key={f} className="mono">
            {f}
          </li>
        ))}
      </ul>
    </div>
  )
}

function ExportForm({ plan }: { plan: Plan }) {
  const [repo, setRepo] = useState('')
  const { op, result, exportPlan, reportError } = useAppStore(
    useShallow((s) => ({ op: s.planExportOps[plan.id], result: s.lastExports[plan.id], exportPlan: s.exportPlan, reportError: s.reportError })),
  )
  const browse = async (): Promise<void> => {
    try {
      const dir = await pickDirectory()
      if (dir) setRepo(dir)
    } catch (err) {
      reportError('Could not open the folder picker', err)
    }
  }
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (repo.trim()) void exportPlan(plan.id, repo.trim())
  }
  return (
    <form className="form" onSubmit={submit} data-testid="export-form">
      <p className="explain">
        Writes <span className="mono">fleetplan/plans/&lt;date&gt;-{plan.slug}/</span> (plan.json, plan.md) into a local Git
        checkout as one commit on a new branch. Your current branch, staged and uncommitted work stay as they are.
      </p>
      <div className="form-row">
        <label className="field grow">
          <span className="field-label">Local Git checkout</span>
          <input value={repo} onChange={(e) => setRepo(e.target.value)} placeholder="/home/me/src/fleet-gitops" data-testid="export-repo" spellCheck={false} className="mono" />
        </label>
        {hasDirectoryPicker() ? (
          <button type="button" className="btn align-end" onClick={() => void browse()}>
            Browse…
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary align-end" disabled={!repo.trim() || op?.pending === true} data-testid="export-submit">
          {op?.pending ? 'Exporting…' : 'Export to Git'}
        </button>
      </div>
      {op?.error ? <ErrorPanel title="Export failed" error={op.error} testId="export-error" /> : null}
      {result ? <ExportResult r={result} /> : null}
    </form>
  )
}

function PlanDetail({ plan }: { plan: Plan }) {
  const t = plan.totals
  const sc = plan.scenario
  const cur = t.currency
  const providerTotal = sc.costByProvider.reduce((s, r) => s + r.cost, 0)
  return (
    <div className="plan-detail" data-testid="plan-detail">
      <div className="plan-title">
        <h2 data-testid="plan-title">{plan.name}</h2>
        <StatusBadge status={plan.status} />
        <span className="muted mono">{plan.id}</span>
      </div>
      {plan.description ? <p className="plan-description">{plan.description}</p> : null}
      <div className="kpis">
        <Kpi label="Basis spend" value={money(t.basisCost, cur)} hint={`${sc.basis.start} – ${sc.basis.end} (${sc.basis.days} days)`} />
        <Kpi label="Monthly run rate" value={money(t.monthlyRunRate, cur)} hint="Basis ÷ days × 30" />
        <Kpi
          label={`Forecast, next ${sc.horizonDays} days`}
          value={money(t.forecastCost, cur)}
          testId="plan-forecast-cost"
          hint={`80 % band ${money(t.forecastLo80, cur)} – ${money(t.forecastHi80, cur)}`}
        />
        <Kpi
          label="Accelerator spend"
          value={money(sc.acceleratorCost, cur)}
          hint={t.basisCost > 0 ? `${percent(sc.acceleratorCost / t.basisCost)} of basis` : undefined}
        />
      </div>
      <div className="two-col">
        <Panel title="Cost by provider (basis)">
          <table className="table">
            <thead>
              <tr>
                <th>Provider</th>
                <th className="num">Cost ({cur})</th>
                <th className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {sc.costByProvider.map((r) => (
                <tr key={r.key}>
                  <td>{r.key}</td>
                  <td className="num">{money(r.cost, cur)}</td>
                  <td className="num">{providerTotal ? percent(r.cost / providerTotal) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <Panel title="Scenario basis">
          <dl className="facts">
            <div>
              <dt>Scenario</dt>
              <dd>Baseline (current spend carried forward)</dd>
            </div>
            <div>
              <dt>Basis period</dt>
              <dd className="num">
                {sc.basis.start} – {sc.basis.end} ({sc.basis.days} days)
              </dd>
            </div>
            <div>
              <dt>Growth</dt>
              <dd className="num">{sc.growthPctPerMonth} % per month</dd>
            </div>
            <div>
              <dt>Horizon</dt>
              <dd className="num">{sc.horizonDays} days</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd className="num">{dateTime(plan.createdAt)}</dd>
            </div>
          </dl>
        </Panel>
      </div>
      <Panel title="Approval">
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
              <dd>Read-only: an approved plan cannot change.</dd>
            </div>
          </dl>
        ) : (
          <ApproveForm plan={plan} />
        )}
      </Panel>
      <PlanAutonomy plan={plan} />
      <Panel title="Export to Git">
        {plan.approval ? <ExportForm plan={plan} /> : <p className="muted">Approve the plan to export it to a Git checkout.</p>}
        {plan.exports.length > 0 ? (
          <div className="previous-exports">
            <h3>Previous exports</h3>
            <table className="table" data-testid="export-history">
              <thead>
                <tr>
                  <th className="num">At</th>
                  <th>Repository</th>
                  <th>Branch</th>
                  <th>Commit</th>
                </tr>
              </thead>
              <tbody>
                {plan.exports.map((e) => (
                  <tr key={`${e.commit}-${e.at}`}>
                    <td className="num">{dateTime(e.at)}</td>
                    <td className="mono">{e.repoPath}</td>
                    <td className="mono">{e.branch}</td>
                    <td className="mono" title={e.commit}>
                      {e.commit.slice(0, 12)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
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
  const { plans, load, selectedId } = useAppStore(useShallow((s) => ({ plans: s.plans, load: s.plansLoad, selectedId: s.selectedPlanId })))
  const loadPlans = useAppStore((s) => s.loadPlans)
  const goTo = useAppStore((s) => s.goTo)
  useEffect(() => {
    if (load.status === 'idle') void loadPlans()
  }, [load.status, loadPlans])
  const selected = selectedId ?? plans[0]?.id ?? null

  let body
  if (load.status === 'error' && load.error) body = <ErrorPanel title="Could not list plans" error={load.error} />
  else if (load.status !== 'ready' && plans.length === 0) body = <Loading label="Loading plans…" />
  else if (plans.length === 0)
    body = (
      <Panel>
        <EmptyState title="No plans yet" testId="plans-empty">
          <p>A plan bundles a scenario for review and approval, then export to Git. Start from the baseline scenario.</p>
          <button type="button" className="btn btn-primary" onClick={() => goTo('scenarios')}>
            Go to Scenarios
          </button>
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
    <div className="page page-wide" data-testid="page-plans">
      <PageHeader title="Plans" subtitle="Review, approve and export plans. Approved plans are immutable and signed with a content hash." />
      {body}
    </div>
  )
}
