import '../styles/policies.css'
import { useShallow } from 'zustand/react/shallow'
import { ErrorPanel, Loading, Page, Panel, Options } from '../components/ui'
import { integer, money } from '../format'
import { useAppStore } from '../store'
import { PolicyEditor } from './policies/PolicyEditor'
import { PolicyPreview } from './policies/PolicyPreview'
import { ReplayPanel } from './policies/ReplayPanel'
import { useLoadWhenIdle } from '../store/use-load-when-idle'

function PolicyList() {
  const { policies, examples, openId, open, create } = useAppStore(
    useShallow((s) => ({ policies: s.policies, examples: s.policyExamples, openId: s.openPolicyId, open: s.openPolicy, create: s.newPolicy })),
  )
  return (
    <Panel title={`Policies (${policies.length})`} className="policy-list">
      {policies.length === 0 ? <p className="muted small">None saved yet: start from an example, edit, replay, then save.</p> : null}
      <ul className="plain-list" data-testid="policy-list">
        {policies.map((p) => (
          <li key={p.id}>
            <button type="button" className={`list-item${p.id === openId ? ' selected' : ''}`} onClick={() => open(p.id)} aria-current={p.id === openId ? 'true' : undefined}>
              <strong>{p.name}</strong>
              <span className="muted small">
                {p.doc.rules.length} rule{p.doc.rules.length === 1 ? '' : 's'}
                {p.lastReplay ? ` · ${integer(p.lastReplay.denied)}/${integer(p.lastReplay.workloads)} denied, ${money(p.lastReplay.deniedCostUsd)}` : ' · not replayed'}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="form">
        <label className="field">
          <span className="field-label">New policy</span>
          <select
            value=""
            onChange={(e) => {
              if (e.target.value) create(e.target.value === '(blank)' ? undefined : e.target.value)
            }}
            data-testid="policy-new"
          >
            <option value="">From an example or blank…</option>
            <Options values={examples} value={(x) => x.file} label={(x) => x.doc.name} />
            <option value="(blank)">Blank</option>
          </select>
        </label>
      </div>
    </Panel>
  )
}

export function PoliciesPage() {
  const { load, draft, preview, loadPolicies } = useAppStore(useShallow((s) => ({ load: s.policiesLoad, draft: s.policyDraft, preview: s.policyPreview, loadPolicies: s.loadPolicies })))
  useLoadWhenIdle(load.status, loadPolicies)
  let body
  if (load.status === 'error' && load.error) body = <ErrorPanel title="Could not load the policies" error={load.error} />
  else if (!draft) body = <Loading label="Loading policies…" />
  else
    body = (
      <div className="policies-layout">
        <PolicyList />
        <div className="policies-main">
          <PolicyEditor doc={draft} />
          <PolicyPreview preview={preview} />
          <ReplayPanel />
        </div>
      </div>
    )
  return (
    <Page
      id="policies"
      wide
      title="Policies"
      subtitle="Cost rules written once, exported as a ValidatingAdmissionPolicy (CEL) and as OPA Gatekeeper constraints, and replayed on the workload history before anyone approves them."
    >
      {body}
    </Page>
  )
}
