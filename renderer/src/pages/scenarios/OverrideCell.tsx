import { useState } from 'react'
import type { OverrideKind } from '../../../../shared/scenario-types'
import { Badge } from '../../components/ui'
import { useAppStore } from '../../store'
import { fixed } from './pool-label'

/** A catalog figure the user can replace with their own ("yours"), and reset to the default. */
export function OverrideCell({ value, overridden, kind, k, field, digits = 3 }: { value: number | null; overridden: boolean; kind: OverrideKind; k: string; field: string; digits?: number }) {
  const setOverride = useAppStore((s) => s.setOverride)
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState('')
  if (editing) {
    return (
      <span className="cell-actions">
        <input aria-label={`New ${field}`} value={text} onChange={(e) => setText(e.target.value)} style={{ width: 80 }} data-testid="override-input" autoFocus />
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={!Number.isFinite(Number(text)) || text.trim() === ''}
          onClick={() => {
            setEditing(false)
            void setOverride(kind, k, field, Number(text))
          }}
          data-testid="override-save"
        >
          Set
        </button>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(false)} aria-label="Cancel">
          ×
        </button>
      </span>
    )
  }
  return (
    <span className="cell-actions">
      <button type="button" className="link-button" title="Set your own figure" onClick={() => (setText(value === null ? '' : String(value)), setEditing(true))} data-testid="override-edit">
        {value === null ? '—' : fixed(value, digits)}
      </button>
      {overridden ? (
        <>
          <Badge tone="warning" testId="override-badge">
            yours
          </Badge>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void setOverride(kind, k, field, null)} title="Back to the catalog default" data-testid="override-reset">
            reset
          </button>
        </>
      ) : null}
    </span>
  )
}
