import { useMemo } from 'react'
import { PlanFromCompared } from '../plans/PlanFromCompared'
import { useShallow } from 'zustand/react/shallow'
import type { KpiName, SimulationRunSummary } from '../../../../shared/scenario-types'
import { ChartCard } from '../../charts/ChartCard'
import { kpiCompareOption, weeklyUtilOption } from '../../charts/scenario-options'
import { EmptyState, Panel } from '../../components/ui'
import { moneyWhole } from '../../format'
import { Table } from '../../components/Table'
import { useAppStore } from '../../store'
import { fixed } from './pool-label'

const KPI_ROWS: { k: KpiName; label: string; fmt: (x: number) => string }[] = [
  { k: 'costUsd', label: 'Cost over the horizon', fmt: moneyWhole },
  { k: 'utilisation', label: 'Utilisation', fmt: (x) => `${fixed(x * 100)} %` },
  { k: 'waitP50Hours', label: 'Queue wait p50', fmt: (x) => `${fixed(x)} h` },
  { k: 'waitP95Hours', label: 'Queue wait p95', fmt: (x) => `${fixed(x)} h` },
  { k: 'unmetFraction', label: 'Unmet demand', fmt: (x) => `${fixed(x * 100, 2)} %` },
  { k: 'spotInterruptions', label: 'Spot interruptions', fmt: (x) => fixed(x, 0) },
  { k: 'carbonTonnes', label: 'Carbon (tCO2e)', fmt: (x) => fixed(x) },
  { k: 'jain', label: "Fairness (Jain's index, 1 = even)", fmt: (x) => fixed(x, 3) },
  { k: 'deserts', label: 'Resource deserts (teams below the floor)', fmt: (x) => fixed(x, 2) },
]

/** Which simulated scenarios are compared: the same ticks as the list's "Compare" column. */
function ComparePicker() {
  const { scenarios, ids, toggle } = useAppStore(useShallow((s) => ({ scenarios: s.scenarios, ids: s.compareIds, toggle: s.toggleCompare })))
  const simulated = scenarios.filter((s) => s.lastRun)
  if (simulated.length === 0) return null
  return (
    <div className="compare-picker" role="group" aria-label="Scenarios to compare" data-testid="compare-picker">
      <span className="muted">Compare (up to four):</span>
      {simulated.map((s) => (
        <label key={s.id} className={`chip${ids.includes(s.id) ? ' chip-on' : ''}`}>
          <input type="checkbox" checked={ids.includes(s.id)} onChange={() => toggle(s.id)} />
          {s.name}
        </label>
      ))}
    </div>
  )
}

function KpiTable({ list }: { list: SimulationRunSummary[] }) {
  return (
    <Table
      testId="compare-table"
      head={
        <>
          <th>KPI (mean, 95 % CI)</th>
          {list.map((r) => (
          <th key={r.id} className="num">
          {r.scenarioName}
          <div className="cell-sub">
          {r.paths} paths · {Math.round(r.result.hours / 24)} days · seed {r.seed}
          </div>
          </th>
          ))}
        </>
      }
    >
      {KPI_ROWS.map((row) => (
        <tr key={row.k}>
          <td>{row.label}</td>
          {list.map((r) => {
            const s = r.result.kpis[row.k]
            return (
              <td key={r.id} className="num" data-testid={`kpi-${row.k}`}>
                {row.fmt(s.mean)}
                <div className="cell-sub">
                  {row.fmt(s.ci95[0])} – {row.fmt(s.ci95[1])}
                </div>
              </td>
            )
          })}
        </tr>
      ))}
      <tr>
        <td>Carbon range (grid intensity ± {list[0]?.result.carbonRange.rangePct ?? 20} %)</td>
        {list.map((r) => (
          <td key={r.id} className="num">
            {fixed(r.result.carbonRange.lo)} – {fixed(r.result.carbonRange.hi)}
          </td>
        ))}
      </tr>
    </Table>
  )
}

const SPREAD = 'Diamond: mean; blue bar: its 95 % confidence interval; grey bar: 5th–95th percentile over the simulated paths.'

/** Simulated scenarios side by side: KPI table with confidence intervals, and one titled chart per KPI. */
export function ComparePanel() {
  const { ids, runs } = useAppStore(useShallow((s) => ({ ids: s.compareIds, runs: s.latestRuns })))
  const list = useMemo(() => ids.map((id) => runs[id]).filter((r): r is SimulationRunSummary => !!r), [ids, runs])
  const costOpt = useMemo(() => kpiCompareOption(list, (r) => r.result.kpis.costUsd, { prefix: '$' }), [list])
  const waitOpt = useMemo(() => kpiCompareOption(list, (r) => r.result.kpis.waitP95Hours, { suffix: ' h' }), [list])
  const carbonOpt = useMemo(() => kpiCompareOption(list, (r) => r.result.kpis.carbonTonnes, { suffix: ' t' }), [list])
  const weeklyOpt = useMemo(() => weeklyUtilOption(list), [list])
  const days = [...new Set(list.map((r) => Math.round(r.result.hours / 24)))]
  const horizon = days.length === 1 ? `${days[0]} days` : 'each scenario’s horizon'
  return (
    <Panel title="Compare simulated scenarios" testId="compare-panel">
      <ComparePicker />
      {list.length === 0 ? (
        <EmptyState title="Nothing to compare yet" testId="compare-empty">
          <p>Simulate a scenario in the Scenarios section, then tick the scenarios to compare (up to four).</p>
        </EmptyState>
      ) : (
        <>
          <KpiTable list={list} />
          <PlanFromCompared scenarios={list.map((r) => ({ id: r.scenarioId, name: r.scenarioName }))} />
          <div className="chart-grid">
            <ChartCard title={`Cost over ${horizon}`} unit="USD" option={costOpt} height={240} label="Cost per scenario with 95 % confidence interval" testId="compare-cost-chart" note={SPREAD} />
            <ChartCard title="Queue wait, 95th percentile" unit="hours" option={waitOpt} height={240} label="p95 queue wait per scenario with 95 % confidence interval" testId="compare-wait-chart" />
            <ChartCard title={`Carbon over ${horizon}`} unit="tCO2e" option={carbonOpt} height={240} label="Carbon per scenario with 95 % confidence interval" testId="compare-carbon-chart" />
            <ChartCard title="Utilisation by week" unit="% of accelerator-hours busy" option={weeklyOpt} height={240} label="Weekly utilisation per scenario" testId="compare-weekly-chart" />
          </div>
          {[...new Set(list.flatMap((r) => r.result.notes))].map((n) => (
            <p key={n} className="note">
              {n}
            </p>
          ))}
        </>
      )}
    </Panel>
  )
}
