import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { bridge } from '../api/client'
import { dateTime } from '../format'
import { useAppStore } from '../store'
import { isBusyRefusal, type WorkspaceAction } from '../store/workspaces-slice'
import { Badge, ErrorPanel } from './ui'

const baseName = (p: string): string => p.split(/[\\/]/).pop()?.replace(/\.(fleetplan\.)?(sqlite|db)$/i, '') ?? p

/**
 * New / Open / Recent workspaces and the demo. In Electron, New and Open use the native dialogs; in web mode
 * the path is typed (it is a path on the machine running the host, which is this machine: the host is local).
 */
function PathForm({ mode, dataDir, onDone }: { mode: 'open' | 'new'; dataDir: string; onDone: () => void }) {
  const sep = dataDir.includes('\\') ? '\\' : '/'
  const [path, setPath] = useState(mode === 'new' ? `${dataDir}${sep}my-fleet.fleetplan.sqlite` : `${dataDir}${sep}`)
  const { pending, switchWorkspace } = useAppStore(useShallow((s) => ({ pending: s.workspaceOp.pending, switchWorkspace: s.switchWorkspace })))
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!path.trim()) return
    void switchWorkspace({ kind: mode === 'new' ? 'create' : 'open', path: path.trim() }).then((ok) => ok && onDone())
  }
  return (
    <form className="ws-path-form" onSubmit={submit} data-testid={`ws-${mode}-form`}>
      <label className="field">
        <span className="field-label">{mode === 'new' ? 'File for the new workspace (on this machine)' : 'Workspace file to open (on this machine)'}</span>
        <input value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} autoFocus data-testid="ws-path" aria-label="Workspace file path" />
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending || !path.trim()} data-testid="ws-path-submit">
          {pending ? 'Working…' : mode === 'new' ? 'Create and open' : 'Open'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Back
        </button>
      </div>
    </form>
  )
}

