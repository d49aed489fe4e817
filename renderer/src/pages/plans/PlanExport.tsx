/** Export an approved plan as one commit on a new branch of the checkout; earlier exports listed below. */
import { useShallow } from 'zustand/react/shallow'
import type { Plan, PlanExportResult } from '../../../../shared/types'
import { ErrorPanel, Facts } from '../../components/ui'
import { dateTime } from '../../format'
import { useAppStore } from '../../store'
import { CheckoutForm } from './PlanReview'
import { DataTable, num, td } from '../../components/Table'

function ExportResult({ r }: { r: PlanExportResult }) {
  if (r.status === 'unchanged') {
    return (
      <div className="export-result" data-testid="export-result" data-status={r.status}>
        <div className="export-result-head">
          <strong>Nothing to export: the checkout already holds exactly this plan</strong>
          <span className="muted">No commit and no branch were made.</span>
        </div>
      </div>
    )
  }
  return (
    <div className="export-result" data-testid="export-result" data-status={r.status}>
      <div className="export-result-head">
        <strong>{r.status === 'exported' ? 'Committed on a new branch' : 'Already exported: the branch holds this plan'}</strong>
        <span className="muted">Your working tree and current branch were not touched.</span>
      </div>
      <Facts
        className="facts facts-inline"
        items={[
          { label: 'Branch', value: r.branch, className: 'mono', testId: 'export-branch' },
          { label: 'Commit', value: r.commit, className: 'mono', testId: 'export-commit' },
          { label: 'Repository', value: r.repoPath, className: 'mono' },
        ]}
      />
      <details>
        <summary>
          {r.files.length} file{r.files.length === 1 ? '' : 's'} written{r.removed.length ? `, ${r.removed.length} removed` : ''}
        </summary>
        <ul className="file-list">
          {r.files.map((f) => (
            <li key={f} className="mono">
              {f}
            </li>
          ))}
          {r.removed.map((f) => (
            <li key={f} className="mono removed">
              {f} (removed)
            </li>
          ))}
        </ul>
      </details>
      {r.superseded.length ? <p className="muted">Superseded: {r.superseded.join(', ')}</p> : null}
    </div>
  )
}

export function PlanExport({ plan }: { plan: Plan }) {
  const { op, result, exportPlan } = useAppStore(useShallow((s) => ({ op: s.planExportOps[plan.id], result: s.lastExports[plan.id], exportPlan: s.exportPlan })))
  const approved = plan.approval !== null
  return (
    <div className="stack" data-testid="export-panel">
      {approved ? (
        <>
          <p className="explain">
            Writes <span className="mono">plans/{plan.approval?.at.slice(0, 10)}-{plan.slug}/</span> (plan.md, plan.json{plan.kind === 'fleet' ? ', report.html' : ''})
            {plan.kind === 'fleet' ? (
              <>
                {' '}
                and <span className="mono">clusters/{plan.cluster}/</span> (kustomization.yaml, kueue, quotas, autoscaling, karpenter, alerts)
              </>
            ) : null}{' '}
            as one commit on a new branch. Your current branch, staged and uncommitted work stay as they are; nothing is pushed.
          </p>
          <CheckoutForm onSubmit={() => void exportPlan(plan.id)} submitLabel={op?.pending ? 'Exporting…' : 'Export to Git'} busy={op?.pending === true} testId="export" />
          {op?.error ? <ErrorPanel title="Export failed" error={op.error} testId="export-error" /> : null}
          {result ? <ExportResult r={result} /> : null}
        </>
      ) : (
        <p className="muted">Approve the plan to export it to a Git checkout.</p>
      )}
      {plan.exports.length > 0 ? (
        <div className="previous-exports">
          <h3>Previous exports</h3>
          <DataTable
            wrap={false}
            testId="export-history"
            cols={[num('At'), 'Repository', 'Branch', 'Commit']}
            rows={plan.exports}
            rowKey={(e) => `${e.commit}-${e.at}`}
            cells={(e) => [dateTime(e.at), td(e.repoPath, { className: 'mono path' }), td(e.branch, { className: 'mono' }), td(e.commit.slice(0, 12), { className: 'mono commit', title: e.commit })]}
          />
        </div>
      ) : null}
    </div>
  )
}
