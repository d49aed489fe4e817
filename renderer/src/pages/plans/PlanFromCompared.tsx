/** "Create a plan from" any of the compared scenarios (the optimizer's answer has its own action). */
import { useAppStore } from '../../store'

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
