import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { FleetAssessment, OptimizeResult } from '../../../../shared/scenario-types'
import { ErrorPanel, Kpi } from '../../components/ui'
import { money, moneyRate, moneyWhole } from '../../format'
import { Table } from '../../components/Table'
import { useAppStore } from '../../store'
import { fixed, poolKey, poolName } from './pool-label'

type Better = 'lower' | 'higher' | 'neither'

interface Row {
  label: string
  testId: string
  get: (a: FleetAssessment) => number | null
  fmt: (x: number) => string
  /** How the change reads: a lower cost is better, a higher fairness index is better. */
  better: Better
  /** Differences smaller than this are "no change". */
  epsilon: number
  /** How a difference reads when it is not in the figure's own unit (a change of a share is in percentage points). */
  fmtChange?: (x: number) => string
}

const hours = (x: number): string => `${fixed(x)} h`
const ROWS: Row[] = [
  { label: 'Accelerators', testId: 'accelerators', get: (a) => a.accelerators, fmt: (x) => x.toLocaleString('en-US'), better: 'neither', epsilon: 0.5 },
  { label: 'Cost a month', testId: 'monthly', get: (a) => a.monthlyUsd, fmt: moneyWhole, better: 'lower', epsilon: 0.5 },
  { label: 'Cost over the horizon', testId: 'horizon', get: (a) => a.horizonUsd, fmt: moneyWhole, better: 'lower', epsilon: 0.5 },
  { label: 'Queue wait, 95th percentile', testId: 'wait', get: (a) => a.waitP95Hours, fmt: hours, better: 'lower', epsilon: 0.05 },
  { label: 'Demand left unserved', testId: 'unmet', get: (a) => a.unmetFraction, fmt: (x) => `${fixed(x * 100)} %`, fmtChange: (x) => `${fixed(x * 100)} percentage points`, better: 'lower', epsilon: 0.0005 },
  { label: 'Carbon a month', testId: 'carbon', get: (a) => a.carbonTonnesPerMonth, fmt: (x) => `${fixed(x)} tCO2e`, better: 'lower', epsilon: 0.05 },
  { label: 'Fairness (Jain’s index, 1 = even)', testId: 'jain', get: (a) => a.jain, fmt: (x) => fixed(x, 2), better: 'higher', epsilon: 0.005 },
]

function Change({ row, current, proposed }: { row: Row; current: number | null; proposed: number | null }) {
  if (current === null || proposed === null) return <span className="muted">—</span>
  const d = proposed - current
  if (Math.abs(d) < row.epsilon) return <span className="muted">no change</span>
  const good = row.better === 'lower' ? d < 0 : d > 0
  const tone = row.better === 'neither' ? '' : good ? 'delta-good' : 'delta-bad'
  const rel = Math.abs(current) > 1e-9 && row.testId !== 'jain' && row.testId !== 'unmet' ? ` (${d < 0 ? '−' : '+'}${fixed(Math.abs(d / current) * 100, 0)} %)` : ''
  return (
    <span className={tone}>
      {d < 0 ? '−' : '+'}
      {(row.fmtChange ?? row.fmt)(Math.abs(d))}
      {rel}
    </span>
  )
}

function ComparisonTable({ current, proposed }: { current: FleetAssessment | null; proposed: FleetAssessment }) {
  return (
    <Table
      testId="opt-compare"
      className="decision-table"
      head={
        <>
          <th />
          {current ? (
          <th className="num">
          Current fleet<div className="cell-sub">{current.name}</div>
          </th>
          ) : null}
          <th className="num">Optimizer’s fleet</th>
          {current ? <th className="num">Change</th> : null}
        </>
      }
    >
      {ROWS.map((row) => {
        const c = current ? row.get(current) : null
        const p = row.get(proposed)
        return (
          <tr key={row.testId} data-testid={`opt-row-${row.testId}`}>
            <td>{row.label}</td>
            {current ? <td className="num">{c === null ? '—' : row.fmt(c)}</td> : null}
            <td className="num">{p === null ? '—' : row.fmt(p)}</td>
            {current ? (
              <td className="num" data-testid={`opt-delta-${row.testId}`}>
                <Change row={row} current={c} proposed={p} />
              </td>
            ) : null}
          </tr>
        )
      })}
    </Table>
  )
}

/** A Kubernetes cluster name as in clusters/<cluster>/: a DNS-1123 label (the contract checks it too). */
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

