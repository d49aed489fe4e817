import type { ReactNode } from 'react'
import { errorText, type ApiError } from '../../../shared/errors'
import { plural } from '../format'

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
/** One row of a definition list: a label and its value (`className` styles the value: "num", "mono", …). */
export interface Fact {
  label: string
  value: ReactNode
  testId?: string
  className?: string
}

/** Label–value pairs as a definition list; null entries (facts that do not apply) are left out. */
export function Facts({ items, className = 'facts', testId }: { items: readonly (Fact | null)[]; className?: string; testId?: string }) {
  return (
    <dl className={className} {...(testId ? { 'data-testid': testId } : {})}>
      {items.map((f) =>
        f ? (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd className={f.className} {...(f.testId ? { 'data-testid': f.testId } : {})}>
              {f.value}
            </dd>
          </div>
        ) : null,
      )}
    </dl>
  )
}

/** One imported file's outcome: imported or already there, its facts and its warnings. */
export function OutcomeCard({ fileName, status, testId, facts, warnings }: { fileName: string; status: 'imported' | 'duplicate'; testId: string; facts: Fact[]; warnings: string[] }) {
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
      <Facts className="outcome-facts" items={facts} />
      <WarningList warnings={warnings} />
    </li>
  )
}

/** `<option>`s for a select: each item's `value` (the item itself by default), shown as `label(item)` (its value by default). */
export function Options<T>({ values, value = (v) => v as string | number, label = (v) => String(value(v)) }: { values: readonly T[]; value?: (v: T) => string | number; label?: (v: T) => ReactNode }) {
  return (
    <>
      {values.map((v) => (
        <option key={value(v)} value={value(v)}>
          {label(v)}
        </option>
      ))}
    </>
  )
}

/** A running job's progress with its Cancel button (disabled until the job has an id to cancel). */
export function ProgressWithCancel({
  testId,
  cancelTestId,
  label,
  job,
  canCancel,
  onCancel,
}: {
  testId: string
  cancelTestId: string
  label: string
  job: { current: number; total: number } | undefined
  canCancel: boolean
  onCancel: () => void
}) {
  return (
    <div className="import-progress" data-testid={testId}>
      <ProgressBar label={label} current={job?.current ?? 0} total={job?.total ?? 0} />
      <button type="button" className="btn" onClick={onCancel} disabled={!canCancel} data-testid={cancelTestId}>
        Cancel
      </button>
    </div>
  )
}

/** A finished import's summary: how many files it added (as `noun`, `verb`) and how many were already there, Dismiss, and one card per file. */
export function ImportSummary<O extends { fileName: string; status: 'imported' | 'duplicate'; snapshot: { id: number } }>({
  testId,
  title,
  noun,
  verb,
  outcomes,
  outcomeTestId,
  facts,
  warnings,
  onDismiss,
}: {
  testId: string
  title: string
  noun: string
  verb: string
  outcomes: readonly O[]
  outcomeTestId: string
  facts: (o: O) => Fact[]
  warnings: (o: O) => string[]
  onDismiss: () => void
}) {
  return (
    <div className="import-summary" data-testid={testId}>
      <div className="import-summary-head">
        <strong>{title}</strong>
        <span className="muted">
          {plural(outcomes.filter((o) => o.status === 'imported').length, noun)} {verb},{' '}
          {plural(outcomes.filter((o) => o.status === 'duplicate').length, 'duplicate')}
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul className="outcomes">
        {outcomes.map((o, i) => (
          <OutcomeCard key={`${o.snapshot.id}-${i}`} fileName={o.fileName} status={o.status} testId={outcomeTestId} facts={facts(o)} warnings={warnings(o)} />
        ))}
      </ul>
    </div>
  )
}

/** A page: its header (title, what the page is for, actions), then its panels. `id` names it for tests (page-<id>). */
export function Page({ id, wide, title, subtitle, actions, children }: { id: string; wide?: boolean; title: string; subtitle: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className={`page${wide ? ' page-wide' : ''}`} data-testid={`page-${id}`}>
      <PageHeader title={title} subtitle={subtitle} actions={actions} />
      {children}
    </div>
  )
}
