/** The policy document: name, team label, enforcement, engines, and its rules (one form per kind). */
import { useShallow } from 'zustand/react/shallow'
import { ENFORCEMENTS, RULE_KINDS, RULE_KIND_LABELS, type PolicyDocInput, type RuleKind } from '../../../../shared/policy-schema'
import { ErrorPanel, Panel, Options } from '../../components/ui'
import { useAppStore } from '../../store'
import { RuleForm } from './RuleForm'

const ENGINE_LABELS = { 'validating-admission-policy': 'ValidatingAdmissionPolicy (CEL)', gatekeeper: 'OPA Gatekeeper (Rego)' } as const

export function PolicyEditor({ doc }: { doc: PolicyDocInput }) {
  const { edit, addRule, save, remove, op, dirty, openId, previewError } = useAppStore(
    useShallow((s) => ({
      edit: s.editPolicy,
      addRule: s.addRule,
      save: s.savePolicy,
      remove: s.deletePolicy,
      op: s.policySaveOp,
      dirty: s.policyDirty,
      openId: s.openPolicyId,
      previewError: s.policyPreviewError,
    })),
  )
  const engines = doc.engines ?? ['validating-admission-policy']
  const toggleEngine = (e: keyof typeof ENGINE_LABELS, on: boolean): void => {
    const next = on ? [...new Set([...engines, e])] : engines.filter((x) => x !== e)
    edit({ ...doc, engines: next })
  }
  return (
    <Panel
      title={openId ? `Policy “${doc.name}”` : 'New policy'}
      testId="policy-editor"
      actions={
        <>
          {dirty ? <span className="muted small">Unsaved changes</span> : <span className="muted small">Saved</span>}
          {openId ? (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => void remove()}>
              Delete
            </button>
          ) : null}
          <button type="button" className="btn btn-primary btn-small" onClick={() => void save()} disabled={op.pending || !dirty || previewError !== null} data-testid="policy-save">
            {op.pending ? 'Saving…' : 'Save policy'}
          </button>
        </>
      }
    >
      <div className="form">
        <div className="form-row">
          <label className="field">
            <span className="field-label">Name (names the Kubernetes objects)</span>
            <input value={doc.name} onChange={(e) => edit({ ...doc, name: e.target.value })} data-testid="policy-name" spellCheck={false} />
          </label>
          <label className="field">
            <span className="field-label">Team label</span>
            <input value={doc.teamLabel ?? 'team'} onChange={(e) => edit({ ...doc, teamLabel: e.target.value })} spellCheck={false} />
          </label>
          <label className="field">
            <span className="field-label">On a violation</span>
            <select value={doc.enforcement ?? 'Deny'} onChange={(e) => edit({ ...doc, enforcement: e.target.value as (typeof ENFORCEMENTS)[number] })} data-testid="policy-enforcement">
              <option value="Deny">Deny (and audit)</option>
              <option value="Warn">Warn only (dry run)</option>
              <option value="Audit">Audit only</option>
            </select>
          </label>
          <fieldset className="field engines">
            <legend className="field-label">Export for</legend>
            {(Object.keys(ENGINE_LABELS) as (keyof typeof ENGINE_LABELS)[]).map((e) => (
              <label key={e} className="inline-check">
                <input type="checkbox" checked={engines.includes(e)} onChange={(ev) => toggleEngine(e, ev.target.checked)} /> {ENGINE_LABELS[e]}
              </label>
            ))}
          </fieldset>
        </div>
        <label className="field grow">
          <span className="field-label">Description</span>
          <textarea rows={2} value={doc.description ?? ''} onChange={(e) => edit({ ...doc, description: e.target.value })} />
        </label>
        {doc.rules.map((r, i) => (
          <RuleForm
            key={i}
            rule={r}
            onChange={(next) => edit({ ...doc, rules: doc.rules.map((x, j) => (j === i ? next : x)) })}
            onRemove={() => edit({ ...doc, rules: doc.rules.filter((_, j) => j !== i) })}
          />
        ))}
        <div className="form-row">
          <label className="field">
            <span className="field-label">Add a rule</span>
            <select
              value=""
              onChange={(e) => {
                if (e.target.value) addRule(e.target.value as RuleKind)
              }}
              data-testid="add-rule"
            >
              <option value="">Choose a kind…</option>
              <Options values={RULE_KINDS} label={(k) => RULE_KIND_LABELS[k]} />
            </select>
          </label>
        </div>
        {previewError ? <ErrorPanel title="The policy is not valid yet" error={previewError} testId="policy-invalid" /> : null}
        {op.error ? <ErrorPanel title="Could not save the policy" error={op.error} /> : null}
      </div>
    </Panel>
  )
}
