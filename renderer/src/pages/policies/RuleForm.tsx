/** One form per rule kind. Fields edit the policy document in place; the backend validates it on every change. */
import { RULE_KIND_HELP, RULE_KIND_LABELS, type PolicyDocInput } from '../../../../shared/policy-schema'

type RuleInput = PolicyDocInput['rules'][number]

/** "H100, A100" ↔ ["H100", "A100"]: lists are typed as comma-separated text. */
const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
const joinList = (xs: readonly string[] | undefined): string => (xs ?? []).join(', ')
const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s))

function NumberField({ label, value, onChange, step = 'any', testId, unit }: { label: string; value: number | undefined; onChange: (n: number) => void; step?: string; testId?: string; unit?: string }) {
  return (
    <label className="field field-number">
      <span className="field-label">
        {label}
        {unit ? <span className="muted"> ({unit})</span> : null}
      </span>
      <input type="number" step={step} value={value === undefined || Number.isNaN(value) ? '' : value} onChange={(e) => onChange(num(e.target.value))} data-testid={testId} />
    </label>
  )
}

function TextField({ label, value, onChange, testId, placeholder, grow }: { label: string; value: string; onChange: (s: string) => void; testId?: string; placeholder?: string; grow?: boolean }) {
  return (
    <label className={`field${grow ? ' grow' : ''}`}>
      <span className="field-label">{label}</span>
      <input value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} placeholder={placeholder} spellCheck={false} />
    </label>
  )
}

