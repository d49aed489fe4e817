/**
 * Policies page state: the stored policies, the document open in the editor (edits live here until saved),
 * its live preview (the emitted CEL, Rego and files, from `policy-emit`), and the replay job and its result.
 */
import type { StateCreator } from 'zustand'
import type { ApiError } from '../../../shared/errors'
import { defaultRule, DEFAULT_RULE_IDS, type RuleKind } from '../../../shared/policy-rules'
import type { PolicyDocInput } from '../../../shared/policy-schema'
import type { PolicyEmitResult, ReplayResult, StoredPolicy } from '../../../shared/policy-types'
import { call, runJob, toApiError } from '../api/client'
import type { AppState } from './index'
import { cancelJob } from './job-run'
import type { PageJob } from './scenario-slice'
import { IDLE, LOADING, OP_IDLE, READY, failed, type LoadState, type OpState } from './types'

export interface PolicySlice {
  policies: StoredPolicy[]
  policiesLoad: LoadState
  policyExamples: { file: string; doc: PolicyDocInput }[]
  /** The stored policy open in the editor, or null for a new one. */
  openPolicyId: string | null
  policyDraft: PolicyDocInput | null
  policyDirty: boolean
  policyPreview: PolicyEmitResult | null
  /** Why the draft cannot be emitted (schema problems, named by field). */
  policyPreviewError: ApiError | null
  policySaveOp: OpState
  replayJob: PageJob | null
  replayResult: ReplayResult | null
  replayError: ApiError | null
  /** The counterfactual's assumption: share of denied work resubmitted, percent. */
  resubmittedPct: number
  loadPolicies: () => Promise<void>
  refreshPolicies: () => Promise<void>
  openPolicy: (id: string) => void
  newPolicy: (fromExample?: string) => void
  editPolicy: (doc: PolicyDocInput) => void
  addRule: (kind: RuleKind) => void
  previewPolicy: () => Promise<void>
  savePolicy: () => Promise<void>
  deletePolicy: () => Promise<void>
  replayPolicy: (range: { from?: string; to?: string }) => Promise<void>
  cancelReplay: () => Promise<void>
  setResubmittedPct: (pct: number) => void
}

let previewSeq = 0

