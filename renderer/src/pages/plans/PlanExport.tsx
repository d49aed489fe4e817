/** Export an approved plan as one commit on a new branch of the checkout; earlier exports listed below. */
import { useShallow } from 'zustand/react/shallow'
import type { Plan, PlanExportResult } from '../../../../shared/types'
import { ErrorPanel } from '../../components/ui'
import { dateTime } from '../../format'
import { useAppStore } from '../../store'
import { CheckoutForm } from './PlanReview'

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
                  <td className="mono path">{e.repoPath}</td>
                  <td className="mono">{e.branch}</td>
                  <td className="mono commit" title={e.commit}>
                    {e.commit.slice(0, 12)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  )
}
