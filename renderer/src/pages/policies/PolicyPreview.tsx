/** Live preview of what the policy exports: the CEL of the ValidatingAdmissionPolicy, the Rego, the files. */
import { useState } from 'react'
import type { PolicyEmitResult } from '../../../../shared/policy-types'
import { Badge, Panel } from '../../components/ui'

type Tab = 'cel' | 'rego' | 'files'

export function PolicyPreview({ preview }: { preview: PolicyEmitResult | null }) {
  const [tab, setTab] = useState<Tab>('cel')
  const [file, setFile] = useState(0)
  if (!preview) return null
  const f = preview.files[Math.min(file, preview.files.length - 1)]
  return (
    <Panel
      title="Preview of the export"
      testId="policy-preview"
      actions={
        <>
          {preview.problems.length === 0 ? (
            <Badge tone="success" testId="preview-valid">
              validates against the schemas
            </Badge>
          ) : (
            <Badge tone="warning">{preview.problems.length} schema problems</Badge>
          )}
          <div className="segmented" role="tablist" aria-label="Preview">
            {(
              [
                ['cel', 'CEL'],
                ['rego', 'Rego'],
                ['files', `Files (${preview.files.length})`],
              ] as const
            ).map(([id, label]) => (
              <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'active' : ''} onClick={() => setTab(id)} data-testid={`preview-tab-${id}`}>
                {label}
              </button>
            ))}
          </div>
        </>
      }
    >
      {preview.problems.length ? (
        <ul className="problem-list">
          {preview.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {tab === 'cel' ? (
        <div className="code-stack" data-testid="preview-cel">
          <p className="explain">
            Evaluated by the API server for every Pod and batch Job created (Kubernetes ≥ 1.30). Values per team and the refreshed figures
            (prices, month-to-date spend as of {preview.facts.asOf.slice(0, 10)}) are read from the parameter ConfigMap.
          </p>
          <h4>Variables</h4>
          {preview.cel.variables.map((v) => (
            <pre key={v.name} className="code">
              <span className="code-name">variables.{v.name}</span> = {v.expression}
            </pre>
          ))}
          <h4>Validations</h4>
          {preview.cel.validations.map((v) => (
            <pre key={v.ruleId} className="code">
              <span className="code-name">[{v.ruleId}]</span> {v.expression}
            </pre>
          ))}
        </div>
      ) : null}
      {tab === 'rego' ? (
        <div className="code-stack" data-testid="preview-rego">
          <p className="explain">Fixed, reviewed ConstraintTemplates; only the Constraint parameters are generated (validated against each template’s schema). Rego is not evaluated by Fleetplan.</p>
          {preview.rego.map((r) => (
            <div key={r.ruleId}>
              <h4>
                [{r.ruleId}] {r.kind}
              </h4>
              <pre className="code">{r.rego}</pre>
              <pre className="code">{JSON.stringify(r.parameters, null, 2)}</pre>
            </div>
          ))}
        </div>
      ) : null}
      {tab === 'files' && f ? (
        <div className="files-preview" data-testid="preview-files">
          <ul className="file-tabs">
            {preview.files.map((x, i) => (
              <li key={x.path}>
                <button type="button" className={`link-button mono${i === file ? ' active' : ''}`} onClick={() => setFile(i)}>
                  {x.path}
                </button>
              </li>
            ))}
          </ul>
          <pre className="code">{f.text}</pre>
        </div>
      ) : null}
    </Panel>
  )
}
