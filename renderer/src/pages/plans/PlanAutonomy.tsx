/**
 * Per plan: its attached policies (frozen, signed by the approval), which approval rule it passes or fails and
 * why (and Approve by rule when it passes them all), and plan vs actual — the plan's 95 % band against the
 * actuals imported since, drift flagged after N consecutive days outside it, and Re-plan.
 */
import '../../styles/policies.css'
import { useEffect, useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { DriftSeries } from '../../../../shared/policy-types'
import type { Plan } from '../../../../shared/types'
import { EChart } from '../../charts/EChart'
import { driftOption } from '../../charts/policy-options'
import { DataTable, num, td } from '../../components/Table'
import { Badge, ErrorPanel, Options, Panel } from '../../components/ui'
import { integer, money } from '../../format'
import { useAppStore } from '../../store'
import { useLoadWhenIdle } from '../../store/use-load-when-idle'

function DriftChart({ s }: { s: DriftSeries }) {
  const option = useMemo(() => driftOption(s), [s])
  return <EChart option={option} height={220} label={`${s.label}: actuals against the plan's 95 % band`} testId={`chart-drift-${s.metric}`} />
}

/** The counts behind the flag: days outside the band, the longest run of them and the day it reached the threshold. */
function DriftFigures({ s, days }: { s: DriftSeries; days: number }) {
  const outside = s.points.filter((p) => p.outside)
  return (
    <p className="small drift-figures">
      <span data-testid="drift-outside">{integer(outside.length)}</span> of <span data-testid="drift-observed">{integer(s.points.length)}</span> days outside the 95 % band, longest run{' '}
      <span data-testid="drift-longest">{integer(s.longestRun)}</span> consecutive day{s.longestRun === 1 ? '' : 's'}
      {s.drifting ? (
        <>
          {' '}
          — drift from <span data-testid="drift-from">{s.firstDriftDate}</span> (the {ordinal(days)} consecutive day outside)
        </>
      ) : (
        `, under the ${integer(days)} that flag drift`
      )}
      {outside.length > 0 ? (
        <>
          . Outside: <span className="mono" data-testid="drift-outside-days">{outside.map((p) => p.date).join(', ')}</span>
        </>
      ) : null}
    </p>
  )
}

const ordinal = (n: number): string => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`

function ApprovalRulesForm() {
  const { rules, op, save, load } = useAppStore(useShallow((s) => ({ rules: s.approvalRules, op: s.approvalRulesOp, save: s.saveApprovalRules, load: s.loadApprovalRules })))
  const [draft, setDraft] = useState<typeof rules>(null)
  const [by, setBy] = useState('')
  useEffect(() => {
    if (!rules) void load()
  }, [rules, load])
  if (!rules) return null
  const d = draft ?? rules
  const field = (key: 'maxQuotaShiftPct' | 'maxCostDeltaUsdPerMonth' | 'maxPolicyDenials', label: string) => (
    <label className="field field-number">
      <span className="field-label">{label}</span>
      <input type="number" min={0} value={d[key]} onChange={(e) => setDraft({ ...d, [key]: Number(e.target.value) })} data-testid={`rules-${key}`} />
    </label>
  )
  return (
    <form
      className="form"
      data-testid="approval-rules"
      onSubmit={(e) => {
        e.preventDefault()
        if (by.trim()) void save({ maxQuotaShiftPct: d.maxQuotaShiftPct, maxCostDeltaUsdPerMonth: d.maxCostDeltaUsdPerMonth, allowNewCommitments: d.allowNewCommitments, maxPolicyDenials: d.maxPolicyDenials }, by.trim()).then(() => setDraft(null))
      }}
    >
      <p className="explain">
        A draft whose measured impact stays under every threshold may be approved by rule (CI: <span className="mono">fleetplan plan approve --plan ID --by-rule</span>); anything
        above needs a named person. {rules.updatedBy ? `Last set by ${rules.updatedBy} on ${(rules.updatedAt ?? '').slice(0, 10)}.` : 'These are the conservative defaults.'}
      </p>
      <div className="form-row">
        {field('maxQuotaShiftPct', 'Quota shift per team ≤ (%)')}
        {field('maxCostDeltaUsdPerMonth', 'Cost increase ≤ (USD / month)')}
        {field('maxPolicyDenials', 'Historical workloads a policy denied ≤')}
        <label className="field">
          <span className="field-label">New purchase commitments</span>
          <select value={d.allowNewCommitments ? 'yes' : 'no'} onChange={(e) => setDraft({ ...d, allowNewCommitments: e.target.value === 'yes' })}>
            <option value="no">never by rule</option>
            <option value="yes">allowed</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Changed by</span>
          <input value={by} onChange={(e) => setBy(e.target.value)} required data-testid="rules-by" />
        </label>
        <button type="submit" className="btn align-end" disabled={!draft || !by.trim() || op.pending} data-testid="rules-save">
          Save rules
        </button>
      </div>
      {op.error ? <ErrorPanel title="Could not save the rules" error={op.error} /> : null}
    </form>
  )
}

export function PlanAutonomy({ plan }: { plan: Plan }) {
  const s = useAppStore(
    useShallow((x) => ({
      check: x.ruleChecks[plan.id],
      policies: x.planPolicyLists[plan.id],
      status: x.planStatuses[plan.id],
      op: x.autonomyOps[plan.id],
      stored: x.policies,
      policiesLoad: x.policiesLoad,
      loadPolicies: x.loadPolicies,
      load: x.loadPlanAutonomy,
      approve: x.approveByRule,
      attach: x.attachPolicyToPlan,
      detach: x.detachPolicyFromPlan,
      setDays: x.setDriftDays,
      replan: x.replan,
    })),
  )
  const { load, loadPolicies, policiesLoad } = s
  useEffect(() => {
    void load(plan.id)
  }, [plan.id, plan.status, load])
  useLoadWhenIdle(policiesLoad.status, loadPolicies)
  const draft = plan.status === 'draft'
  const attached = new Set((s.policies ?? []).map((p) => p.name))
  return (
    <>
      <Panel title="Policies attached to this plan">
        {(s.policies ?? []).length === 0 ? <p className="muted">None. Attached policies are frozen into the plan, signed by its approval and exported under <span className="mono">clusters/&lt;cluster&gt;/policies/</span>.</p> : null}
        {(s.policies ?? []).length > 0 ? (
          <DataTable
            wrap={false}
            testId="plan-policies"
            cols={['Policy', 'Rules', num('Latest replay'), {}]}
            rows={s.policies ?? []}
            rowKey={(p) => p.name}
            cells={(p) => [
              td(p.name, { className: 'mono' }),
              p.doc.rules.map((r) => r.id).join(', '),
              p.replay ? `${integer(p.replay.denied)} of ${integer(p.replay.workloads)} denied, ${money(p.replay.deniedCostUsd)}` : 'not replayed',
              td(
                draft ? (
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => void s.detach(plan.id, p.name)}>
                    Detach
                  </button>
                ) : null,
                { className: 'cell-actions' },
              ),
            ]}
          />
        ) : null}
        {draft ? (
          <label className="field">
            <span className="field-label">Attach a stored policy</span>
            <select value="" onChange={(e) => e.target.value && void s.attach(plan.id, e.target.value)} data-testid="plan-attach-policy">
              <option value="">Choose…</option>
              <Options values={s.stored.filter((p) => !attached.has(p.name))} value={(p) => p.id} label={(p) => p.name} />
            </select>
          </label>
        ) : null}
      </Panel>
      <Panel title="Approval by rule" testId="plan-rule-check">
        {s.check ? (
          <>
            <DataTable
              wrap={false}
              className="rule-checks"
              cols={['Rule', 'Result', num('Measured'), num('Threshold'), 'Why']}
              rows={s.check.checks}
              rowKey={(c) => c.rule}
              rowProps={(c) => ({ 'data-testid': `check-${c.rule}`, 'data-pass': String(c.pass) })}
              cells={(c) => [td(c.rule, { className: 'mono' }), <span className={c.pass ? 'pass' : 'fail'}>{c.pass ? '✓ passes' : '✗ fails'}</span>, c.measured, c.threshold, td(c.reason, { className: 'small' })]}
            />
            {draft ? (
              <div className="form-actions">
                <button type="button" className="btn" disabled={!s.check.pass || s.op?.pending === true} onClick={() => void s.approve(plan.id)} data-testid="approve-by-rule">
                  Approve by rule
                </button>
                <span className="muted small">{s.check.pass ? 'Every rule passes: this plan needs no named approver.' : 'A rule fails: a named person must approve it (form above).'}</span>
              </div>
            ) : null}
          </>
        ) : (
          <p className="muted">Checking…</p>
        )}
        <details className="rules-details">
          <summary>Approval rules of this workspace</summary>
          <ApprovalRulesForm />
        </details>
      </Panel>
      <Panel
        title="Plan vs actual"
        testId="plan-status-panel"
        actions={
          s.status ? (
            <>
              {s.status.drifting ? <Badge tone="warning" testId="drift-badge">drift</Badge> : <Badge tone="success">on track</Badge>}
              <label className="inline-check small">
                drift after{' '}
                <input type="number" min={1} max={90} value={s.status.consecutiveDays} onChange={(e) => Number(e.target.value) > 0 && void s.setDays(plan.id, Number(e.target.value))} style={{ width: 48 }} data-testid="drift-days" /> consecutive days
              </label>
              <button type="button" className="btn btn-small" onClick={() => void s.replan(plan.id)} disabled={s.op?.pending === true} data-testid="replan">
                Re-plan
              </button>
            </>
          ) : undefined
        }
      >
        {s.status ? (
          <>
            <p data-testid="plan-status-summary">{s.status.summary}</p>
            {s.status.series
              .filter((x) => x.points.length > 0)
              .map((x) => (
                <div key={x.metric} data-testid={`drift-series-${x.metric}`} data-drifting={x.drifting}>
                  <h3 className="small">{x.label}</h3>
                  <DriftFigures s={x} days={s.status?.consecutiveDays ?? 0} />
                  <DriftChart s={x} />
                </div>
              ))}
          </>
        ) : (
          <p className="muted">Reading actuals…</p>
        )}
      </Panel>
      {s.op?.error ? <ErrorPanel title="The last action on this plan failed" error={s.op.error} testId="autonomy-error" /> : null}
    </>
  )
}
