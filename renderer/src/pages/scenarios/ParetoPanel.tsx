import { useMemo } from 'react'
import type { ParetoResult } from '../../../../shared/scenario-types'
import { ChartCard } from '../../charts/ChartCard'
import { paretoOption } from '../../charts/scenario-options'
import { Table } from '../../components/Table'
import { useAppStore } from '../../store'
import { fixed } from './pool-label'
import { money, moneyWhole } from '../../format'

/** The cost trade-off against carbon or queue wait: click a point (or "Make scenario") to keep that fleet. */
export function ParetoPanel({ pareto }: { pareto: ParetoResult }) {
  const fromFleet = useAppStore((s) => s.scenarioFromFleet)
  const option = useMemo(() => paretoOption(pareto), [pareto])
  const second = pareto.axis === 'carbon' ? 'carbon' : '95th-percentile queue wait'
  return (
    <div data-testid="pareto-result">
      <h3>Trade-off: cost against {second}</h3>
      {pareto.points.length === 0 ? (
        <p className="note">{pareto.notes.join(' ')}</p>
      ) : (
        <ChartCard
          title={`Pareto front: each point is the cheapest fleet for its ${pareto.axis === 'carbon' ? 'carbon cap' : 'target utilisation'}`}
          unit={pareto.axis === 'carbon' ? 'x: USD an hour · y: kgCO2e an hour' : 'x: USD an hour · y: hours'}
          option={option}
          height={300}
          label={`Pareto front of cost against ${pareto.axis}`}
          testId="pareto-chart"
          note="Click a point to save its fleet as a scenario."
          onPointClick={({ dataIndex }) => {
            const pt = pareto.points[dataIndex]
            if (pt) void fromFleet(`Pareto: ${moneyWhole(pt.costUsdPerHour)}/h, ${pareto.axis === 'carbon' ? `${fixed(pt.carbonKgPerHour, 0)} kg/h` : `p95 ${fixed(pt.waitP95Hours ?? 0)} h`}`, pt.fleet, pareto.runId)
          }}
        />
      )}
      {pareto.points.length > 0 ? (
        <Table
          testId="pareto-points"
          head={
            <>
              <th className="num">USD an hour</th>
              <th className="num">kgCO2e an hour</th>
              <th className="num">p95 wait</th>
              <th>Fleet</th>
              <th />
            </>
          }
        >
          {pareto.points.map((pt, i) => (
            <tr key={i}>
              <td className="num">{money(pt.costUsdPerHour)}</td>
              <td className="num">{fixed(pt.carbonKgPerHour)}</td>
              <td className="num">{pt.waitP95Hours === null ? '—' : `${fixed(pt.waitP95Hours)} h`}</td>
              <td className="cell-sub">{pt.fleet.map((f) => `${f.count} × ${f.accelerator} ${f.option}`).join(', ')}</td>
              <td>
                <button type="button" className="btn btn-small" data-testid="pareto-use" onClick={() => void fromFleet(`Pareto point ${i + 1}: ${moneyWhole(pt.costUsdPerHour)}/h`, pt.fleet, pareto.runId)}>
                  Make scenario
                </button>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      <p className="note">{pareto.notes.join(' ')}</p>
    </div>
  )
}
