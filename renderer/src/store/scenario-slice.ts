import type { StateCreator } from 'zustand'
import type { ApiError } from '../../../shared/errors'
import type { Catalog, OverrideKind, PoolPrice, Scenario, ScenarioSummary, SimulationRunSummary } from '../../../shared/scenario-types'
import { call, runJob, toApiError } from '../api/client'
import type { AppState } from './index'
import { createBaselinePlanSlice, type BaselinePlanSlice } from './baseline-plan-slice'
import { IDLE, LOADING, OP_IDLE, READY, failed, type LoadState, type OpState } from './types'

/** A long job the page shows with a progress bar and a Cancel button. */
export interface PageJob {
  jobId: string | null
  step: string
  current: number
  total: number
}

/** The Scenarios page's state; its Baseline section's plan preview is composed in (baseline-plan-slice.ts). */
export interface ScenarioSlice extends BaselinePlanSlice {
  /** The Scenarios page's section (its URL: #/scenarios/<section>); unknown ids show the first section. */
  scenarioSection: string
  setScenarioSection: (id: string) => void
  catalog: Catalog | null
  /** Every catalog pool priced by the one price function at 80 % busy (no scenario prices). */
  catalogPrices: PoolPrice[] | null
  catalogLoad: LoadState
  catalogOverrideOp: OpState
  scenarios: ScenarioSummary[]
  scenariosLoad: LoadState
  /** The scenario open in the editor (unsaved edits live here). */
  draft: Scenario | null
  draftDirty: boolean
  scenarioOp: OpState
  /** Latest run per scenario id. */
  latestRuns: Partial<Record<string, SimulationRunSummary>>
  compareIds: string[]
  simJob: PageJob | null
  simError: ApiError | null
  /** The draft's pools priced by the one price function (pool-prices), for the pricing inputs in `key`. */
  poolPrices: { key: string; rows: PoolPrice[] } | null
  loadPoolPrices: (draft: Scenario) => Promise<void>
  loadCatalog: () => Promise<void>
  setOverride: (kind: OverrideKind, key: string, field: string, value: number | null) => Promise<void>
  loadScenarios: () => Promise<void>
  refreshScenarios: () => Promise<void>
  openScenario: (id: string) => Promise<void>
  editDraft: (s: Scenario) => void
  newVariant: () => void
  deriveBaseline: () => Promise<void>
  saveDraft: () => Promise<Scenario | null>
  /** Demand from the newest GPU-hours-per-team forecast (sample paths), or back to history × growth (null). */
  setDemandSource: (source: 'forecast' | 'history') => Promise<void>
  deleteScenario: (id: string) => Promise<void>
  simulateDraft: (paths: number, seed: number) => Promise<void>
  toggleCompare: (id: string) => void
  cancelJob: (which: 'sim' | 'optimize') => Promise<void>
  /**
   * Saves the fleet of an optimizer / Pareto answer as a new scenario (demand and policy from the draft), linked
   * to the optimization run that produced it; resolves to the saved scenario (null when saving failed).
   */
  scenarioFromFleet: (name: string, fleet: Scenario['fleet'], optimizationRunId?: string) => Promise<Scenario | null>
}

/** The pricing inputs of a scenario, as the cache key of its pool prices. */
export const pricingKey = (d: Pick<Scenario, 'priceOverrides' | 'priceMultiplier' | 'onPrem'>): string =>
  JSON.stringify([d.priceOverrides ?? null, d.priceMultiplier ?? 1, d.onPrem ?? null])

let listSeq = 0

