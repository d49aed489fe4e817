import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Scenario } from '../../../../shared/scenario-types'
import { ErrorPanel } from '../../components/ui'
import { moneyWhole } from '../../format'
import { useAppStore } from '../../store'
import { JobProgress } from './JobProgress'
import { NumberField } from './NumberInput'
import { fixed } from './pool-label'

/** Monte Carlo run of the open scenario: paths, seed, progress with Cancel, and where to see the result. */
export function SimulateBar({ draft, valid }: { draft: Scenario; valid: boolean }) {
  const { dirty, simJob, simError, lastRun } = useAppStore(
    useShallow((s) => ({ dirty: s.draftDirty, simJob: s.simJob, simError: s.simError, lastRun: draft.id ? s.latestRuns[draft.id] : undefined })),
  )
  const { simulate, cancel, setSection } = useAppStore(useShallow((s) => ({ simulate: s.simulateDraft, cancel: s.cancelJob, setSection: s.setScenarioSection })))
  const [paths, setPaths] = useState(200)
  const [seed, setSeed] = useState(1)
  return (
    <>
      <div className="form-row" style={{ marginTop: 12 }}>
        <NumberField caption="Monte Carlo paths" value={paths} onChange={setPaths} min={1} max={100000} label="Paths" testId="sim-paths" />
        <NumberField caption="Seed" value={seed} onChange={setSeed} min={0} label="Seed" testId="sim-seed" />
        <button type="button" className="btn btn-primary" onClick={() => void simulate(paths, seed)} disabled={!valid || !!simJob || !(paths >= 1)} data-testid="simulate">
          {dirty || !draft.id ? 'Save and simulate' : 'Simulate'}
        </button>
      </div>
      {simJob ? <JobProgress job={simJob} onCancel={() => void cancel('sim')} testId="sim-progress" cancelTestId="sim-cancel" /> : null}
      {simError ? (
        <ErrorPanel title={simError.code === 'cancelled' ? 'Simulation cancelled' : 'Simulation failed'} error={simError} tone={simError.code === 'cancelled' ? 'neutral' : 'error'} testId="sim-error" />
      ) : null}
      {lastRun && !simJob && !dirty ? (
        <div className="last-run" data-testid="last-run">
          <span>
            Last run ({lastRun.paths} paths, {Math.round(lastRun.result.hours / 24)} days): cost {moneyWhole(lastRun.result.kpis.costUsd.mean)} over the horizon, utilisation{' '}
            {fixed(lastRun.result.kpis.utilisation.mean * 100)} %, p95 queue wait {fixed(lastRun.result.kpis.waitP95Hours.mean)} h.
          </span>
          <button type="button" className="link-button" onClick={() => setSection('compare')} data-testid="go-compare">
            Compare it with other scenarios →
          </button>
        </div>
      ) : null}
    </>
  )
}
