/**
 * The recommendations of a fleet plan, each with the reasoning it came from, editable while the plan is a draft
 * or in review (every edit is kept, logged and signed with the approval).
 */
import { amountText } from '../../../../shared/money'
import { moneyWhole } from '../../format'
import { useState, type KeyboardEvent, type ReactNode } from 'react'
import type { EditTarget, Reasoning, RecommendationEdit, Recommendations, RecommendSettings } from '../../../../shared/plan-types'
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
      <div className="table-wrap">
        <table className="table" data-testid="flavor-table">
          <thead>
            <tr>
              <th>Flavor</th>
              <th>Node labels</th>
              <th>Check on your nodes</th>
            </tr>
          </thead>
          <tbody>
            {flavors.map((f) => (
              <tr key={f.name}>
                <td>
                  <span className="mono">{f.name}</span>
                  <div className="cell-sub">
                    {f.accelerator} · {f.provider} · {f.capacityType}
                  </div>
                </td>
                <td>
                  {Object.entries(f.nodeLabels).map(([k, v]) => (
                    <code key={k} className="label-chip">
                      {k}={v}
                    </code>
                  ))}
                </td>
                <td className="cell-sub">{f.verify.length ? f.verify.join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

function useOpen(): [(k: string) => boolean, (k: string) => void] {
  const [open, setOpen] = useState<Set<string>>(new Set())
  return [(k) => open.has(k), (k) => setOpen((s) => (s.has(k) ? new Set([...s].filter((x) => x !== k)) : new Set([...s, k])))]
}

function QuotasTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  const [isOpen, toggle] = useOpen()
  const resources = [...new Set(r.quotas.flatMap((q) => Object.keys(q.hard)))].sort()
  return (
    <table className="table" data-testid="rec-quotas">
      <thead>
        <tr>
          <th>Namespace</th>
          {resources.map((k) => (
            <th key={k} className="num mono">
              {k}
            </th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {r.quotas.flatMap((q) => [
          <tr key={q.team}>
            <td className="mono">{q.namespace}</td>
            {resources.map((k) => (
              <td key={k} className="num">
                {k in q.hard ? <Editable ctx={ctx} target={{ kind: 'resource-quota', team: q.team, resource: k.replace(/^requests\./, '') }} value={q.hard[k]!} /> : '—'}
              </td>
            ))}
            <td className="cell-actions">
              <WhyButton open={isOpen(q.team)} toggle={() => toggle(q.team)} label={q.namespace} />
            </td>
          </tr>,
          <WhyRow key={`${q.team}-why`} colSpan={resources.length + 2} r={q.reasoning} open={isOpen(q.team)} />,
        ])}
      </tbody>
    </table>
  )
}

function AutoscalingTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  const [isOpen, toggle] = useOpen()
  if (r.autoscaling.length === 0) return <p className="muted">No inference streams in this plan: no autoscalers.</p>
  return (
    <table className="table" data-testid="rec-autoscaling">
      <thead>
        <tr>
          <th>Autoscaler</th>
          <th>Deployment</th>
          <th>Accelerator</th>
          <th className="num">Min</th>
          <th className="num">Max</th>
          <th className="num">req/s per replica</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {r.autoscaling.flatMap((a) => [
          <tr key={a.name}>
            <td>
              <span className="mono">
                {a.namespace}/{a.name}
              </span>
              <div className="cell-sub">{a.engine === 'keda' ? 'KEDA ScaledObject (Prometheus)' : 'HorizontalPodAutoscaler'}</div>
            </td>
            <td>
              <Editable ctx={ctx} target={{ kind: 'autoscaler', name: a.name, field: 'target' }} value={a.target} kind="text" width={190} />
            </td>
            <td>{a.accelerator}</td>
            <td className="num">
              <Editable ctx={ctx} target={{ kind: 'autoscaler', name: a.name, field: 'minReplicas' }} value={a.minReplicas} width={56} />
            </td>
            <td className="num">
              <Editable ctx={ctx} target={{ kind: 'autoscaler', name: a.name, field: 'maxReplicas' }} value={a.maxReplicas} width={56} />
            </td>
            <td className="num">
              <Editable ctx={ctx} target={{ kind: 'autoscaler', name: a.name, field: 'targetRpsPerReplica' }} value={a.targetRpsPerReplica} kind="number" width={64} />
            </td>
            <td className="cell-actions">
              <WhyButton open={isOpen(a.name)} toggle={() => toggle(a.name)} label={a.name} />
            </td>
          </tr>,
          <WhyRow key={`${a.name}-why`} colSpan={7} r={{ ...a.reasoning, inputs: [...a.reasoning.inputs, { label: 'query', value: a.query }] }} open={isOpen(a.name)} />,
        ])}
      </tbody>
    </table>
  )
}

function CapacityTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  const [isOpen, toggle] = useOpen()
  return (
    <div className="rec-tab" data-testid="rec-capacity">
      {r.nodePools.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Karpenter NodePool</th>
              <th>Capacity type</th>
              <th className="num">Limit</th>
              <th className="num">Weight</th>
              <th>Node class</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {r.nodePools.flatMap((n) => [
              <tr key={n.name}>
                <td className="mono">{n.name}</td>
                <td>{n.capacityType}</td>
                <td className="num">
                  <Editable ctx={ctx} target={{ kind: 'node-pool', name: n.name, field: 'limit' }} value={n.limit} /> <span className="cell-sub mono">{n.resource}</span>
                </td>
                <td className="num">
                  <Editable ctx={ctx} target={{ kind: 'node-pool', name: n.name, field: 'weight' }} value={n.weight} width={52} />
                </td>
                <td className="mono">
                  {n.nodeClassRef.kind}/{n.nodeClassRef.name}
                </td>
                <td className="cell-actions">
                  <WhyButton open={isOpen(n.name)} toggle={() => toggle(n.name)} label={n.name} />
                </td>
              </tr>,
              <WhyRow key={`${n.name}-why`} colSpan={6} r={n.reasoning} open={isOpen(n.name)} />,
            ])}
          </tbody>
        </table>
      ) : (
        <p className="muted">No cloud pool with a Karpenter provider: no NodePools.</p>
      )}
      {r.onPrem.length > 0 ? (
        <>
          <h3 className="rec-subhead">Outside Karpenter (listed in plan.md)</h3>
          <table className="table">
            <thead>
              <tr>
                <th>Accelerator</th>
                <th>Region</th>
                <th className="num">Count</th>
                <th>Kueue flavor</th>
              </tr>
            </thead>
            <tbody>
              {r.onPrem.map((o) => (
                <tr key={`${o.flavor}-${o.region}`} title={o.reasoning.text}>
                  <td>{o.accelerator}</td>
                  <td>{o.region}</td>
                  <td className="num">{o.count}</td>
                  <td className="mono">{o.flavor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  )
}

function BudgetsTab({ r, ctx }: { r: Recommendations; ctx: Ctx }) {
  const [isOpen, toggle] = useOpen()
  return (
    <table className="table" data-testid="rec-budgets">
      <thead>
        <tr>
          <th>Team</th>
          <th className="num">Median / month</th>
          <th className="num">80 % upper / month</th>
          <th className="num">95 % upper / month</th>
          <th className="num">Warning above ($/h)</th>
          <th className="num">Critical above ($/h)</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {r.budgets.flatMap((b) => [
          <tr key={b.team}>
            <td>
              {b.team}
              <div className="cell-sub mono">{b.namespace}</div>
            </td>
            <td className="num">{usd(b.monthlyP50Usd)}</td>
            <td className="num">{usd(b.monthlyHi80Usd)}</td>
            <td className="num">{usd(b.monthlyHi95Usd)}</td>
            <td className="num">
              <Editable ctx={ctx} target={{ kind: 'budget', team: b.team, field: 'warningUsdPerHour' }} value={b.warningUsdPerHour} kind="number" width={80} />
            </td>
            <td className="num">
              <Editable ctx={ctx} target={{ kind: 'budget', team: b.team, field: 'criticalUsdPerHour' }} value={b.criticalUsdPerHour} kind="number" width={80} />
            </td>
            <td className="cell-actions">
              <WhyButton open={isOpen(b.team)} toggle={() => toggle(b.team)} label={b.team} />
            </td>
          </tr>,
          <WhyRow key={`${b.team}-why`} colSpan={7} r={b.reasoning} open={isOpen(b.team)} />,
        ])}
      </tbody>
    </table>
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
