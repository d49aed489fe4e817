import { useShallow } from 'zustand/react/shallow'
import { Badge, EmptyState, ErrorPanel, Loading, Panel } from '../../components/ui'
import { moneyWhole } from '../../format'
import { Table } from '../../components/Table'
import { useAppStore } from '../../store'
import { fixed } from './pool-label'

/** Saved fleet scenarios: open one in the editor, tick up to four to compare, derive the baseline from billing. */
export function ScenarioList() {
  const { scenarios, load, draft, compareIds, op } = useAppStore(
    useShallow((s) => ({ scenarios: s.scenarios, load: s.scenariosLoad, draft: s.draft, compareIds: s.compareIds, op: s.scenarioOp })),
  )
  const { openScenario, deriveBaseline, toggleCompare, deleteScenario } = useAppStore(
    useShallow((s) => ({ openScenario: s.openScenario, deriveBaseline: s.deriveBaseline, toggleCompare: s.toggleCompare, deleteScenario: s.deleteScenario })),
  )
  const hasBaseline = scenarios.some((s) => s.basis === 'baseline')
  return (
    <Panel
      title="Fleet scenarios"
      testId="fleet-scenarios"
      actions={
        <button type="button" className="btn btn-small" onClick={() => void deriveBaseline()} disabled={op.pending} data-testid="derive-baseline">
          {hasBaseline ? 'Re-derive baseline from billing' : 'Derive baseline from billing'}
        </button>
      }
    >
      <p className="explain wide">
        A scenario is a fleet mix (type × count × region × purchase option), demand per team and workload class (H100-equivalent busy
        accelerators, with growth), a queueing policy and prices. The baseline is the current fleet read from imported billing. Click a row to
        edit it; tick “Compare” to put its last simulation side by side with others.
      </p>
      {op.error ? <ErrorPanel title="Could not derive or save the scenario" error={op.error} testId="scenario-op-error" /> : null}
      {load.status === 'loading' && scenarios.length === 0 ? <Loading /> : null}
      {scenarios.length === 0 && load.status !== 'loading' ? (
        <EmptyState title="No fleet scenarios yet" testId="fleet-scenarios-empty">
          <p>Derive the baseline from billing, or open the Optimize section and turn one of its answers into a scenario.</p>
        </EmptyState>
      ) : (
        <Table
          testId="scenario-list"
          className="table-select"
          head={
            <>
              <th>Compare</th>
              <th>Scenario</th>
              <th>Kind</th>
              <th className="num">Accelerators</th>
              <th className="num">Last run: cost over the horizon</th>
              <th className="num">p95 wait</th>
              <th />
            </>
          }
        >
          {scenarios.map((s) => (
            <tr key={s.id} className={draft?.id === s.id ? 'selected' : undefined} aria-selected={draft?.id === s.id} onClick={() => void openScenario(s.id)} data-testid="scenario-row">
              <td onClick={(e) => e.stopPropagation()}>
                <input
                  type="checkbox"
                  aria-label={`Compare ${s.name}`}
                  title={s.lastRun ? 'Compare this scenario’s last run' : 'Simulate it first'}
                  checked={compareIds.includes(s.id)}
                  disabled={!s.lastRun}
                  onChange={() => toggleCompare(s.id)}
                  data-testid="compare-toggle"
                />
              </td>
              <td>{s.name}</td>
              <td>
                <Badge tone={s.basis === 'baseline' ? 'info' : s.basis === 'optimizer' ? 'success' : 'neutral'}>{s.basis}</Badge>
              </td>
              <td className="num">{s.accelerators.toLocaleString('en-US')}</td>
              <td className="num">{s.lastRun ? moneyWhole(s.lastRun.costUsd) : '—'}</td>
              <td className="num">{s.lastRun ? `${fixed(s.lastRun.waitP95Hours)} h` : '—'}</td>
              <td className="cell-actions" onClick={(e) => e.stopPropagation()}>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void deleteScenario(s.id)} aria-label={`Delete ${s.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Panel>
  )
}
