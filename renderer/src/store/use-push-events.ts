import { useEffect } from 'react'
import type { TableName } from '../../../shared/tables'
import { onPushEvent } from '../api/client'
import { useAppStore, type AppState } from './index'
import { reloadViews } from './workspaces-slice'

type Refresher = (s: AppState) => Promise<void>

const refreshWorkspaceViews: Refresher[] = [
  (s) => s.loadWorkspace(),
  (s) => s.refreshExplore(),
  (s) => s.refreshForecasts(),
  (s) => s.refreshPlanPreview(),
  (s) => {
    s.invalidateReconcile()
    return Promise.resolve()
  },
]
const refreshPlans: Refresher[] = [(s) => s.refreshPlans(), (s) => s.refreshAutonomy()]
// The backtest panel's history (accelerator-hours from billing or telemetry), once it was shown.
const refreshBacktestHistory: Refresher = (s) => (s.backtestHistoryLoad.status === 'idle' ? Promise.resolve() : s.loadBacktestHistory())

/** Which views read which tables: a write refreshes only those (STYLE.md practice 9). */
const READERS: Partial<Record<TableName, Refresher[]>> = {
  snapshot: [...refreshWorkspaceViews, (s) => s.refreshWorkloads()],
  billing_line: [...refreshWorkspaceViews, refreshBacktestHistory],
  plan: refreshPlans,
  plan_event: refreshPlans,
  plan_audit: refreshPlans,
  scenario: [(s) => s.refreshScenarios()],
  // telemetry imports and deletes: the snapshot list and the utilisation chart (only once it was shown)
  series: [(s) => s.loadWorkspace(), (s) => (s.utilisationLoad.status === 'idle' ? Promise.resolve() : s.loadUtilisation()), refreshBacktestHistory],
  simulation_run: [(s) => s.refreshScenarios()],
  // forecast runs (the Forecast page's run section) and anomalies (flagged at import time)
  forecast_run: [(s) => (s.currentRunLoad.status === 'idle' || s.forecastRun.status === 'running' ? Promise.resolve() : s.loadLatestRun())],
  anomaly: [(s) => (s.anomaliesLoad.status === 'idle' ? Promise.resolve() : s.loadAnomalies())],
  catalog_override: [(s) => (s.catalogLoad.status === 'idle' ? Promise.resolve() : s.loadCatalog())],
  workload: [(s) => s.refreshWorkloads()],
  workload_derivation: [(s) => s.refreshWorkloads()],
  policy: [(s) => s.refreshPolicies()],
  policy_replay: [(s) => s.refreshPolicies(), (s) => s.refreshAutonomy()],
  plan_policy: [...refreshPlans],
  policy_setting: [(s) => s.refreshAutonomy()],
}

/** The one place push events enter the store. Mounted once, at the app root. */
export function usePushEvents(): void {
  useEffect(
    () =>
      onPushEvent((e) => {
        const s = useAppStore.getState()
        switch (e.type) {
          case 'job-progress':
            s.jobProgressed(e)
            break
          case 'job-done':
            s.jobEnded(e.jobId, e.method)
            break
          case 'job-failed':
            s.jobEnded(e.jobId, e.method, e.error)
            break
          case 'workspace-changed':
            // Another workspace is open (here or in another window): every view starts afresh on it.
            reloadViews()
            break
          case 'tables-changed': {
            const refreshers = new Set(e.tables.flatMap((t) => READERS[t] ?? []))
            for (const r of refreshers) void r(s)
            break
          }
        }
      }),
    [],
  )
}
