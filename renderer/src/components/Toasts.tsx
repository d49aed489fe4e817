import { describeError } from '../../../shared/errors'
import { useAppStore } from '../store'

/** Errors without an inline home, and confirmations; errors stay until dismissed. */
export function Toasts() {
  const toasts = useAppStore((s) => s.toasts)
  const dismiss = useAppStore((s) => s.dismissToast)
  if (toasts.length === 0) return null
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
          <div className="toast-body">
            <strong>{t.title}</strong>
            <div className="toast-message">{t.error ? describeError(t.error.toShape()) : t.message}</div>
          </div>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss(t.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
