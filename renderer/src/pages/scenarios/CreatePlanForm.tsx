import { useState, type FormEvent } from 'react'
import { useAppStore } from '../../store'
import { PlanCreateFooter } from '../plans/PlanCreateFooter'

/** A draft plan from the baseline spend with the growth and horizon shown above it. */
export function CreatePlanForm({ growth, horizon, valid }: { growth: number; horizon: number; valid: boolean }) {
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const createPlan = useAppStore((s) => s.createPlan)
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
      <PlanCreateFooter
        description={description}
        onDescription={setDescription}
        rows={3}
        canSubmit={name.trim() !== '' && valid}
        note={`Baseline, ${growth} %/month growth, ${horizon} days. You can review and approve it on the Plans page.`}
      />
    </form>
  )
}
