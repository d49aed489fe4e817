/**
 * The recommendations of a fleet plan, each with the reasoning it came from, editable while the plan is a draft
 * or in review (every edit is kept, logged and signed with the approval).
 */
import { amountText } from '../../../../shared/money'
import { moneyWhole } from '../../format'
import { useState, type KeyboardEvent, type ReactNode } from 'react'
import type { EditTarget, Reasoning, RecommendationEdit, Recommendations, RecommendSettings } from '../../../../shared/plan-types'
import { Cell, DataTable, RowCells, Table, num, td, type Col } from '../../components/Table'
import { Badge, ErrorPanel, Panel, WarningList } from '../../components/ui'
import { useAppStore } from '../../store'

const TABS = [
  ['kueue', 'Kueue'],
  ['quotas', 'ResourceQuotas'],
  ['autoscaling', 'Autoscaling'],
  ['capacity', 'Capacity'],
  ['budgets', 'Budgets'],
  ['settings', 'Settings'],
] as const
type Tab = (typeof TABS)[number][0]

const usd = (x: number): string => moneyWhole(x)
const n1 = (x: number, d = 1): string => amountText(x, d)

function sameTarget(a: EditTarget, b: EditTarget): boolean {
  const ka = Object.keys(a).sort()
  const kb = Object.keys(b).sort()
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
}

export function describeTarget(t: EditTarget): string {
  switch (t.kind) {
    case 'queue':
      return `${t.field} of ${t.team} on ${t.flavor}`
    case 'resource-quota':
      return `ResourceQuota requests.${t.resource} of ${t.team}`
    case 'autoscaler':
      return `${t.field} of autoscaler ${t.name}`
    case 'node-pool':
      return `${t.field} of NodePool ${t.name}`
    case 'budget':
      return `${t.field} of ${t.team}'s budget`
    case 'setting':
      return `setting ${t.field}`
  }
}

