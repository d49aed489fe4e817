import { useRef, useState, type DragEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ImportOutcome, Snapshot } from '../../../shared/types'
import { Table, num } from '../components/Table'
import { EmptyState, ErrorPanel, ImportSummary, Loading, Page, Panel, ProgressWithCancel, type Fact } from '../components/ui'
import { dateTime, inclusiveEndDate, integer, isoDate, money } from '../format'
import { useAppStore } from '../store'
import { BillingFormatSelect, TagKeysForm } from './billing/BillingSettings'
import { PrometheusPullForm, TelemetryRunStatus } from './telemetry/TelemetryImport'

const ACCEPT = '.csv,.gz,.parquet,.json,.jsonl,.prom,.om,.txt'

function DropZone() {
  const importFiles = useAppStore((s) => s.importFiles)
  const importTelemetry = useAppStore((s) => s.importTelemetryFiles)
  const splitTelemetry = useAppStore((s) => s.splitTelemetryFiles)
  const busy = useAppStore(
    (s) =>
      s.importRun.status === 'uploading' ||
      s.importRun.status === 'running' ||
      s.telemetryRun.status === 'uploading' ||
      s.telemetryRun.status === 'running',
  )
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)

  const start = (list: FileList | null): void => {
    const files = list ? Array.from(list) : []
    if (files.length === 0 || busy) return
    // Telemetry files (Prometheus, OpenMetrics, OTLP, telemetry CSV) go to the telemetry importer.
    void splitTelemetry(files).then(({ telemetry, other }) => {
      if (telemetry.length > 0) void importTelemetry(telemetry)
      if (other.length > 0) void importFiles(other)
    })
  }
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault()
    setOver(false)
    start(e.dataTransfer.files)
  }

  return (
    <div
      className={`dropzone${over ? ' over' : ''}${busy ? ' busy' : ''}`}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault()
        e.dataTransfer.dropEffect = busy ? 'none' : 'copy'
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" className="dropzone-icon">
        <path d="M12 16V4m0 0l-4 4m4-4l4 4M4 16v3a1 1 0 001 1h14a1 1 0 001-1v-3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <div className="dropzone-text">
        <strong>Drop billing files here</strong>
        <span>FOCUS 1.0–1.2 (CSV, CSV.gz, Parquet) · AWS CUR / CUR 2.0 · Azure cost details · OCI cost reports · GCP billing export (CSV/JSON)</span>
        <span>Each file becomes one snapshot · re-importing a file changes nothing</span>
        <span>Telemetry too: Prometheus query_range JSON, Prometheus/OpenMetrics text, OTLP JSON, CSV with a timestamp column</span>
      </div>
      <button type="button" className="btn btn-primary" onClick={() => input.current?.click()} disabled={busy}>
        Choose files…
      </button>
      <input
        ref={input}
        className="file-input"
        type="file"
        multiple
        accept={ACCEPT}
        data-testid="import-input"
        aria-label="Choose billing files to import"
        onChange={(e) => {
          start(e.currentTarget.files)
          // Clear it so choosing the same file again fires change again.
          e.currentTarget.value = ''
        }}
      />
    </div>
  )
}

function ImportProgress() {
  const { status, fileNames, jobId } = useAppStore(
    useShallow((s) => ({ status: s.importRun.status, fileNames: s.importRun.fileNames, jobId: s.importRun.jobId })),
  )
  const job = useAppStore((s) => (s.importRun.jobId ? s.jobs[s.importRun.jobId] : undefined))
  const cancel = useAppStore((s) => s.cancelImport)
  const label =
    status === 'uploading'
      ? `Uploading ${fileNames.join(', ')}`
      : (job?.step ?? `Starting import of ${fileNames.join(', ')}`)
  return <ProgressWithCancel testId="import-progress" cancelTestId="import-cancel" label={label} job={job} canCancel={!!jobId} onCancel={() => void cancel()} />
}

const billingFacts = ({ snapshot: s }: ImportOutcome): Fact[] => [
  { label: 'Rows', value: integer(s.rows), className: 'num' },
  { label: 'Period', value: `${isoDate(s.periodStart)} – ${inclusiveEndDate(s.periodEnd)}`, className: 'num' },
  { label: 'Total BilledCost', value: money(s.totalBilledCost), className: 'num' },
  { label: 'Format', value: s.format },
]

/**
 * A file that covers the same provider, billing account and charge period as an earlier snapshot: nothing
 * was imported; the user decides whether it replaces the earlier snapshot or both are kept.
 */
