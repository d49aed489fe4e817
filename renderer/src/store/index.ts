/**
 * The one store, composed from typed slices (zustand's slices pattern). API calls live in the slices'
 * actions; components select narrowly.
 */
import { create } from 'zustand'
import { createExploreSlice, type ExploreSlice } from './explore-slice'
import { createForecastSlice, type ForecastSlice } from './forecast-slice'
import { createJobsSlice, type JobsSlice } from './jobs-slice'
import { createPlansSlice, type PlansSlice } from './plans-slice'
import { createUiSlice, type UiSlice } from './ui-slice'
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace-slice'

export type AppState = WorkspaceSlice & ExploreSlice & ForecastSlice & PlansSlice & JobsSlice & UiSlice

export const useAppStore = create<AppState>()((...a) => ({
  ...createWorkspaceSlice(...a),
  ...createExploreSlice(...a),
  ...createForecastSlice(...a),
  ...createPlansSlice(...a),
  ...createJobsSlice(...a),
  ...createUiSlice(...a),
}))

export type { PageId } from './ui-slice'
export { PAGES } from './ui-slice'
