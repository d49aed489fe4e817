import type { StateCreator } from 'zustand'
import type { ApiError } from '../../../shared/errors'
import type { OptimizeProblem, OptimizeResult, OptimizeSettings, ParetoResult, Scenario } from '../../../shared/scenario-types'
import { call, runJob, toApiError } from '../api/client'
import type { AppState } from './index'
import { OP_IDLE, type OpState } from './types'
import type { PageJob } from './scenario-slice'

/** The Optimize section's form: limits left at 0 mean "none". */
export interface OptimizerForm {
  demandPercentile: number
  targetUtilisation: number
  fairnessFloor: number
  budgetUsdPerHour: number
  carbonCapKgPerHour: number
}

export interface OptimizerSlice {
  optimizerForm: OptimizerForm
  setOptimizerForm: (f: Partial<OptimizerForm>) => void
  optimizeJob: PageJob | null
  optimizeError: ApiError | null
  /** The problem the main process built from the open scenario (optimize-problem), and its answer. */
  optimizeProblem: OptimizeProblem | null
  optimizeResult: OptimizeResult | null
  /** The scenario the current answer was saved as, so the actions do not save it twice. */
  optimizeSavedAs: Scenario | null
  pareto: ParetoResult | null
  optimizerOp: OpState
  runOptimize: () => Promise<void>
  runPareto: (axis: 'carbon' | 'wait') => Promise<void>
  /** Saves the optimizer's fleet as a scenario (once per answer). */
  saveOptimizerScenario: () => Promise<Scenario | null>
  /**
   * Saves the answer as a scenario if needed (linked to its optimization run), then creates a draft plan for
   * `cluster` that freezes it, and opens the Plans page.
   */
  createPlanFromOptimizer: (name: string, cluster: string) => Promise<void>
}

const settingsOf = (f: OptimizerForm): OptimizeSettings => ({
  demandPercentile: f.demandPercentile,
  targetUtilisation: f.targetUtilisation,
  fairnessFloor: f.fairnessFloor,
  ...(f.budgetUsdPerHour > 0 ? { budgetUsdPerHour: f.budgetUsdPerHour } : {}),
  ...(f.carbonCapKgPerHour > 0 ? { carbonCapKgPerHour: f.carbonCapKgPerHour } : {}),
})

export const createOptimizerSlice: StateCreator<AppState, [], [], OptimizerSlice> = (set, get) => {
  const progress = (e: { step: string; current: number; total: number }): void =>
    set((s) => ({ optimizeJob: { ...(s.optimizeJob ?? { jobId: null }), step: e.step, current: e.current, total: e.total } }))
  const onStarted = (jobId: string): void => set((s) => ({ optimizeJob: s.optimizeJob ? { ...s.optimizeJob, jobId } : null }))

  /** The problem for the open scenario, built by the main process (saved scenarios by id, edits inline). */
  const problemForDraft = async (): Promise<OptimizeProblem> => {
    const d = get().draft
    if (!d) throw new Error('no open scenario')
    const settings = settingsOf(get().optimizerForm)
    if (d.id && !get().draftDirty) return call('optimize-problem', { id: d.id, settings })
    const { id: _id, createdAt: _c, updatedAt: _u, ...scenario } = d
    return call('optimize-problem', { scenario, settings })
  }

  return {
    optimizerForm: { demandPercentile: 90, targetUtilisation: 0.8, fairnessFloor: 0.9, budgetUsdPerHour: 0, carbonCapKgPerHour: 0 },
    setOptimizerForm: (f) => set((s) => ({ optimizerForm: { ...s.optimizerForm, ...f } })),
    optimizeJob: null,
    optimizeError: null,
    optimizeProblem: null,
    optimizeResult: null,
    optimizeSavedAs: null,
    pareto: null,
    optimizerOp: OP_IDLE,

    runOptimize: async () => {
      set({ optimizeJob: { jobId: null, step: 'Starting…', current: 0, total: 0 }, optimizeError: null, optimizeResult: null, optimizeSavedAs: null, optimizerOp: OP_IDLE })
      try {
        const problem = await problemForDraft()
        set({ optimizeProblem: problem })
        const r = await runJob('optimize', { problem, greedy: true }, progress, { onStarted })
        set({ optimizeJob: null, optimizeResult: r })
      } catch (err) {
        set({ optimizeJob: null, optimizeError: toApiError(err) })
      }
    },

    runPareto: async (axis) => {
      set({ optimizeJob: { jobId: null, step: 'Starting…', current: 0, total: 0 }, optimizeError: null })
      try {
        const problem = await problemForDraft()
        const r = await runJob('pareto', { problem, axis, points: 8 }, progress, { onStarted })
        set({ optimizeJob: null, pareto: r })
      } catch (err) {
        set({ optimizeJob: null, optimizeError: toApiError(err) })
      }
    },

    saveOptimizerScenario: async () => {
      const { optimizeResult: r, optimizeSavedAs } = get()
      if (!r) return null
      if (optimizeSavedAs) return optimizeSavedAs
      set({ optimizerOp: { pending: true, error: null } })
      const saved = await get().scenarioFromFleet(
        r.name,
        r.fleet.map(({ usdPerAccelHour: _p, ...f }) => f),
        r.runId,
      )
      set({ optimizeSavedAs: saved, optimizerOp: saved ? OP_IDLE : { pending: false, error: get().scenarioOp.error } })
      return saved
    },

    createPlanFromOptimizer: async (name, cluster) => {
      const saved = await get().saveOptimizerScenario()
      if (!saved?.id) return
      set({ optimizerOp: { pending: true, error: null } })
      const ok = await get().createPlan({ name, scenarioId: saved.id, cluster })
      set({ optimizerOp: ok ? OP_IDLE : { pending: false, error: get().planCreateOp.error } })
    },
  }
}
