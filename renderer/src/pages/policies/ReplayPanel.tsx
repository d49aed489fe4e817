/**
 * Replay: what the policy would have done to the workload history. A job with progress and Cancel; results by
 * rule, team and week, the first denied workloads with the API server's message, and the counterfactual under
 * an assumption the user changes.
 */
import { useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { counterfactual } from '../../../../shared/policy-counterfactual'
import type { ReplayResult } from '../../../../shared/policy-types'
import { EChart } from '../../charts/EChart'
import { replayRulesOption, replayWeeksOption } from '../../charts/policy-options'
import { DataTable, num } from '../../components/Table'
import { EmptyState, ErrorPanel, Kpi, Panel, ProgressBar } from '../../components/ui'
import { integer, money, percent } from '../../format'
import { useAppStore } from '../../store'

function Counterfactual({ r }: { r: ReplayResult }) {
  const { pct, setPct } = useAppStore(useShallow((s) => ({ pct: s.resubmittedPct, setPct: s.setResubmittedPct })))
  const c = counterfactual(r.deniedCostUsd, pct, r.byRule.some((x) => x.kind === 'budget-ceiling'))
  return (
    <div className="counterfactual" data-testid="counterfactual">
      <div className="kpis kpis-3">
        <Kpi label="Gross: cost of denied workloads" value={money(c.grossUsd)} testId="cf-gross" hint="What the policy would have kept from running" />
        <Kpi label={`Resubmitted (${c.resubmittedPct} %)`} value={money(c.resubmittedUsd)} hint="Work that comes back in a compliant form" />
        <Kpi label="Net saving" value={money(c.netUsd)} testId="cf-net" hint="Gross minus the resubmitted share" />
      </div>
      <label className="field slider-field">
        <span className="field-label">Assumption: share of denied work resubmitted — {c.resubmittedPct} %</span>
        <input type="range" min={0} max={100} step={5} value={c.resubmittedPct} onChange={(e) => setPct(Number(e.target.value))} data-testid="cf-resubmitted" aria-valuetext={`${c.resubmittedPct} %`} />
      </label>
      <p className="explain">{c.note}</p>
    </div>
  )
}

type TeamRow = ReplayResult['byTeam'][number]

/** The teams past the first rows, summed into one line. */
function OtherTeams({ teams }: { teams: TeamRow[] }) {
  return (
    <tr className="muted" data-testid="replay-other-teams">
      <td>
        {integer(teams.length)} more team{teams.length === 1 ? '' : 's'}
        {teams.every((t) => t.denied === 0) ? ', none denied' : ''}
      </td>
      <td className="num">{integer(teams.reduce((a, t) => a + t.workloads, 0))}</td>
      <td className="num">{integer(teams.reduce((a, t) => a + t.denied, 0))}</td>
      <td className="num">{money(teams.reduce((a, t) => a + t.deniedCostUsd, 0))}</td>
    </tr>
  )
}

/** A denied workload: what and whose it is, when it started, its cost and what the API server would have said. */
const exampleCells = (e: ReplayResult['examples'][number]) => [
  <>
    <span className="mono">
      {e.kind} {e.namespace}/{e.name}
    </span>
    <div className="cell-sub">
      {e.team ?? 'no team'} · {e.accelerators} × {e.acceleratorType ?? 'unknown type'}
    </div>
  </>,
  e.start ? e.start.slice(0, 16).replace('T', ' ') : '—',
  <>
    {e.costUsd === null ? 'unpriced' : money(e.costUsd)}
    <div className="cell-sub">{e.costSource}</div>
  </>,
  e.denials.map((d) => (
    <div key={d.ruleId} className="denial-message">
      {d.message}
    </div>
  )),
]

function Results({ r }: { r: ReplayResult }) {
  const weeks = useMemo(() => replayWeeksOption(r), [r])
  const rules = useMemo(() => replayRulesOption(r), [r])
  const basis = r.deniedCostBasis
  // Every team with a denial (largest cost first), at least eight rows; the rest summed in one row.
  const shown = Math.max(8, r.byTeam.filter((t) => t.denied > 0).length)
  const shownTeams = r.byTeam.slice(0, shown)
  const otherTeams = r.byTeam.slice(shown)
  return (
    <div className="replay-results" data-testid="replay-results">
      <div className="kpis">
        <Kpi label="Workloads replayed" value={integer(r.workloads)} testId="replay-workloads" hint={`${integer(r.evaluations)} rule validations evaluated with ${r.engine}; the rest reused verdicts of identical inputs`} />
        <Kpi label="Denied" value={integer(r.denied)} testId="replay-denied" hint={r.workloads ? `${percent(r.denied / r.workloads)} of workloads` : undefined} />
        <Kpi
          label="Cost of denied workloads"
          value={money(r.deniedCostUsd)}
          testId="replay-denied-cost"
          hint={`billed ${money(basis.billedUsd)}, catalog-priced ${money(basis.catalogUsd)}${basis.unpriced ? `, ${integer(basis.unpriced)} unpriced` : ''}`}
        />
        <Kpi label="Accelerator-hours denied" value={integer(r.deniedAcceleratorHours)} hint={`replayed in ${(r.elapsedMs / 1000).toFixed(1)} s`} />
      </div>
      <Counterfactual r={r} />
      <div className="two-col">
        <Panel title="By week" className="chart-panel">
          <EChart option={weeks} height={240} label="Workloads allowed and denied per week, and the cost of the denied ones" testId="chart-replay-weeks" />
        </Panel>
        <Panel title="Cost denied by rule (a workload can fail several)" className="chart-panel">
          <EChart option={rules} height={240} label="Cost of the workloads each rule denied, with their number" testId="chart-replay-rules" />
        </Panel>
      </div>
      <div className="two-col">
        <Panel title="By team">
          <DataTable
            wrap={false}
            testId="replay-by-team"
            cols={['Team', num('Workloads'), num('Denied'), num('Cost denied')]}
            rows={shownTeams}
            rowKey={(t) => t.team}
            cells={(t) => [t.team, integer(t.workloads), integer(t.denied), money(t.deniedCostUsd)]}
            after={otherTeams.length > 0 && <OtherTeams teams={otherTeams} />}
          />
        </Panel>
        <Panel title="By rule">
          <DataTable
            wrap={false}
            cols={['Rule', num('Denied'), num('Cost'), num('Errors')]}
            rows={r.byRule}
            rowKey={(b) => b.ruleId}
            cells={(b) => [
              <>
                <span className="mono">{b.ruleId}</span> <span className="muted small">{b.kind}</span>
              </>,
              integer(b.denied),
              money(b.deniedCostUsd),
              b.errors ? integer(b.errors) : '—',
            ]}
          />
        </Panel>
      </div>
      <Panel title="First denied workloads — what the API server would have answered">
        {r.examples.length === 0 ? (
          <p className="muted">Nothing was denied.</p>
        ) : (
          <DataTable wrap={false} testId="replay-examples" cols={['Workload', 'Started', num('Cost'), 'Message']} rows={r.examples} rowKey={(e) => e.uid} cells={exampleCells} />
        )}
      </Panel>
    </div>
  )
}

export function ReplayPanel() {
  const { job, result, error, replay, cancel, canReplay, goTo } = useAppStore(useShallow((s) => ({ job: s.replayJob, result: s.replayResult, error: s.replayError, replay: s.replayPolicy, cancel: s.cancelReplay, canReplay: s.policyDraft !== null && s.policyPreviewError === null, goTo: s.goTo })))
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  return (
    <Panel title="Replay on the workload history" testId="replay-panel">
      <div className="form-row">
        <label className="field">
          <span className="field-label">From (workload start)</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="replay-from" />
        </label>
        <label className="field">
          <span className="field-label">To (inclusive)</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="replay-to" />
        </label>
        <button type="button" className="btn btn-primary align-end" disabled={!canReplay || job !== null} onClick={() => void replay({ from, to })} data-testid="replay-run">
          Replay
        </button>
        {job ? (
          <button type="button" className="btn align-end" onClick={() => void cancel()} disabled={!job.jobId} data-testid="replay-cancel">
            Cancel
          </button>
        ) : null}
      </div>
      <p className="explain">
        Every workload becomes the admission request the cluster would have seen (a Pod or Job with its labels, requests and accelerator node
        selector), and the CEL of the exported ValidatingAdmissionPolicy is evaluated on it — with the parameters the export would have written
        that day.
      </p>
      {job ? <ProgressBar label={job.step} current={job.current} total={job.total} /> : null}
      {error ? <ErrorPanel title={error.code === 'cancelled' ? 'Replay cancelled' : 'The replay failed'} error={error} tone={error.code === 'cancelled' ? 'neutral' : 'error'} testId="replay-error" /> : null}
      {result && result.workloads === 0 ? (
        <EmptyState title="No workloads to replay" testId="replay-empty">
          <p>Workloads come from telemetry naming pods, job traces imported with a mapping, and billing lines with resource ids.</p>
          <button type="button" className="btn" onClick={() => goTo('data')}>
            Go to Data
          </button>
        </EmptyState>
      ) : null}
      {result && result.workloads > 0 ? <Results r={result} /> : null}
    </Panel>
  )
}
