import type { StateCreator } from 'zustand'
import type { ApiError } from '../../../shared/errors'
import { toApiError } from '../api/client'
import type { AppState } from './index'

export const PAGES = ['data', 'explore', 'forecast', 'scenarios', 'policies', 'plans', 'reconcile'] as const
export type PageId = (typeof PAGES)[number]

export interface Toast {
  id: number
  kind: 'error' | 'success'
  title: string
  error?: ApiError
  message?: string
}

export interface UiSlice {
  page: PageId
  toasts: Toast[]
  goTo: (page: PageId) => void
  /** Surfaces an error that has no inline place to go: it is never swallowed. */
  reportError: (title: string, err: unknown) => void
  notify: (title: string, message: string) => void
  dismissToast: (id: number) => void
}

let nextToastId = 1

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  page: 'explore',
  toasts: [],
  goTo: (page) => set({ page }),
  reportError: (title, err) => {
    const error = toApiError(err)
    console.error(`${title}:`, error)
    const toast: Toast = { id: nextToastId++, kind: 'error', title, error }
    set((s) => ({ toasts: [...s.toasts, toast].slice(-5) }))
  },
  notify: (title, message) => {
    const toast: Toast = { id: nextToastId++, kind: 'success', title, message }
    set((s) => ({ toasts: [...s.toasts, toast].slice(-5) }))
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
})