function WorkspacePanel({ onClose }: { onClose: () => void }) {
  const { list, load, op, loadList, switchWorkspace, removeDemo, forget, pick, clearError } = useAppStore(useShallow((s) => ({ list: s.workspaceList, load: s.workspaceListLoad, op: s.workspaceOp, loadList: s.loadWorkspaceList, switchWorkspace: s.switchWorkspace, removeDemo: s.removeDemo, forget: s.forgetWorkspace, pick: s.pickWorkspaceFile, clearError: s.clearWorkspaceError })))
  const [form, setForm] = useState<'open' | 'new' | null>(null)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const native = typeof bridge().pickWorkspaceFile === 'function'
  useEffect(() => {
    void loadList()
    return clearError
  }, [loadList, clearError])

  const start = async (mode: 'open' | 'new'): Promise<void> => {
    clearError()
    if (!native) return setForm(mode)
    const path = await pick(mode)
    if (path) await switchWorkspace({ kind: mode === 'new' ? 'create' : 'open', path })
  }
  const go = (a: WorkspaceAction): void => {
    clearError()
    void switchWorkspace(a)
  }
  const current = list?.current
  const others = (list?.recent ?? []).filter((r) => r.path !== current?.path)

  return (
    <div className="ws-panel" role="dialog" aria-label="Workspaces" data-testid="ws-panel">
      <section className="ws-section">
        <div className="ws-section-title">Open now</div>
        {current ? (
          <div className="ws-current">
            <strong>{current.name}</strong> {current.isDemo ? <Badge tone="demo">Demo</Badge> : null}
            <code className="ws-path" data-testid="ws-current-path" title={current.path}>
              {current.path}
            </code>
          </div>
        ) : (
          <span className="muted">{load.status === 'error' ? 'Could not list workspaces.' : 'Loading…'}</span>
        )}
      </section>
      {form && list ? (
        <PathForm mode={form} dataDir={list.dataDir} onDone={() => setForm(null)} />
      ) : (
        <section className="ws-section ws-actions">
          <button type="button" className="btn" onClick={() => void start('new')} disabled={op.pending} data-testid="ws-new">
            New workspace…
          </button>
          <button type="button" className="btn" onClick={() => void start('open')} disabled={op.pending} data-testid="ws-open">
            Open workspace…
          </button>
        </section>
      )}
      {op.error ? (
        <ErrorPanel
          title="The workspace was not switched"
          error={op.error}
          testId="ws-error"
          onDismiss={clearError}
          actions={
            isBusyRefusal(op.error) && op.action ? (
              <button type="button" className="btn btn-danger btn-small" onClick={() => op.action && void switchWorkspace(op.action, true)} data-testid="ws-cancel-jobs">
                Cancel the running jobs and switch
              </button>
            ) : undefined
          }
        />
      ) : null}
      <section className="ws-section">
        <div className="ws-section-title">Recent</div>
        {others.length === 0 ? (
          <span className="muted">No other workspace opened yet.</span>
        ) : (
          <ul className="ws-recent" data-testid="ws-recent">
            {others.map((r) => (
              <li key={r.path} className={r.exists ? '' : 'ws-missing'}>
                <button type="button" className="ws-recent-open" disabled={!r.exists || op.pending} onClick={() => go({ kind: 'open', path: r.path })} title={r.path} data-testid="ws-recent-item">
                  <strong>{baseName(r.path)}</strong>
                  {r.isDemo ? <Badge tone="demo">Demo</Badge> : null}
                  <code className="ws-path">{r.path}</code>
                  <span className="muted">{r.exists ? `opened ${dateTime(r.openedAt)}` : 'file not found (moved or deleted)'}</span>
                </button>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void forget(r.path)} aria-label={`Forget ${r.path}`}>
                  Forget
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="ws-section ws-demo" data-testid="ws-demo">
        <div className="ws-section-title">Demo workspace</div>
        <p className="muted">Synthetic accelerator spend and the public FOCUS sample — kept apart from your own workspaces.</p>
        {current?.isDemo ? (
          <span className="muted">It is open now; open or create another workspace to remove it.</span>
        ) : list?.demo.exists ? (
          <div className="ws-demo-actions">
            <button type="button" className="btn btn-small" onClick={() => go({ kind: 'demo' })} disabled={op.pending} data-testid="ws-demo-open">
              Open the demo
            </button>
            {confirmRemove ? (
              <>
                <button type="button" className="btn btn-danger btn-small" onClick={() => void removeDemo().then(() => setConfirmRemove(false))} data-testid="ws-demo-remove-confirm">
                  Delete the demo file
                </button>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirmRemove(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirmRemove(true)} data-testid="ws-demo-remove">
                Remove the demo…
              </button>
            )}
          </div>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => go({ kind: 'demo' })} disabled={op.pending} data-testid="ws-demo-open">
            {op.pending && op.action?.kind === 'demo' ? 'Building the demo…' : 'Bring the demo back'}
          </button>
        )}
      </section>
      <div className="ws-foot">
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  )
}

/** The header's workspace control: which file is open, and the menu to change it. */
export function WorkspaceMenu() {
  const info = useAppStore((s) => s.info)
  const loadFailed = useAppStore((s) => s.workspaceLoad.status === 'error')
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false)
    }
    const onClick = (e: MouseEvent): void => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('mousedown', onClick)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('mousedown', onClick)
    }
  }, [open])
  return (
    <div className="ws-menu" ref={ref}>
      <button type="button" className="ws-button" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)} data-testid="ws-button" title={info?.path}>
        <span className="ws-label">Workspace</span>
        <strong data-testid="workspace-name">{info?.name ?? (loadFailed ? 'unavailable' : '…')}</strong>
        {info?.isDemo ? (
          <Badge tone="demo" testId="demo-badge">
            Demo workspace
          </Badge>
        ) : null}
        <span className="ws-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <code className="ws-file" data-testid="workspace-file" title={info?.path}>
        {info?.path ?? ''}
      </code>
      {open ? <WorkspacePanel onClose={() => setOpen(false)} /> : null}
    </div>
  )
}