function OverlapPrompt() {
  const { error, files } = useAppStore(useShallow((s) => ({ error: s.importRun.error, files: s.importRun.files })))
  const importFiles = useAppStore((s) => s.importFiles)
  const dismiss = useAppStore((s) => s.dismissImport)
  return (
    <div className="panel overlap-prompt" role="alertdialog" aria-labelledby="overlap-title" aria-describedby="overlap-text" data-testid="overlap-prompt">
      <strong id="overlap-title">These charges may already be in the workspace</strong>
      <p id="overlap-text">{error?.message}</p>
      {error?.problems && error.problems.length > 1 ? (
        <ul className="overlap-list">
          {error.problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      ) : null}
      <div className="overlap-actions">
        <button type="button" className="btn btn-primary" onClick={() => void importFiles(files, 'replace')} data-testid="overlap-replace">
          Replace the earlier snapshot
        </button>
        <button type="button" className="btn" onClick={() => void importFiles(files, 'keep-both')} data-testid="overlap-keep-both">
          Keep both
        </button>
        <button type="button" className="btn btn-ghost" onClick={dismiss} data-testid="overlap-cancel">
          Cancel
        </button>
      </div>
    </div>
  )
}

function ImportResult() {
  const { status, outcomes, error } = useAppStore(
    useShallow((s) => ({ status: s.importRun.status, outcomes: s.importRun.outcomes, error: s.importRun.error })),
  )
  const dismiss = useAppStore((s) => s.dismissImport)
  if (status === 'failed' && error?.code === 'conflict') return <OverlapPrompt />
  if (status === 'failed' && error) {
    // A multi-file import reports every file: those imported stay, each failing one is named with its problems.
    const failedFiles = error.files?.filter((f) => f.status === 'failed').length ?? 0
    const title =
      error.code === 'cancelled'
        ? 'Import cancelled'
        : failedFiles > 0 && error.files
          ? `${failedFiles} of ${error.files.length} files not imported`
          : 'Import failed — nothing from the failing file was written'
    return <ErrorPanel title={title} error={error} testId="import-error" onDismiss={dismiss} tone={error.code === 'cancelled' ? 'neutral' : 'error'} />
  }
  if (status !== 'done') return null
  return (
    <ImportSummary
      testId="import-summary"
      title="Import finished"
      noun="file"
      verb="imported"
      outcomes={outcomes}
      outcomeTestId="import-outcome"
      facts={billingFacts}
      warnings={(o) => o.snapshot.warnings}
      onDismiss={dismiss}
    />
  )
}

function SnapshotRow({ s }: { s: Snapshot }) {
  const [confirming, setConfirming] = useState(false)
  const deleting = useAppStore((st) => st.deleting.includes(s.id))
  const remove = useAppStore((st) => st.deleteSnapshot)
  return (
    <tr data-testid="snapshot-row">
      <td className="cell-file" title={s.contentHash}>
        {s.fileName}
        {s.warnings.length > 0 ? (
          <span className="warn-dot" title={s.warnings.join('\n')}>
            {' '}
            ⚠ {s.warnings.length}
          </span>
        ) : null}
      </td>
      <td>{s.format}</td>
      <td className="num">
        {isoDate(s.periodStart)} – {inclusiveEndDate(s.periodEnd)}
      </td>
      <td className="num">{integer(s.rows)}</td>
      <td className="num">{s.kind === 'telemetry' ? '—' : money(s.totalBilledCost)}</td>
      <td className="num">{dateTime(s.importedAt)}</td>
      <td className="cell-actions">
        {confirming ? (
          <span className="confirm">
            <button type="button" className="btn btn-danger btn-small" disabled={deleting} onClick={() => void remove(s.id)} data-testid="snapshot-delete-confirm">
              {deleting ? 'Deleting…' : 'Delete rows'}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setConfirming(false)} disabled={deleting}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => setConfirming(true)} data-testid="snapshot-delete" aria-label={`Delete ${s.fileName}`}>
            Delete
          </button>
        )}
      </td>
    </tr>
  )
}

function SnapshotTable() {
  const { snapshots, load } = useAppStore(useShallow((s) => ({ snapshots: s.snapshots, load: s.workspaceLoad })))
  if (load.status === 'error' && load.error) return <ErrorPanel title="Could not list snapshots" error={load.error} />
  if (load.status === 'loading' && snapshots.length === 0) return <Loading />
  if (snapshots.length === 0) {
    return (
      <EmptyState title="No data imported yet" testId="snapshots-empty">
        <p>
          Import a <strong>FOCUS 1.0, 1.1 or 1.2</strong> billing export as CSV — the FinOps Open Cost and Usage
          Specification that AWS Data Exports, Azure Cost Management, Google Cloud and Oracle produce.
        </p>
        <p>Drag files onto the area above, or use Choose files…. Each file is imported atomically as one snapshot.</p>
      </EmptyState>
    )
  }
  return (
    <Table testId="snapshot-table" cols={['File', 'Format', num('Period'), num('Rows'), num('Total BilledCost'), num('Imported at'), { ariaLabel: 'Actions' }]}>
      {snapshots.map((s) => (
        <SnapshotRow key={s.id} s={s} />
      ))}
    </Table>
  )
}

export function DataPage() {
  const running = useAppStore((s) => s.importRun.status === 'uploading' || s.importRun.status === 'running')
  const count = useAppStore((s) => s.snapshots.length)
  return (
    <Page id="data" title="Data" subtitle="Import billing exports and GPU telemetry into this workspace. Imports are atomic per file and idempotent.">
      <Panel title="Import">
        <DropZone />
        <BillingFormatSelect />
        {running ? <ImportProgress /> : <ImportResult />}
        <TelemetryRunStatus />
      </Panel>
      <Panel title="Pull from Prometheus" testId="pull-panel">
        <PrometheusPullForm />
      </Panel>
      <Panel title={`Snapshots${count > 0 ? ` (${count})` : ''}`}>
        <SnapshotTable />
      </Panel>
      <Panel title="Attribution tag keys" testId="tag-keys-panel">
        <TagKeysForm />
      </Panel>
    </Page>
  )
}
