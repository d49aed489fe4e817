import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Scenario } from '../../../../shared/scenario-types'
import { QUEUE_POLICIES } from '../../../../shared/scenario-types'
import { ErrorPanel, Panel } from '../../components/ui'
import { useAppStore } from '../../store'
import { pricingKey } from '../../store/scenario-slice'
import { DemandTable } from './DemandTable'
import { FleetTable } from './FleetTable'
import { NumberField, NumberInput } from './NumberInput'
import { SimulateBar } from './SimulateBar'

function DemandSource({ draft }: { draft: Scenario }) {
  const { op, setDemandSource } = useAppStore(useShallow((s) => ({ op: s.scenarioOp, setDemandSource: s.setDemandSource })))
  return (
    <div className="form-row" data-testid="demand-source">
      <span className="muted">
        {draft.demand.paths
          ? `Sample paths from ${draft.demand.paths.source}; the table's base sets each stream's size.`
          : 'History × growth: each stream’s base, growing at its monthly rate, with daily/weekly profile and noise.'}
      </span>
      {draft.demand.paths ? (
        <button type="button" className="btn btn-small" onClick={() => void setDemandSource('history')} disabled={op.pending} data-testid="demand-use-history">
          Use history × growth
        </button>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => void setDemandSource('forecast')} disabled={op.pending} data-testid="demand-use-forecast">
          Use GPU-hours forecast
        </button>
      )}
    </div>
  )
}

/** The open scenario: its settings, fleet mix (priced by the one price function), demand, and the simulation. */
export function ScenarioEditor() {
  const { draft, dirty, cat, op, prices } = useAppStore(
    useShallow((s) => ({ draft: s.draft, dirty: s.draftDirty, cat: s.catalog, op: s.scenarioOp, prices: s.poolPrices })),
  )
  const { edit, save, newVariant, loadPoolPrices } = useAppStore(
    useShallow((s) => ({ edit: s.editDraft, save: s.saveDraft, newVariant: s.newVariant, loadPoolPrices: s.loadPoolPrices })),
  )
  const key = draft ? pricingKey(draft) : null
  // Prices depend only on the draft's pricing inputs (the key), not on every keystroke elsewhere in it.
  useEffect(() => {
    const d = useAppStore.getState().draft
    if (d && cat && key !== null && prices?.key !== key && (d.priceMultiplier ?? 1) > 0) void loadPoolPrices(d)
  }, [key, cat, prices?.key, loadPoolPrices])
  if (!draft || !cat) return null
  const valid = draft.name.trim() !== '' && draft.fleet.every((f) => Number.isInteger(f.count) && f.count >= 0) && draft.demand.streams.every((d) => d.base >= 0 && d.team.trim())
  return (
    <Panel
      title={`Edit: ${draft.name}${dirty ? ' (unsaved)' : ''}`}
      testId="scenario-editor"
      actions={
        <>
          <button type="button" className="btn btn-small" onClick={newVariant} data-testid="new-variant">
            New variant from this
          </button>
          <button type="button" className="btn btn-small btn-primary" onClick={() => void save()} disabled={!valid || op.pending} data-testid="scenario-save">
            Save
          </button>
        </>
      }
    >
      <div className="form-row">
        <label className="field">
          <span className="field-label">Name</span>
          <input value={draft.name} onChange={(e) => edit({ ...draft, name: e.target.value })} maxLength={120} style={{ width: 320 }} data-testid="scenario-name" />
        </label>
        <label className="field">
          <span className="field-label">Horizon (days)</span>
          <NumberInput value={draft.horizonHours / 24} onChange={(v) => edit({ ...draft, horizonHours: Math.max(1, Math.round(v)) * 24 })} min={1} max={548} label="Horizon days" testId="scenario-horizon-days" />
        </label>
        <label className="field">
          <span className="field-label">Queue policy</span>
          <select value={draft.policy.queue} onChange={(e) => edit({ ...draft, policy: { ...draft.policy, queue: e.target.value as Scenario['policy']['queue'] } })} data-testid="scenario-policy">
            {QUEUE_POLICIES.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>
        <NumberField caption="Max wait before unmet (h)" value={draft.policy.maxWaitHours} onChange={(v) => edit({ ...draft, policy: { ...draft.policy, maxWaitHours: v } })} min={1} label="Max wait" />
        <NumberField caption="Fairness floor" value={draft.policy.fairnessFloor} onChange={(v) => edit({ ...draft, policy: { ...draft.policy, fairnessFloor: v } })} min={0} max={1} step={0.05} label="Fairness floor" />
        <NumberField caption="Price ×" value={draft.priceMultiplier ?? 1} onChange={(v) => edit({ ...draft, priceMultiplier: v })} min={0.01} step={0.05} label="Price multiplier" />
      </div>
      <h3>Fleet mix</h3>
      <FleetTable draft={draft} cat={cat} prices={prices?.rows ?? []} edit={edit} />
      <h3>Demand</h3>
      <DemandSource draft={draft} />
      <DemandTable draft={draft} edit={edit} />
      {op.error ? <ErrorPanel title="Could not update the scenario" error={op.error} testId="scenario-error" /> : null}
      <SimulateBar draft={draft} valid={valid} />
    </Panel>
  )
}
