/**
 * Approval shows exactly what is signed — the content hash, the totals, the review diff — and asks for
 * confirmation, because it cannot be undone. The approver defaults to the Git identity (or the OS user).
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Plan } from '../../../../shared/types'
import { ErrorPanel, Facts } from '../../components/ui'
import { money, moneyWhole } from '../../format'
import { useAppStore } from '../../store'

const usd = (x: number): string => moneyWhole(x)

function ConfirmDialog({ plan, by, comment, onCancel }: { plan: Plan; by: string; comment: string; onCancel: () => void }) {
  const { op, approve, diff, checkout } = useAppStore(useShallow((s) => ({ op: s.planApproveOps[plan.id], approve: s.approvePlan, diff: s.planDiffs[plan.id], checkout: s.checkout })))
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => confirmRef.current?.focus(), [])
  const d = diff?.diff && diff.contentHash === plan.contentHash ? diff.diff : null
  const changed = d ? d.files.filter((f) => f.change !== 'unchanged') : []
  const f = plan.fleet
  const t = plan.totals
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') onCancel()
  }
  const confirm = async (): Promise<void> => {
    if (await approve(plan.id, by, comment, plan.contentHash)) onCancel()
  }
  return (
    <div className="modal-backdrop" onKeyDown={onKey}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="approve-title" data-testid="approve-dialog">
        <h2 id="approve-title">Approve “{plan.name}”?</h2>
        <p className="explain">
          Approval cannot be undone: the plan becomes read-only and the workspace refuses any change to it. To change it later, copy it into a new
          draft. You sign exactly this:
        </p>
        <Facts
          className="facts signed-facts"
          items={[
            { label: 'Content hash', value: plan.contentHash, className: 'mono hash', testId: 'approve-hash' },
            { label: 'Approver', value: by, testId: 'approve-by' },
            f
              ? {
                  label: 'Fleet',
                  className: 'num',
                  value: `${f.accelerators} accelerators in ${f.pools} pools · ${usd(f.monthlyUsd)} per month${f.simulated ? ` · simulated ${usd(f.simulated.costUsd.mean)} over ${f.horizonDays} days` : ' · not simulated'}`,
                }
              : null,
            t && !f ? { label: 'Spend forecast', value: money(t.forecastCost, t.currency), className: 'num' } : null,
            plan.recommendations
              ? {
                  label: 'Recommendations',
                  value: `${plan.recommendations.kueue.queues.length} ClusterQueues, ${plan.recommendations.quotas.length} ResourceQuotas, ${plan.recommendations.autoscaling.length} autoscalers, ${plan.recommendations.nodePools.length} NodePools, ${plan.recommendations.budgets.length} budget rules; ${plan.recommendations.edits.length} changed in review`,
                }
              : null,
            {
              label: 'Against the checkout',
              testId: 'approve-diff',
              value: d ? (
                <>
                  {changed.length} manifest{changed.length === 1 ? '' : 's'} change in <span className="mono">{d.repoPath}</span>
                  {d.deltas.monthlyUsd !== null ? ` · cost ${d.deltas.monthlyUsd >= 0 ? '+' : '−'}${usd(Math.abs(d.deltas.monthlyUsd))}/month vs plan ${d.current?.planId ?? ''}` : ''}
                </>
              ) : (
                <span className="warn-text">
                  Not compared{checkout.repoPath ? ` with ${checkout.repoPath}` : ''}: use “Compare with checkout” above to see what would change.
                </span>
              ),
            },
            { label: 'Comment', value: comment },
          ]}
        />
        {op?.error ? <ErrorPanel title="Not approved" error={op.error} testId="approve-error" /> : null}
        <div className="form-actions">
          <button type="button" className="btn btn-primary" ref={confirmRef} onClick={() => void confirm()} disabled={op?.pending === true} data-testid="approve-confirm">
            {op?.pending ? 'Approving…' : 'Approve and sign'}
          </button>
          <button type="button" className="btn" onClick={onCancel} data-testid="approve-cancel">
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}

export function ApproveForm({ plan }: { plan: Plan }) {
  const { identity, reviewer, setReviewer, loadIdentity } = useAppStore(
    useShallow((s) => ({ identity: s.identity, reviewer: s.reviewer, setReviewer: s.setReviewer, loadIdentity: s.loadIdentity })),
  )
  const [comment, setComment] = useState('')
  const [confirming, setConfirming] = useState(false)
  useEffect(() => {
    if (!identity) void loadIdentity()
  }, [identity, loadIdentity])
  const ready = reviewer.trim() !== '' && comment.trim() !== ''
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (ready) setConfirming(true)
  }
  return (
    <form className="form" onSubmit={submit} data-testid="approve-form">
      <p className="explain">Approval records who approved, when, and the content hash of everything reviewed above. An approved plan cannot change.</p>
      <div className="form-row">
        <label className="field">
          <span className="field-label">Approver</span>
          <input value={reviewer} onChange={(e) => setReviewer(e.target.value)} required maxLength={200} data-testid="approve-name" autoComplete="name" />
          {identity ? <span className="field-hint">From {identity.source}</span> : null}
        </label>
        <label className="field grow">
          <span className="field-label">Comment</span>
          <input value={comment} onChange={(e) => setComment(e.target.value)} required maxLength={4000} data-testid="approve-comment" placeholder="What was reviewed, and why it is fine" />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!ready} data-testid="approve-submit">
          Approve…
        </button>
      </div>
      {confirming ? <ConfirmDialog plan={plan} by={reviewer.trim()} comment={comment.trim()} onCancel={() => setConfirming(false)} /> : null}
    </form>
  )
}
