import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { BILLING_FORMATS, type BillingFormat, type TagKeys } from '../../../../shared/billing-types'
import { ErrorPanel, Loading, Options } from '../../components/ui'
import { useAppStore } from '../../store'
import { useLoadWhenIdle } from '../../store/use-load-when-idle'

const FORMAT_LABELS: Record<BillingFormat, string> = {
  auto: 'Detect from the file',
  focus: 'FOCUS 1.0 / 1.1 / 1.2',
  'aws-cur': 'AWS CUR (legacy or 2.0)',
  'azure-cost': 'Azure cost details (EA / MCA)',
  'oci-cost': 'OCI cost report',
  'gcp-billing': 'GCP billing export',
}

/** Override of the billing format for the next import (CSV, CSV.gz, Parquet or JSON is read from the bytes). */
export function BillingFormatSelect() {
  const format = useAppStore((s) => s.billingFormat)
  const setFormat = useAppStore((s) => s.setBillingFormat)
  return (
    <label className="field billing-format" style={{ maxWidth: 360 }}>
      <span className="field-label">Billing format</span>
      <select value={format} onChange={(e) => setFormat(e.currentTarget.value as BillingFormat)} data-testid="billing-format">
        <Options values={BILLING_FORMATS} label={(f) => FORMAT_LABELS[f]} />
      </select>
    </label>
  )
}

const FIELDS: { key: keyof TagKeys; label: string }[] = [
  { key: 'team', label: 'Team' },
  { key: 'project', label: 'Project' },
  { key: 'modelType', label: 'Model type' },
]

const toText = (keys: string[]): string => keys.join(', ')
const toKeys = (text: string): string[] =>
  text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)

/** Which tag / label keys name a line's team, project and model type; saving re-derives every line. */
export function TagKeysForm() {
  const { tagKeys, defaults, load, loadTagKeys } = useAppStore(
    useShallow((s) => ({ tagKeys: s.tagKeys, defaults: s.tagKeyDefaults, load: s.tagKeysLoad, loadTagKeys: s.loadTagKeys })),
  )
  useLoadWhenIdle(load.status, loadTagKeys)
  if (load.status === 'error' && load.error) return <ErrorPanel title="Could not read the tag keys" error={load.error} />
  if (!tagKeys || !defaults) return <Loading />
  // Keyed by the stored keys: a save (or reload) starts the draft afresh from what the workspace holds.
  return <TagKeysEditor key={JSON.stringify(tagKeys)} stored={tagKeys} defaults={defaults} />
}

function TagKeysEditor({ stored, defaults }: { stored: TagKeys; defaults: TagKeys }) {
  const { save, rederived, saveTagKeys } = useAppStore(useShallow((s) => ({ save: s.tagKeysSave, rederived: s.tagKeysRederived, saveTagKeys: s.saveTagKeys })))
  const [draft, setDraft] = useState<Record<keyof TagKeys, string>>({ team: toText(stored.team), project: toText(stored.project), modelType: toText(stored.modelType) })
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    void saveTagKeys({ team: toKeys(draft.team), project: toKeys(draft.project), modelType: toKeys(draft.modelType) })
  }
  return (
    <form className="form tag-keys-form" onSubmit={submit} data-testid="tag-keys-form" noValidate>
      <p className="muted">
        Keys are tried in order; the first one a line&apos;s tags or labels carry wins. AWS tags look like <code>user:team</code>, OCI tags like{' '}
        <code>Namespace.key</code>. Saving re-derives every imported line.
      </p>
      <div className="form-row">
        {FIELDS.map((f) => (
          <label key={f.key} className="field grow">
            <span className="field-label">{f.label} keys</span>
            <input
              type="text"
              className="mono"
              value={draft[f.key]}
              spellCheck={false}
              placeholder={toText(defaults[f.key])}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.currentTarget.value })}
              data-testid={`tag-keys-${f.key}`}
            />
          </label>
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.pending} data-testid="tag-keys-save">
          {save.pending ? 'Saving…' : 'Save and re-derive'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={save.pending}
          onClick={() => setDraft({ team: toText(defaults.team), project: toText(defaults.project), modelType: toText(defaults.modelType) })}
        >
          Defaults
        </button>
        {rederived !== null ? (
          <span className="muted" data-testid="tag-keys-saved" role="status">
            Saved · {rederived.toLocaleString('en-US')} lines re-derived
          </span>
        ) : null}
      </div>
      {save.error ? <ErrorPanel title="Could not save the tag keys" error={save.error} /> : null}
    </form>
  )
}
