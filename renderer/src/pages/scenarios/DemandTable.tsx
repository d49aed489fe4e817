import type { DemandStream, Scenario, WorkloadClass } from '../../../../shared/scenario-types'
import { WORKLOAD_CLASSES } from '../../../../shared/scenario-types'
import { Table } from '../../components/Table'
import { NumberInput } from './NumberInput'

/** Demand of the open scenario: one row per team × workload class. */
export function DemandTable({ draft, edit }: { draft: Scenario; edit: (s: Scenario) => void }) {
  const setStream = (i: number, d: DemandStream): void => edit({ ...draft, demand: { ...draft.demand, streams: draft.demand.streams.map((x, j) => (j === i ? d : x)) } })
  return (
    <Table
      testId="demand-table"
      head={
        <>
          <th>Team</th>
          <th>Workload class</th>
          <th className="num">Demand (H100-equivalent busy accelerators)</th>
          <th className="num">Growth % / month</th>
          <th className="num">Priority</th>
        </>
      }
    >
      {draft.demand.streams.map((d, i) => (
        <tr key={i}>
          <td>
            <input aria-label="Team" value={d.team} onChange={(e) => setStream(i, { ...d, team: e.target.value })} style={{ width: 150 }} />
          </td>
          <td>
            <select aria-label="Workload class" value={d.workloadClass} onChange={(e) => setStream(i, { ...d, workloadClass: e.target.value as WorkloadClass })}>
              {WORKLOAD_CLASSES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </td>
          <td className="num">
            <NumberInput value={d.base} onChange={(v) => setStream(i, { ...d, base: v })} min={0} step={0.5} label="Demand" />
          </td>
          <td className="num">
            <NumberInput value={d.growthPctPerMonth} onChange={(v) => setStream(i, { ...d, growthPctPerMonth: v })} step={0.5} label="Growth" />
          </td>
          <td className="num">
            <NumberInput value={d.priority ?? 0} onChange={(v) => setStream(i, { ...d, priority: Math.round(v) })} label="Priority" width={60} />
          </td>
        </tr>
      ))}
    </Table>
  )
}
