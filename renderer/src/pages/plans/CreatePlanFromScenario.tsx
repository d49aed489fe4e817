/** "Create plan from this" where a scenario is chosen: the optimizer's answer and the compare view. */
import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Scenario } from '../../../../shared/scenario-types'
import { ErrorPanel } from '../../components/ui'
import { useAppStore } from '../../store'

const CLUSTER_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/** A button that opens a small form (plan name, cluster), saves the scenario it is given and creates the draft plan. */
export function CreatePlanFromScenario({ defaultName, scenario, testId }: { defaultName: string; scenario: () => Promise<Scenario | null>; testId?: string }) {
  const [open, setOpen] = useState(false)
  const [name, setName] = useState(defaultName)
  const [cluster, setCluster] = useState('default')
  const [busy, setBusy] = useState(false)
  const { op, createPlan } = useAppStore(useShallow((s) => ({ op: s.planCreateOp, createPlan: s.createPlan })))
  const clusterOk = CLUSTER_RE.test(cluster)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!name.trim() || !clusterOk) return
    setBusy(true)
    try {
      const s = await scenario()
      if (s?.id) await createPlan({ name: name.trim(), scenarioId: s.id, cluster })
    } finally {
      setBusy(false)
    }
  }
  if (!open) {
    return (
      <button type="button" className="btn btn-small btn-primary" onClick={() => setOpen(true)} data-testid={testId}>
        Create plan from this…
      </button>
    )
  }
  return (
    <form className="form inline-plan-form" onSubmit={(e) => void submit(e)} data-testid={testId ? `${testId}-form` : undefined}>
      <div className="form-row">
        <label className="field grow">
          <span className="field-label">Plan name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required data-testid="plan-from-name" autoFocus />
        </label>
        <label className="field">
          <span className="field-label">Cluster</span>
          <input value={cluster} onChange={(e) => setCluster(e.target.value.trim())} aria-invalid={!clusterOk} className="mono" data-testid="plan-from-cluster" />
          {!clusterOk ? <span className="field-error">Lower-case letters, digits and “-”.</span> : null}
        </label>
      </div>
      {op.error ? <ErrorPanel title="Could not create the plan" error={op.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy || !name.trim() || !clusterOk} data-testid="plan-from-submit">
          {busy ? 'Creating…' : 'Create draft plan'}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <span className="muted">Saves the fleet as a scenario and freezes it in a draft plan, with the optimization run that produced it.</span>
      </div>
    </form>
  )
}

/** Under the compare table: a plan from any of the compared scenarios. */
export function PlanFromCompared({ scenarios }: { scenarios: { id: string | null; name: string }[] }) {
  const open = useAppStore((s) => s.openPlanCreate)
  const saved = scenarios.filter((s): s is { id: string; name: string } => !!s.id)
  if (saved.length === 0) return null
  return (
    <div className="form-actions" data-testid="compare-create-plan">
      <span className="muted">Create a plan from:</span>
      {saved.map((s) => (
        <button key={s.id} type="button" className="btn btn-small" onClick={() => open(s.id)}>
          {s.name}
        </button>
      ))}
    </div>
  )
}
