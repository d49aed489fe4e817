import type { ReactNode } from 'react'
import { errorText, type ApiError } from '../../../shared/errors'

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  )
}

export function Panel({
  title,
  actions,
  children,
  className,
  testId,
}: {
  title?: ReactNode
  actions?: ReactNode
  children: ReactNode
  className?: string
  testId?: string
}) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} data-testid={testId}>
      {title || actions ? (
        <header className="panel-header">
          {title ? <h2>{title}</h2> : <span />}
          {actions ? <div className="panel-actions">{actions}</div> : null}
        </header>
      ) : null}
      <div className="panel-body">{children}</div>
    </section>
  )
}

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <div className="empty-title">{title}</div>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  )
}

/**
 * An error in words (shared/error-text.ts, the same text the CLI prints): what happened, every file's outcome
 * of a multi-file import, where in a file or which field, and what to do. The code stays in data-code only.
 */
export function ErrorPanel({
  title,
  error,
  testId,
  onDismiss,
  tone = 'error',
  actions,
}: {
  title: string
  error: ApiError
  testId?: string
  onDismiss?: () => void
  /** 'neutral' for outcomes the user asked for, such as a cancelled job. */
  tone?: 'error' | 'neutral'
  /** Buttons offering a way out (e.g. "Cancel jobs and switch"). */
  actions?: ReactNode
}) {
  const t = errorText(error.toShape())
  return (
    <div className={`error-panel${tone === 'neutral' ? ' error-panel-neutral' : ''}`} role="alert" data-testid={testId} data-code={error.code}>
      <div className="error-head">
        <strong>{title}</strong>
        {onDismiss ? (
          <button type="button" className="btn btn-ghost btn-small error-dismiss" onClick={onDismiss}>
            Dismiss
          </button>
        ) : null}
      </div>
      <p className="error-message" data-testid="error-summary">
        {t.summary}
      </p>
      {t.files.length > 0 ? (
        <ul className="file-outcomes" data-testid="error-files">
          {t.files.map((f) => (
            <li key={f.file} className={`file-outcome file-${f.status}`} data-status={f.status} data-testid="error-file">
              {f.text}
            </li>
          ))}
        </ul>
      ) : null}
      {t.details.length > 0 ? (
        <ul className="problem-list" data-testid="error-problems">
          {t.details.map((d, i) => (
            <li key={i}>
              <span className="problem-message">{d}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {t.action ? (
        <p className="error-action" data-testid="error-action">
          {t.action}
        </p>
      ) : null}
      {actions ? <div className="error-actions">{actions}</div> : null}
    </div>
  )
}

export function Badge({ tone, children, testId }: { tone: 'neutral' | 'info' | 'success' | 'warning' | 'demo'; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {children}
    </span>
  )
}

export function Kpi({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="kpi">
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="kpi-hint">{hint}</div> : null}
    </div>
  )
}

/** A determinate bar when the total is known, an indeterminate one before. */
export function ProgressBar({ label, current, total }: { label: string; current: number; total: number }) {
  const pct = total > 0 ? Math.min(100, Math.round((current / total) * 100)) : null
  return (
    <div className="progress">
      <div className="progress-text">
        <span className="progress-step">{label}</span>
        <span className="progress-pct num">{pct === null ? '' : `${pct} %`}</span>
      </div>
      <div
        className={`progress-track${pct === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct === null ? {} : { 'aria-valuenow': pct, 'aria-valuetext': `${label}: ${pct} %` })}
      >
        <div className="progress-fill" style={{ width: pct === null ? undefined : `${pct}%` }} />
      </div>
    </div>
  )
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  )
}

/** An import's warnings (data kept, but a person should know). */
export function WarningList({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return null
  return (
    <ul className="warnings" aria-label="Warnings">
      {warnings.map((w, i) => (
        <li key={i}>⚠ {w}</li>
      ))}
    </ul>
  )
}

/** First line of an import's summary: the file and whether it was imported or already there. */
export interface OutcomeFact {
  label: string
  value: ReactNode
  testId?: string
  /** Words, not figures (no tabular digits). */
  text?: boolean
}

/** One imported file's outcome: imported or already there, its facts and its warnings. */
export function OutcomeCard({ fileName, status, testId, facts, warnings }: { fileName: string; status: 'imported' | 'duplicate'; testId: string; facts: OutcomeFact[]; warnings: string[] }) {
  const duplicate = status === 'duplicate'
  return (
    <li className={`outcome ${duplicate ? 'outcome-duplicate' : 'outcome-imported'}`} data-testid={testId} data-status={status}>
      <div className="outcome-head">
        <span className="outcome-icon" aria-hidden="true">
          {duplicate ? '=' : '✓'}
        </span>
        <strong className="outcome-file">{fileName}</strong>
        <span className="outcome-status">{duplicate ? 'already imported — nothing to do' : 'imported'}</span>
      </div>
      <dl className="outcome-facts">
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd className={f.text ? undefined : 'num'} {...(f.testId ? { 'data-testid': f.testId } : {})}>
              {f.value}
            </dd>
          </div>
        ))}
      </dl>
      <WarningList warnings={warnings} />
    </li>
  )
}
