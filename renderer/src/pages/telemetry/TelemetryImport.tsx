/** Data page parts for telemetry: the import/pull progress and summary, and the "Pull from Prometheus" form. */
import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { DCGM_PRESETS, type TelemetryOutcome } from '../../../../shared/telemetry-types'
import { ErrorPanel, ImportSummary, Options, ProgressWithCancel, type Fact } from '../../components/ui'
import { integer } from '../../format'
import { useAppStore } from '../../store'
import type { PullForm } from '../../store/telemetry-slice'

const utc = (t: string | null | undefined): string => (t ?? '?').replace('T', ' ').replace('Z', '')

const telemetryFacts = ({ summary: s }: TelemetryOutcome): Fact[] => [
  { label: 'Series', value: integer(s.series), testId: 'telemetry-series', className: 'num' },
  { label: 'Samples', value: integer(s.samples), testId: 'telemetry-samples', className: 'num' },
  { label: 'Period (UTC)', value: `${utc(s.periodStart)} – ${utc(s.periodEnd)}`, className: 'num' },
  { label: 'Format', value: s.format },
]

/** Progress with cancel while a telemetry import or pull runs; then its summary or its error. */
export function TelemetryRunStatus() {
  const run = useAppStore(useShallow((s) => s.telemetryRun))
  const job = useAppStore((s) => (s.telemetryRun.jobId ? s.jobs[s.telemetryRun.jobId] : undefined))
  const cancel = useAppStore((s) => s.cancelTelemetryRun)
  const dismiss = useAppStore((s) => s.dismissTelemetryRun)
  if (run.status === 'idle') return null
  const what = run.kind === 'pull' ? 'Pull' : 'Telemetry import'
  if (run.status === 'uploading' || run.status === 'running') {
    const label = run.status === 'uploading' ? `Uploading ${run.label}` : (job?.step ?? `Starting: ${run.label}`)
    return <ProgressWithCancel testId="telemetry-progress" cancelTestId="telemetry-cancel" label={label} job={job} canCancel={!!run.jobId} onCancel={() => void cancel()} />
  }
  if (run.status === 'failed' && run.error) {
    const cancelled = run.error.code === 'cancelled'
    return (
      <ErrorPanel
        title={cancelled ? `${what} cancelled — nothing was written` : `${what} failed — nothing was written`}
        error={run.error}
        testId="telemetry-error"
        onDismiss={dismiss}
        tone={cancelled ? 'neutral' : 'error'}
      />
    )
  }
  return (
    <ImportSummary
      testId="telemetry-summary"
      title={`${what} finished`}
      noun="snapshot"
      verb="added"
      outcomes={run.outcomes}
      outcomeTestId="telemetry-outcome"
      facts={telemetryFacts}
      warnings={(o) => o.summary.warnings}
      onDismiss={dismiss}
    />
  )
}

const STEPS = [
  { label: '15 s', s: 15 },
  { label: '30 s', s: 30 },
  { label: '1 min', s: 60 },
  { label: '5 min', s: 300 },
  { label: '1 h', s: 3600 },
]

/** datetime-local text (UTC) for a Date, to the minute. */
const local = (d: Date): string => d.toISOString().slice(0, 16)

/** URL, PromQL (with DCGM presets), start/end (UTC) and step; the pull runs as a job with progress and cancel. */
export function PrometheusPullForm() {
  const pull = useAppStore((s) => s.pullPrometheus)
  const busy = useAppStore((s) => s.telemetryRun.status === 'running' || s.telemetryRun.status === 'uploading')
  const [form, setForm] = useState<PullForm>(() => {
    const now = new Date()
    return { url: 'http://127.0.0.1:9090', query: DCGM_PRESETS[0].query, start: local(new Date(now.getTime() - 24 * 3600_000)), end: local(now), step: 60 }
  })
  const [problem, setProblem] = useState<string | null>(null)
  const update = <K extends keyof PullForm>(k: K, v: PullForm[K]): void => setForm((f) => ({ ...f, [k]: v }))

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!/^https?:\/\/.+/.test(form.url)) return setProblem('The URL must start with http:// or https://')
    if (!form.query.trim()) return setProblem('Enter a PromQL query or choose a preset')
    if (!(Date.parse(`${form.end}Z`) >= Date.parse(`${form.start}Z`))) return setProblem('End must not be before start')
    setProblem(null)
    void pull(form)
  }
  const preset = DCGM_PRESETS.find((p) => p.query === form.query)?.id ?? ''
  return (
    <form className="form pull-form" onSubmit={submit} data-testid="pull-form" noValidate>
      <div className="form-row">
        <label className="field grow">
          <span className="field-label">Prometheus URL</span>
          <input type="url" value={form.url} onChange={(e) => update('url', e.currentTarget.value)} data-testid="pull-url" placeholder="http://prometheus:9090" />
        </label>
        <label className="field">
          <span className="field-label">DCGM preset</span>
          <select value={preset} onChange={(e) => update('query', DCGM_PRESETS.find((p) => p.id === e.currentTarget.value)?.query ?? form.query)} data-testid="pull-preset">
            <option value="">Custom query</option>
            <Options values={DCGM_PRESETS} value={(p) => p.id} label={(p) => p.label} />
          </select>
        </label>
      </div>
      <label className="field grow">
        <span className="field-label">PromQL</span>
        <input type="text" className="mono" value={form.query} onChange={(e) => update('query', e.currentTarget.value)} data-testid="pull-query" spellCheck={false} />
      </label>
      <div className="form-row">
        <label className="field">
          <span className="field-label">Start (UTC)</span>
          <input type="datetime-local" value={form.start} onChange={(e) => update('start', e.currentTarget.value)} data-testid="pull-start" />
        </label>
        <label className="field">
          <span className="field-label">End (UTC)</span>
          <input type="datetime-local" value={form.end} onChange={(e) => update('end', e.currentTarget.value)} data-testid="pull-end" />
        </label>
        <label className="field">
          <span className="field-label">Step</span>
          <select value={form.step} onChange={(e) => update('step', Number(e.currentTarget.value))} data-testid="pull-step">
            <Options values={STEPS} value={(s) => s.s} label={(s) => s.label} />
          </select>
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="pull-submit">
            Pull
          </button>
        </div>
      </div>
      <p className="muted">
        Long ranges are fetched in windows of at most 10,000 points per series (Prometheus refuses more than 11,000). The pull becomes one snapshot;
        pulling the same data again changes nothing.
      </p>
      {problem ? (
        <p className="field-error" role="alert" data-testid="pull-problem">
          {problem}
        </p>
      ) : null}
    </form>
  )
}