function freshId(doc: PolicyDocInput, kind: RuleKind): string {
  const used = new Set(doc.rules.map((r) => r.id))
  const base = DEFAULT_RULE_IDS[kind]
  if (!used.has(base)) return base
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`
}

export const createPolicySlice: StateCreator<AppState, [], [], PolicySlice> = (set, get) => ({
  policies: [],
  policiesLoad: IDLE,
  policyExamples: [],
  openPolicyId: null,
  policyDraft: null,
  policyDirty: false,
  policyPreview: null,
  policyPreviewError: null,
  policySaveOp: OP_IDLE,
  replayJob: null,
  replayResult: null,
  replayError: null,
  resubmittedPct: 50,

  loadPolicies: async () => {
    set((s) => ({ policiesLoad: LOADING(s.policiesLoad) }))
    try {
      const [policies, policyExamples] = await Promise.all([call('policy-list', {}), call('policy-examples', {})])
      set({ policies, policyExamples, policiesLoad: READY })
      const s = get()
      if (!s.policyDraft) {
        if (policies[0]) s.openPolicy(policies[0].id)
        else s.newPolicy(policyExamples[0]?.file)
      }
    } catch (err) {
      set({ policiesLoad: failed(toApiError(err)) })
    }
  },

  refreshPolicies: async () => {
    if (get().policiesLoad.status === 'idle') return
    try {
      set({ policies: await call('policy-list', {}) })
    } catch (err) {
      get().reportError('Could not refresh the policies', err)
    }
  },

  openPolicy: (id) => {
    const p = get().policies.find((x) => x.id === id)
    if (!p) return
    set({ openPolicyId: id, policyDraft: structuredClone(p.doc), policyDirty: false, policySaveOp: OP_IDLE, replayResult: null, replayError: null })
    void get().previewPolicy()
  },

  newPolicy: (fromExample) => {
    const ex = get().policyExamples.find((e) => e.file === fromExample)
    const doc: PolicyDocInput = ex
      ? { ...structuredClone(ex.doc), name: ex.doc.name }
      : { name: 'new-policy', description: '', rules: [defaultRule('max-accelerators', 'size')] }
    set({ openPolicyId: null, policyDraft: doc, policyDirty: true, policySaveOp: OP_IDLE, replayResult: null, replayError: null })
    void get().previewPolicy()
  },

  editPolicy: (doc) => {
    set({ policyDraft: doc, policyDirty: true })
    void get().previewPolicy()
  },

  addRule: (kind) => {
    const doc = get().policyDraft
    if (!doc) return
    get().editPolicy({ ...doc, rules: [...doc.rules, defaultRule(kind, freshId(doc, kind))] })
  },

  /** The emitted manifests of the draft as it is now; the newest request wins. */
  previewPolicy: async () => {
    const doc = get().policyDraft
    if (!doc) return
    const seq = ++previewSeq
    try {
      const preview = await call('policy-emit', { doc })
      if (seq === previewSeq) set({ policyPreview: preview, policyPreviewError: null })
    } catch (err) {
      if (seq === previewSeq) set({ policyPreviewError: toApiError(err) })
    }
  },

  savePolicy: async () => {
    const doc = get().policyDraft
    if (!doc) return
    set({ policySaveOp: { pending: true, error: null } })
    try {
      const id = get().openPolicyId
      const saved = await call('policy-save', { ...(id ? { id } : {}), doc })
      set((s) => ({
        policies: [...s.policies.filter((p) => p.id !== saved.id), saved].sort((a, b) => (a.name < b.name ? -1 : 1)),
        openPolicyId: saved.id,
        policyDraft: structuredClone(saved.doc),
        policyDirty: false,
        policySaveOp: OP_IDLE,
      }))
      get().notify('Policy saved', `“${saved.name}” is stored in this workspace.`)
    } catch (err) {
      set({ policySaveOp: { pending: false, error: toApiError(err) } })
    }
  },

  deletePolicy: async () => {
    const id = get().openPolicyId
    if (!id) return
    try {
      await call('policy-delete', { id })
      set((s) => ({ policies: s.policies.filter((p) => p.id !== id), openPolicyId: null, policyDraft: null }))
      const next = get().policies[0]
      if (next) get().openPolicy(next.id)
      else get().newPolicy(get().policyExamples[0]?.file)
    } catch (err) {
      get().reportError('Could not delete the policy', err)
    }
  },

  replayPolicy: async (range) => {
    const doc = get().policyDraft
    if (!doc) return
    set({ replayJob: { jobId: null, step: 'Starting the replay', current: 0, total: 0 }, replayError: null })
    const id = get().openPolicyId
    try {
      const result = await runJob(
        'policy-replay',
        {
          // A saved, unchanged policy replays by id (its replay is then listed with it); edits replay as they are.
          ...(id && !get().policyDirty ? { id } : { doc }),
          ...(range.from ? { from: range.from } : {}),
          ...(range.to ? { to: range.to } : {}),
          resubmittedPct: get().resubmittedPct,
          examples: 10,
        },
        (e) => set((s) => ({ replayJob: { ...(s.replayJob ?? { jobId: null }), step: e.step, current: e.current, total: e.total } })),
        { onStarted: (jobId) => set((s) => ({ replayJob: { ...(s.replayJob ?? { step: '', current: 0, total: 0 }), jobId } })) },
      )
      set({ replayResult: result, replayJob: null })
      if (id && !get().policyDirty) void get().refreshPolicies()
    } catch (err) {
      set({ replayError: toApiError(err), replayJob: null })
    }
  },

  cancelReplay: () => cancelJob(get().replayJob?.jobId, get().reportError, 'Could not cancel the replay'),

  setResubmittedPct: (pct) => set({ resubmittedPct: Math.min(100, Math.max(0, Math.round(pct))) }),
})