export const createScenarioSlice: StateCreator<AppState, [], [], ScenarioSlice> = (set, get, api) => {
  const loadRuns = async (ids: string[]): Promise<void> => {
    const entries = await Promise.all(ids.map(async (id) => [id, (await call('scenario-runs', { scenarioId: id }))[0]] as const))
    set((s) => ({ latestRuns: { ...s.latestRuns, ...Object.fromEntries(entries.filter(([, r]) => r)) } }))
  }
  const progress = (e: { step: string; current: number; total: number }): void =>
    set((s) => ({ simJob: { ...(s.simJob ?? { jobId: null }), step: e.step, current: e.current, total: e.total } }))
  let pricesSeq = 0

  return {
    ...createBaselinePlanSlice(set, get, api),
    scenarioSection: 'baseline',
    setScenarioSection: (id) => set({ scenarioSection: id }),
    catalog: null,
    catalogPrices: null,
    catalogLoad: IDLE,
    catalogOverrideOp: OP_IDLE,
    scenarios: [],
    scenariosLoad: IDLE,
    draft: null,
    draftDirty: false,
    scenarioOp: OP_IDLE,
    latestRuns: {},
    compareIds: [],
    simJob: null,
    simError: null,
    poolPrices: null,

    loadPoolPrices: async (draft) => {
      const key = pricingKey(draft)
      if (get().poolPrices?.key === key) return
      const seq = ++pricesSeq
      try {
        const rows = await call('pool-prices', {
          ...(draft.priceOverrides ? { priceOverrides: draft.priceOverrides } : {}),
          ...(draft.priceMultiplier !== undefined ? { priceMultiplier: draft.priceMultiplier } : {}),
          ...(draft.onPrem ? { onPrem: draft.onPrem } : {}),
        })
        if (seq === pricesSeq) set({ poolPrices: { key, rows } })
      } catch (err) {
        // A multiplier being typed can be briefly invalid: the prices stay as they were, the error is shown once.
        if (seq === pricesSeq) get().reportError('Could not price the fleet', err)
      }
    },

    loadCatalog: async () => {
      set((s) => ({ catalogLoad: LOADING(s.catalogLoad) }))
      try {
        const [catalog, catalogPrices] = await Promise.all([call('catalog-get', {}), call('pool-prices', {})])
        // Prices follow the catalog: a new figure of the user's re-prices the open scenario.
        set({ catalog, catalogPrices, catalogLoad: READY, poolPrices: null })
      } catch (err) {
        set({ catalogLoad: failed(toApiError(err)) })
      }
    },

    setOverride: async (kind, key, field, value) => {
      set({ catalogOverrideOp: { pending: true, error: null } })
      try {
        await call('catalog-override', { kind, key, field, value, note: '' })
        set({ catalogOverrideOp: OP_IDLE })
        await get().loadCatalog()
      } catch (err) {
        set({ catalogOverrideOp: { pending: false, error: toApiError(err) } })
      }
    },

    loadScenarios: async () => {
      const seq = ++listSeq
      set((s) => ({ scenariosLoad: LOADING(s.scenariosLoad) }))
      try {
        const scenarios = await call('scenario-list', {})
        if (seq !== listSeq) return
        set({ scenarios, scenariosLoad: READY })
        await loadRuns(scenarios.filter((x) => x.lastRun).map((x) => x.id))
      } catch (err) {
        if (seq === listSeq) set({ scenariosLoad: failed(toApiError(err)) })
      }
    },

    refreshScenarios: async () => {
      if (get().scenariosLoad.status !== 'idle') await get().loadScenarios()
    },

    openScenario: async (id) => {
      try {
        const s = await call('scenario-get', { id })
        set({ draft: s, draftDirty: false, scenarioOp: OP_IDLE, simError: null })
      } catch (err) {
        get().reportError('Could not open the scenario', err)
      }
    },

    editDraft: (s) => set({ draft: s, draftDirty: true }),

    newVariant: () => {
      const d = get().draft
      if (!d) return
      const copy: Scenario = { ...structuredClone(d), name: `${d.name} (variant)`, basis: 'variant' }
      delete copy.id
      delete copy.createdAt
      delete copy.updatedAt
      set({ draft: copy, draftDirty: true })
    },

    deriveBaseline: async () => {
      set({ scenarioOp: { pending: true, error: null } })
      try {
        const s = await call('scenario-baseline', { save: true })
        set({ draft: s, draftDirty: false, scenarioOp: OP_IDLE })
        await get().loadScenarios()
      } catch (err) {
        set({ scenarioOp: { pending: false, error: toApiError(err) } })
      }
    },

    setDemandSource: async (source) => {
      let d = get().draft
      if (!d) return
      if (source === 'history') {
        const { paths: _paths, ...demand } = d.demand
        get().editDraft({ ...d, demand })
        await get().saveDraft()
        return
      }
      if (get().draftDirty || !d.id) d = await get().saveDraft()
      if (!d?.id) return
      set({ scenarioOp: { pending: true, error: null } })
      try {
        const saved = await call('scenario-demand-from-forecast', { id: d.id })
        set({ draft: saved, draftDirty: false, scenarioOp: OP_IDLE })
        await get().loadScenarios()
      } catch (err) {
        set({ scenarioOp: { pending: false, error: toApiError(err) } })
      }
    },

    saveDraft: async () => {
      const d = get().draft
      if (!d) return null
      set({ scenarioOp: { pending: true, error: null } })
      try {
        const { createdAt: _c, updatedAt: _u, ...body } = d
        const saved = await call('scenario-save', { scenario: body })
        set({ draft: saved, draftDirty: false, scenarioOp: OP_IDLE })
        await get().loadScenarios()
        return saved
      } catch (err) {
        set({ scenarioOp: { pending: false, error: toApiError(err) } })
        return null
      }
    },

    deleteScenario: async (id) => {
      try {
        await call('scenario-delete', { id })
        set((s) => ({ draft: s.draft?.id === id ? null : s.draft, compareIds: s.compareIds.filter((x) => x !== id) }))
        await get().loadScenarios()
      } catch (err) {
        get().reportError('Could not delete the scenario', err)
      }
    },

    simulateDraft: async (paths, seed) => {
      let d = get().draft
      if (!d) return
      if (get().draftDirty || !d.id) d = await get().saveDraft()
      if (!d?.id) return
      const id = d.id
      set({ simJob: { jobId: null, step: 'Starting…', current: 0, total: paths }, simError: null })
      try {
        const result = await runJob('scenario-simulate', { id, paths, seed }, progress, {
          onStarted: (jobId) => set((s) => ({ simJob: s.simJob ? { ...s.simJob, jobId } : null })),
        })
        set((s) => ({
          simJob: null,
          compareIds: s.compareIds.includes(id) ? s.compareIds : [...s.compareIds, id].slice(-4),
        }))
        void result
        await loadRuns([id])
        await get().loadScenarios()
      } catch (err) {
        set({ simJob: null, simError: toApiError(err) })
      }
    },

    toggleCompare: (id) =>
      set((s) => ({ compareIds: s.compareIds.includes(id) ? s.compareIds.filter((x) => x !== id) : [...s.compareIds, id].slice(-4) })),

    cancelJob: async (which) => {
      const job = which === 'sim' ? get().simJob : get().optimizeJob
      if (job?.jobId) await call('job-cancel', { jobId: job.jobId }).catch((err: unknown) => get().reportError('Could not cancel', err))
    },

    scenarioFromFleet: async (name, fleet, optimizationRunId) => {
      const d = get().draft
      if (!d) return null
      const s: Scenario = { ...structuredClone(d), name, basis: 'optimizer', fleet }
      if (optimizationRunId) s.optimizationRunId = optimizationRunId
      else delete s.optimizationRunId
      delete s.id
      delete s.createdAt
      delete s.updatedAt
      // Observed baseline prices only apply to the baseline's own pools.
      if (s.priceOverrides) s.priceOverrides = Object.fromEntries(Object.entries(s.priceOverrides).filter(([k]) => fleet.some((f) => `${f.accelerator}|${f.provider}|${f.region}|${f.option}` === k)))
      set({ draft: s, draftDirty: true })
      return get().saveDraft()
    },
  }
}
