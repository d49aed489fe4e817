import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EmptyState, Panel } from '../../components/ui'
import { useAppStore } from '../../store'
import { OptimizerDecision } from './OptimizerDecision'
import { OptimizerForm } from './OptimizerForm'
import { ParetoPanel } from './ParetoPanel'

/** Which scenario's demand the optimizer sizes for: the open one, or pick another saved scenario. */
function DemandFrom() {
  const { draft, dirty, scenarios } = useAppStore(useShallow((s) => ({ draft: s.draft, dirty: s.draftDirty, scenarios: s.scenarios })))
  const open = useAppStore((s) => s.openScenario)
  return (
    <label className="field">
      <span className="field-label">Size the fleet for the demand of</span>
      <select value={draft?.id ?? ''} onChange={(e) => void open(e.target.value)} style={{ width: 320 }} data-testid="opt-scenario">
        {!draft?.id ? <option value="">{draft ? `${draft.name} (unsaved)` : 'Choose a scenario…'}</option> : null}
        {scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {draft?.id === s.id && dirty ? ' (with unsaved edits)' : ''}
          </option>
        ))}
      </select>
    </label>
  )
}

/** The Optimize section: limits, the answer as a decision against the current fleet, and the Pareto front. */
export function OptimizerPanel() {
  const { draft, result, pareto, hasScenarios } = useAppStore(
    useShallow((s) => ({ draft: s.draft, result: s.optimizeResult, pareto: s.pareto, hasScenarios: s.scenarios.length > 0 })),
  )
  const [axis, setAxis] = useState<'carbon' | 'wait'>('carbon')
  if (!draft) {
    return (
      <Panel title="Optimizer" testId="optimizer-panel">
        <EmptyState title={hasScenarios ? 'Choose the scenario to size for' : 'No scenario to size for yet'} testId="optimizer-empty">
          {hasScenarios ? (
            <DemandFrom />
          ) : (
            <p>The optimizer sizes a fleet for a scenario’s demand: derive the baseline from billing in the Scenarios section first.</p>
          )}
        </EmptyState>
      </Panel>
    )
  }
  return (
    <Panel title="Optimizer: the cheapest mix that meets demand" testId="optimizer-panel">
      <p className="explain wide">
        Chooses how many accelerators of each type to buy, where and how (on-demand, spot, reserved, on-prem), so that each team’s demand is
        met at the chosen percentile at the least cost, within the budget, carbon cap and fairness floor. Prices are the ones the scenario
        editor and the simulation use. The answer is compared with the current fleet (the baseline derived from billing).
      </p>
      <div className="form-row">
        <DemandFrom />
      </div>
      <OptimizerForm axis={axis} setAxis={setAxis} />
      {result ? <OptimizerDecision r={result} /> : null}
      {pareto ? <ParetoPanel pareto={pareto} /> : null}
    </Panel>
  )
}
