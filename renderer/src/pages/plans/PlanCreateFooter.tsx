/** The end of both "create a draft plan" forms (Plans page, Scenarios' baseline): description, error, submit. */
import type { ReactNode } from 'react'
import { useAppStore } from '../../store'
import { ErrorPanel } from '../../components/ui'

export function PlanCreateFooter({
  description,
  onDescription,
  rows,
  canSubmit,
  note,
}: {
  description: string
  onDescription: (text: string) => void
  rows: number
  canSubmit: boolean
  note?: ReactNode
}) {
  const op = useAppStore((s) => s.planCreateOp)
  return (
    <>
      <label className="field">
        <span className="field-label">
          Description <span className="muted">(optional)</span>
        </span>
        <textarea value={description} onChange={(e) => onDescription(e.target.value)} rows={rows} maxLength={4000} data-testid="plan-description" />
      </label>
      {op.error ? <ErrorPanel title="Could not create the plan" error={op.error} testId="plan-create-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!canSubmit || op.pending} data-testid="plan-create-submit">
          {op.pending ? 'Creating…' : 'Create draft plan'}
        </button>
        {note ? <span className="muted">{note}</span> : null}
      </div>
    </>
  )
}
