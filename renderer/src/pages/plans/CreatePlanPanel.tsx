/** The Plans page's "New plan": from any saved scenario (frozen with its runs) or from the baseline spend. */
import { moneyWhole } from '../../format'
import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { Panel } from '../../components/ui'
import { useAppStore } from '../../store'
import { PlanCreateFooter } from './PlanCreateFooter'
import { useLoadWhenIdle } from '../../store/use-load-when-idle'

const CLUSTER_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const usd = (x: number): string => moneyWhole(x)

export function CreatePlanPanel({ onClose }: { onClose: () => void }) {
  const { scenarios, load, preselect } = useAppStore(useShallow((s) => ({ scenarios: s.scenarios, load: s.scenariosLoad, preselect: s.planCreateFor })))
  const { loadScenarios, createPlan } = useAppStore(useShallow((s) => ({ loadScenarios: s.loadScenarios, createPlan: s.createPlan })))
  const [source, setSource] = useState<string>(preselect ?? 'baseline')
  const [nameText, setName] = useState<string | null>(null)
  const [cluster, setCluster] = useState('default')
  const [description, setDescription] = useState('')
  const [growth, setGrowth] = useState('0')
  const [horizon, setHorizon] = useState('90')
  useLoadWhenIdle(load.status, loadScenarios)
  const chosen = scenarios.find((s) => s.id === source)
  // Until the user types a name, the plan is named after the chosen scenario.
  const name = nameText ?? chosen?.name ?? ''
  const baseline = source === 'baseline'
  const growthN = Number(growth)
  const horizonN = Number(horizon)
  const valid =
    name.trim() !== '' &&
    CLUSTER_RE.test(cluster) &&
    (!baseline || (growth.trim() !== '' && Number.isFinite(growthN) && growthN >= -100 && growthN <= 1000 && Number.isInteger(horizonN) && horizonN >= 1 && horizonN <= 548))
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!valid) return
    void createPlan(
      baseline
        ? { name: name.trim(), description: description.trim(), growthPctPerMonth: growthN, horizonDays: horizonN, cluster }
        : { name: name.trim(), description: description.trim(), scenarioId: source, cluster },
    )
  }
  return (
    <Panel title="New plan" testId="plan-create-panel" actions={<button type="button" className="btn btn-ghost btn-small" onClick={onClose}>Close</button>}>
      <form className="form" onSubmit={submit} data-testid="create-plan-form">
        <p className="explain wide">
          A plan freezes a decision: the scenario, its latest simulation, the optimization run it came from and the forecast its demand came
          from are copied into the plan, so editing or deleting them later changes nothing in it. Quotas, autoscaling, capacity and budgets
          follow from it and can be edited in review.
        </p>
        <div className="form-row">
          <label className="field grow">
            <span className="field-label">From</span>
            <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="plan-source">
              <option value="baseline">Baseline spend (current spend carried forward, no fleet)</option>
              {scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} · {s.basis} · {s.accelerators} accelerators{s.lastRun ? ` · simulated ${usd(s.lastRun.costUsd)}` : ' · not simulated'}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Cluster</span>
            <input value={cluster} onChange={(e) => setCluster(e.target.value.trim())} className="mono" aria-invalid={!CLUSTER_RE.test(cluster)} data-testid="plan-cluster" />
          </label>
        </div>
        {chosen && !chosen.lastRun ? <p className="note">This scenario was never simulated: the plan will say so, and wait, carbon and fairness will be unknown. Simulate it first on the Scenarios page for those figures.</p> : null}
        <div className="form-row">
          <label className="field grow">
            <span className="field-label">Plan name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} placeholder="e.g. Q1 2027 fleet" data-testid="plan-name" />
          </label>
          {baseline ? (
            <>
              <label className="field">
                <span className="field-label">Growth (% / month)</span>
                <input type="number" value={growth} onChange={(e) => setGrowth(e.target.value)} step="0.5" data-testid="scenario-growth" />
              </label>
              <label className="field">
                <span className="field-label">Horizon (days)</span>
                <input type="number" value={horizon} onChange={(e) => setHorizon(e.target.value)} min={1} max={548} data-testid="scenario-horizon" />
              </label>
            </>
          ) : null}
        </div>
        <PlanCreateFooter description={description} onDescription={setDescription} rows={2} canSubmit={valid} />
      </form>
    </Panel>
  )
}