/** Rows of (key, value) per team or namespace, with add / remove. */
function Overrides<T extends Record<string, unknown>>({
  title,
  rows,
  keyField,
  keyLabel,
  valueLabel,
  render,
  onChange,
  blank,
}: {
  title: string
  rows: T[]
  keyField: keyof T & string
  keyLabel: string
  valueLabel: string
  render: (row: T, set: (row: T) => void) => React.ReactNode
  onChange: (rows: T[]) => void
  blank: T
}) {
  return (
    <div className="overrides">
      <div className="overrides-head">
        <span className="field-label">{title}</span>
        <button type="button" className="btn btn-small" onClick={() => onChange([...rows, { ...blank }])}>
          Add
        </button>
      </div>
      {rows.length === 0 ? <p className="muted small">None: the default applies to everyone.</p> : null}
      {rows.map((row, i) => (
        <div className="override-row" key={i}>
          <label className="field">
            <span className="field-label">{keyLabel}</span>
            <input value={String(row[keyField] ?? '')} onChange={(e) => onChange(rows.map((r, j) => (j === i ? { ...r, [keyField]: e.target.value } : r)))} spellCheck={false} />
          </label>
          <div className="override-value" aria-label={valueLabel}>
            {render(row, (next) => onChange(rows.map((r, j) => (j === i ? next : r))))}
          </div>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove ${String(row[keyField] ?? '')}`}>
            Remove
          </button>
        </div>
      ))}
    </div>
  )
}

type Props<R> = { rule: R; onChange: (r: RuleInput) => void }
type Kind<K extends RuleInput['kind']> = Extract<RuleInput, { kind: K }>

/** Per-team overrides of a limit: the shape three rule kinds share. */
function TeamLimits<T extends { team: string }>(props: { rows: T[]; blank: T; onChange: (rows: T[]) => void; render: (row: T, set: (row: T) => void) => React.ReactNode }) {
  return <Overrides title="Per-team limits" keyField="team" keyLabel="Team" valueLabel="Limit" {...props} />
}

/** A rule's own fields on one row, an optional note, then its overrides. */
function KindBody({ fields, explain, overrides }: { fields: React.ReactNode; explain?: string; overrides?: React.ReactNode }) {
  return (
    <>
      <div className="form-row">{fields}</div>
      {explain ? <p className="explain">{explain}</p> : null}
      {overrides}
    </>
  )
}

function MaxHourlyCostFields({ rule, onChange }: Props<Kind<'max-hourly-cost'>>) {
  const fields = (
    <>
      <NumberField label="Limit per workload" unit="USD per hour" value={rule.maxUsdPerHour} onChange={(n) => onChange({ ...rule, maxUsdPerHour: n })} testId="rule-max-usd" />
      <NumberField label="CPU price" unit="USD per core-hour" value={rule.cpuUsdPerCoreHour ?? 0} onChange={(n) => onChange({ ...rule, cpuUsdPerCoreHour: n })} />
      <NumberField label="Memory price" unit="USD per GiB-hour" value={rule.memoryUsdPerGiBHour ?? 0} onChange={(n) => onChange({ ...rule, memoryUsdPerGiBHour: n })} />
      <NumberField
        label="Unselected type price"
        unit="USD per accelerator-hour; empty = highest catalog price"
        value={rule.unknownTypeUsdPerHour}
        onChange={(n) => {
          const { unknownTypeUsdPerHour: _drop, ...rest } = rule
          onChange(Number.isNaN(n) ? rest : { ...rest, unknownTypeUsdPerHour: n })
        }}
      />
    </>
  )
  const overrides = (
    <TeamLimits
      rows={rule.perTeam ?? []}
      blank={{ team: '', maxUsdPerHour: rule.maxUsdPerHour }}
      onChange={(perTeam) => onChange({ ...rule, perTeam })}
      render={(row, set) => <NumberField label="USD per hour" value={row.maxUsdPerHour} onChange={(n) => set({ ...row, maxUsdPerHour: n })} />}
    />
  )
  return <KindBody fields={fields} explain="Accelerator prices come from the workspace catalog (median on-demand list price per type); the export refreshes them." overrides={overrides} />
}

/** The allowed types of one team or namespace, typed as a list. */
const typesField = <T extends { allowed: string[] }>(row: T, set: (row: T) => void) => <TextField label="Types" value={joinList(row.allowed)} onChange={(s) => set({ ...row, allowed: splitList(s) })} />

function AllowedAcceleratorsFields({ rule, onChange }: Props<Kind<'allowed-accelerators'>>) {
  const fields = (
    <>
      <TextField label="Allowed for everyone" value={joinList(rule.allowed)} onChange={(s) => onChange({ ...rule, allowed: splitList(s) })} testId="rule-allowed" placeholder="H100, A100" grow />
      <label className="field checkbox-field">
        <span className="field-label">Unselected type</span>
        <span>
          <input type="checkbox" checked={rule.requireSelector ?? true} onChange={(e) => onChange({ ...rule, requireSelector: e.target.checked })} /> deny accelerator workloads that select no type
        </span>
      </label>
    </>
  )
  const overrides = (
    <div className="two-col">
      <Overrides title="Per team" rows={rule.perTeam ?? []} keyField="team" keyLabel="Team" valueLabel="Allowed types" blank={{ team: '', allowed: [] }} onChange={(perTeam) => onChange({ ...rule, perTeam })} render={typesField} />
      <Overrides title="Per namespace (wins over team)" rows={rule.perNamespace ?? []} keyField="namespace" keyLabel="Namespace" valueLabel="Allowed types" blank={{ namespace: '', allowed: [] }} onChange={(perNamespace) => onChange({ ...rule, perNamespace })} render={typesField} />
    </div>
  )
  return <KindBody fields={fields} overrides={overrides} />
}

function RequiredLabelsFields({ rule, onChange }: Props<Kind<'required-labels'>>) {
  const fields = (
    <>
      <TextField label="Labels" value={joinList(rule.labels)} onChange={(s) => onChange({ ...rule, labels: splitList(s) })} testId="rule-labels" placeholder="team, project" grow />
      <label className="field">
        <span className="field-label">Applies to</span>
        <select value={rule.scope ?? 'accelerator'} onChange={(e) => onChange({ ...rule, scope: e.target.value as 'accelerator' | 'all' })}>
          <option value="accelerator">accelerator workloads</option>
          <option value="all">every workload</option>
        </select>
      </label>
    </>
  )
  return <KindBody fields={fields} />
}

function MaxAcceleratorsFields({ rule, onChange }: Props<Kind<'max-accelerators'>>) {
  const fields = (
    <>
      <NumberField label="Most accelerators per workload" value={rule.max} step="1" onChange={(n) => onChange({ ...rule, max: n })} testId="rule-max" />
      <TextField label="Exemption label (set to “true”)" value={rule.exemptionLabel ?? 'fleetplan.io/exempt-max-accelerators'} onChange={(s) => onChange({ ...rule, exemptionLabel: s })} grow />
    </>
  )
  const overrides = <TeamLimits rows={rule.perTeam ?? []} blank={{ team: '', max: rule.max }} onChange={(perTeam) => onChange({ ...rule, perTeam })} render={(row, set) => <NumberField label="Accelerators" step="1" value={row.max} onChange={(n) => set({ ...row, max: n })} />} />
  return <KindBody fields={fields} overrides={overrides} />
}

function BudgetCeilingFields({ rule, onChange }: Props<Kind<'budget-ceiling'>>) {
  const fields = <NumberField label="Deny from" unit="% of the budget spent" value={rule.thresholdPct ?? 100} onChange={(n) => onChange({ ...rule, thresholdPct: n })} />
  const overrides = (
    <Overrides title="Monthly budgets" rows={rule.budgets} keyField="team" keyLabel="Team" valueLabel="Budget" blank={{ team: '', monthlyUsd: 10_000 }} onChange={(budgets) => onChange({ ...rule, budgets })} render={(row, set) => <NumberField label="USD per month" value={row.monthlyUsd} onChange={(n) => set({ ...row, monthlyUsd: n })} />} />
  )
  return <KindBody fields={fields} overrides={overrides} />
}

function RuleFields({ rule, onChange }: Props<RuleInput>) {
  switch (rule.kind) {
    case 'max-hourly-cost':
      return <MaxHourlyCostFields rule={rule} onChange={onChange} />
    case 'allowed-accelerators':
      return <AllowedAcceleratorsFields rule={rule} onChange={onChange} />
    case 'required-labels':
      return <RequiredLabelsFields rule={rule} onChange={onChange} />
    case 'max-accelerators':
      return <MaxAcceleratorsFields rule={rule} onChange={onChange} />
    case 'budget-ceiling':
      return <BudgetCeilingFields rule={rule} onChange={onChange} />
  }
}

export function RuleForm({ rule, onChange, onRemove }: { rule: RuleInput; onChange: (r: RuleInput) => void; onRemove: () => void }) {
  return (
    <section className="rule-card" data-testid={`rule-${rule.id}`} data-kind={rule.kind}>
      <header className="rule-card-head">
        <div>
          <h3>{RULE_KIND_LABELS[rule.kind]}</h3>
          <p className="muted small">{RULE_KIND_HELP[rule.kind]}</p>
        </div>
        <label className="field rule-id">
          <span className="field-label">Rule id</span>
          <input value={rule.id} onChange={(e) => onChange({ ...rule, id: e.target.value })} spellCheck={false} />
        </label>
        <button type="button" className="btn btn-ghost btn-small" onClick={onRemove}>
          Remove rule
        </button>
      </header>
      <RuleFields rule={rule} onChange={onChange} />
    </section>
  )
}