function Actions({ r }: { r: OptimizeResult }) {
  const { savedAs, op } = useAppStore(useShallow((s) => ({ savedAs: s.optimizeSavedAs, op: s.optimizerOp })))
  const { save, createPlan } = useAppStore(useShallow((s) => ({ save: s.saveOptimizerScenario, createPlan: s.createPlanFromOptimizer })))
  const [name, setName] = useState(`Plan: ${r.name}`.slice(0, 120))
  const [cluster, setCluster] = useState('default')
  const clusterOk = CLUSTER_NAME.test(cluster)
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (name.trim() && clusterOk) void createPlan(name.trim(), cluster)
  }
  return (
    <form className="decision-actions" onSubmit={submit} data-testid="opt-actions">
      <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={op.pending || !!savedAs} data-testid="opt-to-scenario">
        {savedAs ? 'Saved as a scenario ✓' : 'Save as scenario'}
      </button>
      <label className="field field-inline">
        <span className="field-label">Plan name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} style={{ width: 300 }} data-testid="opt-plan-name" />
      </label>
      <label className="field field-inline">
        <span className="field-label">Cluster</span>
        <input
          value={cluster}
          onChange={(e) => setCluster(e.target.value.trim())}
          maxLength={63}
          className="mono"
          style={{ width: 140 }}
          aria-invalid={!clusterOk}
          title="The cluster folder the plan's manifests go to: clusters/<cluster>/ (lower-case letters, digits and “-”)"
          data-testid="opt-plan-cluster"
        />
      </label>
      <button type="submit" className="btn btn-primary" disabled={op.pending || !name.trim() || !clusterOk} data-testid="opt-create-plan">
        Create plan from this
      </button>
      {savedAs ? <span className="muted">Saved as “{savedAs.name}”: simulate it in the Scenarios section.</span> : null}
      {op.error ? <ErrorPanel title="Could not save the answer" error={op.error} testId="opt-action-error" /> : null}
    </form>
  )
}

/** The optimizer's answer as a decision: what it costs, what changes against the current fleet, and why. */
export function OptimizerDecision({ r }: { r: OptimizeResult }) {
  const d = r.decision
  const hoursShown = d ? Math.round(d.horizonHours / 24) : null
  const util = Math.round((d?.targetUtilisation ?? 0.8) * 100)
  return (
    <div data-testid="opt-result" className="decision">
      {d ? (
        <div className="kpis kpis-3">
          <Kpi label="Optimizer’s fleet: cost a month" value={moneyWhole(d.proposed.monthlyUsd)} hint={`${money(d.proposed.usdPerHour)} an hour × ${d.hoursPerMonth} h`} testId="opt-monthly" />
          <Kpi label={`Over the ${hoursShown}-day horizon`} value={moneyWhole(d.proposed.horizonUsd)} hint={`${money(d.proposed.usdPerHour)} an hour × ${d.horizonHours.toLocaleString('en-US')} h`} testId="opt-horizon" />
          <Kpi
            label="Against the current fleet"
            value={d.delta ? `${d.delta.monthlyUsd < 0 ? '−' : '+'}${moneyWhole(Math.abs(d.delta.monthlyUsd))} a month` : '—'}
            hint={d.delta && d.current ? `${moneyWhole(d.current.monthlyUsd)} a month today (${d.current.name})` : 'No baseline to compare with yet'}
            testId="opt-delta"
          />
        </div>
      ) : null}
      {d ? (
        <div className="decision-summary" data-testid="opt-summary">
          <p className="decision-headline">{d.summary.headline}</p>
          <p>{d.summary.against}</p>
          <ul>
            {d.summary.points.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {d ? <ComparisonTable current={d.current} proposed={d.proposed} /> : null}
      {d ? <p className="basis-note">{d.basis}</p> : null}
      <Actions r={r} />
      <div className="two-col">
        <div>
          <h3>The fleet</h3>
          <Table
            testId="opt-fleet"
            head={
              <>
                <th>Pool</th>
                <th className="num">Count</th>
                <th className="num">USD an hour each, at {util} % busy</th>
              </>
            }
          >
            {r.fleet.map((f) => (
              <tr key={poolKey(f)}>
                <td>{poolName(f)}</td>
                <td className="num">{f.count.toLocaleString('en-US')}</td>
                <td className="num">{moneyRate(f.usdPerAccelHour)}</td>
              </tr>
            ))}
          </Table>
        </div>
        <div>
          <h3>Why this answer</h3>
          <ul className="reasons" data-testid="opt-binding">
            {r.binding.map((b) => (
              <li key={b.constraint}>{b.sentence}</li>
            ))}
            {r.notes.map((n) => (
              <li key={n} className="muted">
                {n}
              </li>
            ))}
            <li className="muted" data-testid="opt-proof">
              {r.proof}
              {r.greedy ? ` ${r.greedy.sentence}` : ''}
            </li>
          </ul>
        </div>
      </div>
    </div>
  )
}