export function ReasoningView({ r, testId }: { r: Reasoning; testId?: string }) {
  return (
    <div className="reasoning" data-testid={testId}>
      <p>{r.text}</p>
      {r.formula ? <code className="reasoning-formula">{r.formula}</code> : null}
      {r.inputs.length > 0 ? (
        <dl className="reasoning-inputs">
          {r.inputs.map((i, k) => (
            <div key={k}>
              <dt>{i.label}</dt>
              <dd>{i.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  )
}

interface Ctx {
  editable: boolean
  edits: RecommendationEdit[]
  commit: (target: EditTarget, value: number | string | null) => void
}

/** A figure that becomes an input in review: commits on Enter or when focus leaves, Escape puts it back. */
function Editable({ ctx, target, value, kind = 'int', testId, width = 72 }: { ctx: Ctx; target: EditTarget; value: number | string; kind?: 'int' | 'number' | 'text'; testId?: string; width?: number }) {
  const [text, setText] = useState<string | null>(null)
  const edit = ctx.edits.find((e) => sameTarget(e.target, target))
  const shown = typeof value === 'number' && kind !== 'text' ? (kind === 'int' ? String(value) : String(Math.round(value * 100) / 100)) : String(value)
  if (!ctx.editable) {
    return (
      <span className={edit ? 'edited-value' : undefined} data-testid={testId} title={edit ? `Edited by ${edit.by}; derived: ${String(edit.derived)}` : undefined}>
        {shown}
      </span>
    )
  }
  const commit = (): void => {
    if (text === null) return
    const raw = text.trim()
    setText(null)
    if (raw === shown) return
    ctx.commit(target, kind === 'text' ? raw : Number(raw))
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') commit()
    if (e.key === 'Escape') setText(null)
  }
  return (
    <span className="editable">
      <input
        className={`edit-input${edit ? ' edited' : ''}${kind === 'text' ? ' mono' : ' num'}`}
        style={{ width }}
        value={text ?? shown}
        inputMode={kind === 'text' ? 'text' : 'decimal'}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={onKey}
        aria-label={describeTarget(target)}
        data-testid={testId}
      />
      {edit ? (
        <button type="button" className="revert" title={`Back to the derived ${String(edit.derived)}`} aria-label={`Revert ${describeTarget(target)}`} onClick={() => ctx.commit(target, null)}>
          ↺
        </button>
      ) : null}
    </span>
  )
}

function WhyRow({ colSpan, r, open }: { colSpan: number; r: Reasoning; open: boolean }) {
  if (!open) return null
  return (
    <tr className="why-row">
      <td colSpan={colSpan}>
        <ReasoningView r={r} />
      </td>
    </tr>
  )
}

function WhyButton({ open, toggle, label }: { open: boolean; toggle: () => void; label: string }) {
  return (
    <button type="button" className="btn btn-ghost btn-small" aria-expanded={open} onClick={toggle} aria-label={`Why: ${label}`}>
      {open ? 'Hide why' : 'Why?'}
    </button>
  )
}

function KueueTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  const [sel, setSel] = useState<{ team: string; flavor: string } | null>(null)
  const flavors = r.kueue.flavors
  const selected = sel ? r.kueue.queues.find((q) => q.team === sel.team)?.quotas.find((e) => e.flavor === sel.flavor) : null
  return (
    <div className="rec-tab" data-testid="rec-kueue">
      <div className="table-wrap">
        <table className="table quota-table" data-testid="quota-table">
          <thead>
            <tr>
              <th>Team · namespace</th>
              {flavors.map((f) => (
                <th key={f.name} className="num">
                  <span className="mono">{f.name}</span>
                  <div className="cell-sub">
                    {f.capacity} × {f.resource}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.kueue.queues.map((q) => (
              <tr key={q.team}>
                <td>
                  {q.team}
                  <div className="cell-sub mono">{q.namespace}</div>
                </td>
                {q.quotas.map((e) => (
                  <td
                    key={e.flavor}
                    className={`num quota-cell${sel?.team === q.team && sel.flavor === e.flavor ? ' selected' : ''}`}
                    onClick={() => setSel({ team: q.team, flavor: e.flavor })}
                    data-namespace={q.namespace}
                    data-flavor={e.flavor}
                  >
                    <Editable ctx={ctx} target={{ kind: 'queue', team: q.team, flavor: e.flavor, field: 'nominalQuota' }} value={e.nominalQuota} testId={`quota-${q.namespace}-${e.flavor}`} width={56} />
                    <div className="cell-sub">
                      lend ≤ {e.lendingLimit} · borrow ≤ {e.borrowingLimit}
                    </div>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td>Σ nominal / capacity</td>
              {flavors.map((f) => {
                const sum = r.kueue.queues.reduce((a, q) => a + (q.quotas.find((e) => e.flavor === f.name)?.nominalQuota ?? 0), 0)
                return (
                  <td key={f.name} className={`num${sum !== f.capacity ? ' warn-text' : ''}`} data-testid={`quota-sum-${f.name}`}>
                    {sum} / {f.capacity}
                  </td>
                )
              })}
            </tr>
          </tfoot>
        </table>
      </div>
      {sel && selected ? (
        <div className="reasoning-box" data-testid="quota-reasoning">
          <div className="reasoning-head">
            <strong>
              {sel.team} on <span className="mono">{sel.flavor}</span>
            </strong>
            <span>
              lending limit <Editable ctx={ctx} target={{ kind: 'queue', team: sel.team, flavor: sel.flavor, field: 'lendingLimit' }} value={selected.lendingLimit} width={52} /> · borrowing limit{' '}
              <Editable ctx={ctx} target={{ kind: 'queue', team: sel.team, flavor: sel.flavor, field: 'borrowingLimit' }} value={selected.borrowingLimit} width={52} />
            </span>
          </div>
          <ReasoningView r={selected.reasoning} />
        </div>
      ) : (
        <div className="reasoning-box">
          <ReasoningView r={r.kueue.reasoning} />
          <p className="muted">Click a quota to see where it comes from.</p>
        </div>
      )}
      <h3 className="rec-subhead">ResourceFlavors</h3>
      <DataTable
        testId="flavor-table"
        cols={['Flavor', 'Node labels', 'Check on your nodes']}
        rows={flavors}
        rowKey={(f) => f.name}
        cells={(f) => [
          <>
            <span className="mono">{f.name}</span>
            <div className="cell-sub">
              {f.accelerator} · {f.provider} · {f.capacityType}
            </div>
          </>,
          Object.entries(f.nodeLabels).map(([k, v]) => (
            <code key={k} className="label-chip">
              {k}={v}
            </code>
          )),
          td(f.verify.length ? f.verify.join(', ') : '—', { className: 'cell-sub' }),
        ]}
      />
    </div>
  )
}

function useOpen(): [(k: string) => boolean, (k: string) => void] {
  const [open, setOpen] = useState<Set<string>>(new Set())
  return [(k) => open.has(k), (k) => setOpen((s) => (s.has(k) ? new Set([...s].filter((x) => x !== k)) : new Set([...s, k])))]
}

/** A table whose rows each end with a "Why?" button that opens the row's reasoning underneath. */
function WhyTable<R>({
  testId,
  cols,
  rows,
  why,
  cells,
}: {
  testId?: string
  cols: Col[]
  rows: readonly R[]
  /** The row's key, the name its button reads out, and its reasoning. */
  why: (r: R) => [key: string, label: string, reasoning: Reasoning]
  cells: (r: R) => (ReactNode | Cell)[]
}) {
  const [isOpen, toggle] = useOpen()
  const all: Col[] = [...cols, {}]
  return (
    <Table wrap={false} testId={testId} cols={all}>
      {rows.flatMap((r) => {
        const [k, label, reasoning] = why(r)
        const button = td(<WhyButton open={isOpen(k)} toggle={() => toggle(k)} label={label} />, { className: 'cell-actions' })
        return [
          <tr key={k}>
            <RowCells cols={all} cells={[...cells(r), button]} />
          </tr>,
          <WhyRow key={`${k}-why`} colSpan={all.length} r={reasoning} open={isOpen(k)} />,
        ]
      })}
    </Table>
  )
}

function QuotasTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  const resources = [...new Set(r.quotas.flatMap((q) => Object.keys(q.hard)))].sort()
  return (
    <WhyTable
      testId="rec-quotas"
      cols={['Namespace', ...resources.map((k) => ({ head: k, className: 'num mono' }))]}
      rows={r.quotas}
      why={(q) => [q.team, q.namespace, q.reasoning]}
      cells={(q) => [
        td(q.namespace, { className: 'mono' }),
        ...resources.map((k) => td(k in q.hard ? <Editable ctx={ctx} target={{ kind: 'resource-quota', team: q.team, resource: k.replace(/^requests\./, '') }} value={q.hard[k]!} /> : '—', { className: 'num' })),
      ]}
    />
  )
}

function AutoscalingTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  if (r.autoscaling.length === 0) return <p className="muted">No inference streams in this plan: no autoscalers.</p>
  const field = (a: Recommendations['autoscaling'][number], f: 'minReplicas' | 'maxReplicas', width = 56) => <Editable ctx={ctx} target={{ kind: 'autoscaler', name: a.name, field: f }} value={a[f]} width={width} />
  return (
    <WhyTable
      testId="rec-autoscaling"
      cols={['Autoscaler', 'Deployment', 'Accelerator', num('Min'), num('Max'), num('req/s per replica')]}
      rows={r.autoscaling}
      why={(a) => [a.name, a.name, ({ ...a.reasoning, inputs: [...a.reasoning.inputs, { label: 'query', value: a.query }] })]}
      cells={(a) => [
        <>
          <span className="mono">
            {a.namespace}/{a.name}
          </span>
          <div className="cell-sub">{a.engine === 'keda' ? 'KEDA ScaledObject (Prometheus)' : 'HorizontalPodAutoscaler'}</div>
        </>,
        <Editable ctx={ctx} target={{ kind: 'autoscaler', name: a.name, field: 'target' }} value={a.target} kind="text" width={190} />,
        a.accelerator,
        field(a, 'minReplicas'),
        field(a, 'maxReplicas'),
        <Editable ctx={ctx} target={{ kind: 'autoscaler', name: a.name, field: 'targetRpsPerReplica' }} value={a.targetRpsPerReplica} kind="number" width={64} />,
      ]}
    />
  )
}

function CapacityTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  return (
    <div className="rec-tab" data-testid="rec-capacity">
      {r.nodePools.length > 0 ? (
        <WhyTable
          cols={['Karpenter NodePool', 'Capacity type', num('Limit'), num('Weight'), 'Node class']}
          rows={r.nodePools}
          why={(n) => [n.name, n.name, n.reasoning]}
          cells={(n) => [
            td(n.name, { className: 'mono' }),
            n.capacityType,
            <>
              <Editable ctx={ctx} target={{ kind: 'node-pool', name: n.name, field: 'limit' }} value={n.limit} /> <span className="cell-sub mono">{n.resource}</span>
            </>,
            <Editable ctx={ctx} target={{ kind: 'node-pool', name: n.name, field: 'weight' }} value={n.weight} width={52} />,
            td(`${n.nodeClassRef.kind}/${n.nodeClassRef.name}`, { className: 'mono' }),
          ]}
        />
      ) : (
        <p className="muted">No cloud pool with a Karpenter provider: no NodePools.</p>
      )}
      {r.onPrem.length > 0 ? (
        <>
          <h3 className="rec-subhead">Outside Karpenter (listed in plan.md)</h3>
          <DataTable
            wrap={false}
            cols={['Accelerator', 'Region', num('Count'), 'Kueue flavor']}
            rows={r.onPrem}
            rowKey={(o) => `${o.flavor}-${o.region}`}
            rowProps={(o) => ({ title: o.reasoning.text })}
            cells={(o) => [o.accelerator, o.region, o.count, td(o.flavor, { className: 'mono' })]}
          />
        </>
      ) : null}
    </div>
  )
}

function BudgetsTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  const limit = (b: Recommendations['budgets'][number], f: 'warningUsdPerHour' | 'criticalUsdPerHour') => <Editable ctx={ctx} target={{ kind: 'budget', team: b.team, field: f }} value={b[f]} kind="number" width={80} />
  return (
    <WhyTable
      testId="rec-budgets"
      cols={['Team', num('Median / month'), num('80 % upper / month'), num('95 % upper / month'), num('Warning above ($/h)'), num('Critical above ($/h)')]}
      rows={r.budgets}
      why={(b) => [b.team, b.team, b.reasoning]}
      cells={(b) => [
        <>
          {b.team}
          <div className="cell-sub mono">{b.namespace}</div>
        </>,
        usd(b.monthlyP50Usd),
        usd(b.monthlyHi80Usd),
        usd(b.monthlyHi95Usd),
        limit(b, 'warningUsdPerHour'),
        limit(b, 'criticalUsdPerHour'),
      ]}
    />
  )
}

const SETTING_LABELS: Record<keyof RecommendSettings, string> = {
  autoscaler: 'Autoscaler (keda or hpa)',
  prometheusUrl: 'Prometheus URL (KEDA trigger)',
  requestRateQuery: 'Request-rate query ({namespace}, {deployment})',
  h100RequestsPerSecond: 'Requests per second one H100 serves',
  targetUtilisation: 'Target utilisation of a replica',
  spendRateQuery: 'Spend-rate query in USD/h ({namespace})',
  nodeClassName: 'Karpenter node class name',
}

function SettingsTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  return (
    <table className="table" data-testid="rec-settings">
      <tbody>
        {(Object.keys(SETTING_LABELS) as (keyof RecommendSettings)[]).map((k) => {
          const v = r.settings[k]
          return (
            <tr key={k}>
              <td>{SETTING_LABELS[k]}</td>
              <td>
                <Editable ctx={ctx} target={{ kind: 'setting', field: k }} value={v} kind={typeof v === 'number' ? 'number' : 'text'} width={typeof v === 'number' ? 80 : 560} />
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

export function PlanRecommendations({ planId, r, editable }: { planId: string; r: Recommendations; editable: boolean }) {
  const [tab, setTab] = useState<Tab>('kueue')
  const editPlan = useAppStore((s) => s.editPlan)
  const op = useAppStore((s) => s.planActionOps[planId])
  const ctx: Ctx = { editable, edits: r.edits, commit: (target, value) => void editPlan(planId, target, value) }
  const body: Record<Tab, ReactNode> = {
    kueue: <KueueTab r={r} ctx={ctx} />,
    quotas: <QuotasTab r={r} ctx={ctx} />,
    autoscaling: <AutoscalingTab r={r} ctx={ctx} />,
    capacity: <CapacityTab r={r} ctx={ctx} />,
    budgets: <BudgetsTab r={r} ctx={ctx} />,
    settings: <SettingsTab r={r} ctx={ctx} />,
  }
  return (
    <Panel
      title="Recommendations"
      testId="plan-recommendations"
      actions={editable ? <Badge tone="info">editable in review</Badge> : <Badge tone="neutral">read-only</Badge>}
    >
      <div className="segmented rec-tabs" role="tablist" aria-label="Recommendation kind">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'active' : ''} onClick={() => setTab(id)} data-testid={`rec-tab-${id}`}>
            {label}
          </button>
        ))}
      </div>
      {op?.error ? <ErrorPanel title="That change was not kept" error={op.error} testId="plan-edit-error" /> : null}
      <div role="tabpanel">{body[tab]}</div>
      {r.warnings.length > 0 ? <WarningList warnings={r.warnings} /> : null}
      {r.edits.length > 0 ? (
        <div className="edit-log" data-testid="plan-edits">
          <h3 className="rec-subhead">Changed in review ({r.edits.length})</h3>
          <ul>
            {r.edits.map((e, i) => (
              <li key={i}>
                {describeTarget(e.target)}: {String(e.derived)} → <strong>{String(e.value)}</strong> <span className="muted">({e.by})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="muted small">Figures: {n1(r.kueue.flavors.reduce((a, f) => a + f.capacity, 0), 0)} accelerators in {r.kueue.flavors.length} flavors, {r.kueue.queues.length} teams.</p>
    </Panel>
  )
}
