/**
 * The one store, composed from typed slices (zustand's slices pattern). API calls live in the slices'
 * actions; components select narrowly.
 */
import { create } from 'zustand'
import { createBacktestSlice, type BacktestSlice } from './backtest-slice'
import { createBillingSlice, type BillingSlice } from './billing-slice'
import { createExploreSlice, type ExploreSlice } from './explore-slice'
import { createForecastSlice, type ForecastSlice } from './forecast-slice'
import { createForecastRunSlice, type ForecastRunSlice } from './forecast-run-slice'
import { createJobsSlice, type JobsSlice } from './jobs-slice'
import { createOptimizerSlice, type OptimizerSlice } from './optimizer-slice'
import { createPlansSlice, type PlansSlice } from './plans-slice'
import { createScenarioSlice, type ScenarioSlice } from './scenario-slice'
import { createTelemetrySlice, type TelemetrySlice } from './telemetry-slice'
import { createUiSlice, type UiSlice } from './ui-slice'
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace-slice'
import { createPolicySlice, type PolicySlice } from './policy-slice'
import { createWorkloadSlice, type WorkloadSlice } from './workload-slice'
import { createAutonomySlice, type AutonomySlice } from './autonomy-slice'
import { createWorkspacesSlice, type WorkspacesSlice } from './workspaces-slice'
import { createReconcileSlice, type ReconcileSlice } from './reconcile-slice'

export type AppState = WorkspaceSlice & ExploreSlice & ForecastSlice & ForecastRunSlice & PlansSlice & JobsSlice & UiSlice & ScenarioSlice & TelemetrySlice & BillingSlice & OptimizerSlice & BacktestSlice & WorkspacesSlice & ReconcileSlice & PolicySlice & WorkloadSlice & AutonomySlice

export const useAppStore = create<AppState>()((...a) => ({
  ...createWorkspaceSlice(...a),
  ...createExploreSlice(...a),
  ...createForecastSlice(...a),
  ...createForecastRunSlice(...a),
  ...createPlansSlice(...a),
  ...createJobsSlice(...a),
  ...createUiSlice(...a),
  ...createScenarioSlice(...a),
  ...createTelemetrySlice(...a),
  ...createBillingSlice(...a),
  ...createOptimizerSlice(...a),
  ...createPolicySlice(...a),
  ...createWorkloadSlice(...a),
  ...createAutonomySlice(...a),
  ...createBacktestSlice(...a),
  ...createWorkspacesSlice(...a),
  ...createReconcileSlice(...a),
}))

export type { PageId } from './ui-slice'
export { PAGES } from './ui-slice'
