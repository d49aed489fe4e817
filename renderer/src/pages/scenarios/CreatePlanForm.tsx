import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ErrorPanel } from '../../components/ui'
import { useAppStore } from '../../store'

/** A draft plan from the baseline spend with the growth and horizon shown above it. */
export function CreatePlanForm({ growth, horizon, valid }: { growth: number; horizon: number; valid: boolean }) {
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
