import { useShallow } from 'zustand/react/shallow'
import { ErrorPanel } from '../../components/ui'
import { useAppStore } from '../../store'
import { JobProgress } from './JobProgress'
import { NumberField } from './NumberInput'

/** The optimizer's limits and the demand percentile, with Optimize, the Pareto front and their progress. */
export function OptimizerForm({ axis, setAxis }: { axis: 'carbon' | 'wait'; setAxis: (a: 'carbon' | 'wait') => void }) {
  const { form, job, error } = useAppStore(useShallow((s) => ({ form: s.optimizerForm, job: s.optimizeJob, error: s.optimizeError })))
  const { setForm, runOptimize, runPareto, cancel } = useAppStore(
    useShallow((s) => ({ setForm: s.setOptimizerForm, runOptimize: s.runOptimize, runPareto: s.runPareto, cancel: s.cancelJob })),
  )
  return (
    <>
      <div className="form-row">
        <NumberField caption="Budget, USD/h (0 = none)" value={form.budgetUsdPerHour} onChange={(v) => setForm({ budgetUsdPerHour: v })} min={0} label="Budget" testId="opt-budget" width={110} />
        <NumberField caption="Carbon cap, kgCO2e/h (0 = none)" value={form.carbonCapKgPerHour} onChange={(v) => setForm({ carbonCapKgPerHour: v })} min={0} label="Carbon cap" testId="opt-carbon" width={110} />
        <NumberField caption="Fairness floor (share of demand)" value={form.fairnessFloor} onChange={(v) => setForm({ fairnessFloor: v })} min={0} max={1} step={0.05} label="Fairness floor" testId="opt-floor" />
        <NumberField caption="Target utilisation" value={form.targetUtilisation} onChange={(v) => setForm({ targetUtilisation: v })} min={0.1} max={1} step={0.05} label="Target utilisation" testId="opt-util" />
        <label className="field">
          <span className="field-label">Demand to meet</span>
          <select value={form.demandPercentile} onChange={(e) => setForm({ demandPercentile: Number(e.target.value) })} style={{ width: 150 }} data-testid="opt-percentile">
            {[50, 75, 90, 95, 99].map((p) => (
              <option key={p} value={p}>
                {p === 50 ? 'the median (p50)' : `p${p}`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-row">
        <button type="button" className="btn btn-primary" onClick={() => void runOptimize()} disabled={!!job} data-testid="optimize">
          Optimize
        </button>
        <span className="muted">or draw the trade-off:</span>
        <div className="segmented" role="group" aria-label="Pareto axis">
          {(['carbon', 'wait'] as const).map((a) => (
            <button key={a} type="button" className={axis === a ? 'active' : ''} onClick={() => setAxis(a)} aria-pressed={axis === a}>
              cost vs {a === 'carbon' ? 'carbon' : 'p95 wait'}
            </button>
          ))}
        </div>
        <button type="button" className="btn" onClick={() => void runPareto(axis)} disabled={!!job} data-testid="pareto">
          Pareto front
        </button>
      </div>
      {job ? <JobProgress job={job} onCancel={() => void cancel('optimize')} testId="opt-progress" /> : null}
      {error ? <ErrorPanel title="The optimizer could not answer" error={error} testId="opt-error" /> : null}
    </>
  )
}
