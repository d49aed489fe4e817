import type { StateCreator } from 'zustand'
import type { BillingFormat, TagKeys } from '../../../shared/billing-types'
import { call, toApiError } from '../api/client'
import type { AppState } from './index'
import { IDLE, LOADING, OP_IDLE, READY, failed, type LoadState, type OpState } from './types'

/** Billing-import settings: the format override for the next import, and the workspace's tag keys. */
export interface BillingSlice {
  /** `auto` detects each file's format; anything else is sent as the files' `format`. */
  billingFormat: BillingFormat
  setBillingFormat: (f: BillingFormat) => void
  tagKeys: TagKeys | null
  tagKeyDefaults: TagKeys | null
  tagKeysLoad: LoadState
  tagKeysSave: OpState
  /** Lines re-derived by the last save (shown as confirmation). */
  tagKeysRederived: number | null
  loadTagKeys: () => Promise<void>
  saveTagKeys: (keys: TagKeys) => Promise<boolean>
}

export const createBillingSlice: StateCreator<AppState, [], [], BillingSlice> = (set, get) => ({
  billingFormat: 'auto',
  setBillingFormat: (billingFormat) => set({ billingFormat }),
  tagKeys: null,
  tagKeyDefaults: null,
  tagKeysLoad: IDLE,
  tagKeysSave: OP_IDLE,
  tagKeysRederived: null,
  loadTagKeys: async () => {
    set({ tagKeysLoad: LOADING(get().tagKeysLoad) })
    try {
      const r = await call('billing-tag-keys-get', {})
      set({ tagKeys: r.keys, tagKeyDefaults: r.defaults, tagKeysLoad: READY })
    } catch (err) {
      set({ tagKeysLoad: failed(toApiError(err)) })
    }
  },
  saveTagKeys: async (keys) => {
    set({ tagKeysSave: { pending: true, error: null }, tagKeysRederived: null })
    try {
      const r = await call('billing-tag-keys-set', keys)
      set({ tagKeys: r.keys, tagKeyDefaults: r.defaults, tagKeysSave: OP_IDLE, tagKeysRederived: r.rederived })
      return true
    } catch (err) {
      set({ tagKeysSave: { pending: false, error: toApiError(err) } })
      return false
    }
  },
})
