/**
 * Model type and phase of workloads and billed resources without a usable tag: what the classifier said,
 * why (the rule that fired, or the nearest labelled examples), and a place to confirm or correct it. The
 * embedding layer runs from a local model folder the user names; without one the rules work alone, and the
 * panel says so.
 */
import { useState } from 'react'
import { MODEL_TYPES, PHASES, type ClassifierStatus, type ModelType, type Phase, type SubjectRow } from '../../../../shared/explore-types'
import { call, runJob, toApiError } from '../../api/client'
import { DataTable, num, td } from '../../components/Table'
import { Badge, EmptyState, ErrorPanel, Loading, Panel, ProgressBar } from '../../components/ui'
import { moneyPrecise, percent } from '../../format'
import { useCall } from './use-explore'

export function ClassifierPanel({ tick }: { tick: number }) {
  const [local, setLocal] = useState(0)
  const [search, setSearch] = useState('')
  const [untagged, setUntagged] = useState(true)
  const [modelPath, setModelPath] = useState<string | null>(null)
  const [progress, setProgress] = useState<{ step: string; current: number; total: number } | null>(null)
  const [error, setError] = useState<ReturnType<typeof toApiError> | null>(null)
  const [rulesText, setRulesText] = useState<string | null>(null)
  const status = useCall('classify-status', {}, tick + local)
  const [limit, setLimit] = useState(15)
  const list = useCall('classify-list', { untagged, limit, ...(search ? { search } : {}) }, tick + local)
  const st: ClassifierStatus | null = status.data

  const act = async (f: () => Promise<unknown>): Promise<void> => {
    setError(null)
    try {
      await f()
      setLocal((x) => x + 1)
    } catch (err) {
      setError(toApiError(err))
    }
  }
  const correct = (s: SubjectRow, modelType: ModelType | null, phase?: Phase): Promise<void> =>
    act(() => call('classify-correct', { id: s.id, modelType, ...(phase ? { phase } : modelType ? { phase: s.phase ?? 'inference' } : {}) }))
  const embed = (): Promise<void> =>
    act(async () => {
      setProgress({ step: 'Starting', current: 0, total: 0 })
      try {
        await runJob('classify-embed', {}, (e) => setProgress({ step: e.step, current: e.current, total: e.total }))
      } finally {
        setProgress(null)
      }
    })

  return (
    <Panel title="Model type and phase of untagged workloads" testId="classifier-panel">
      {error ? <ErrorPanel title="The classifier refused" error={error} /> : null}
      {!st ? (
        <Loading />
      ) : (
        <div className="classifier-status" data-testid="classifier-status">
          <p>
            <Badge tone={st.embeddings.enabled ? 'success' : 'info'}>{st.embeddings.enabled ? 'Rules + embeddings' : 'Rules only'}</Badge> {st.embeddings.reason}
          </p>
          <p className="hint">
            {Object.entries(st.counts)
              .map(([k, v]) => `${v} by ${k}`)
              .join(' · ')}
          </p>
          <div className="classifier-model">
            <label>
              Embedding model folder (ONNX, e.g. all-MiniLM-L6-v2)
              <input type="text" value={modelPath ?? st.modelPath ?? ''} placeholder="/models/all-MiniLM-L6-v2" onChange={(e) => setModelPath(e.currentTarget.value)} data-testid="classifier-model-path" />
            </label>
            <button type="button" className="btn btn-small" onClick={() => void act(() => call('classify-model-set', { path: (modelPath ?? st.modelPath ?? '').trim() || null }))} data-testid="classifier-model-save">
              Use folder
            </button>
            <button type="button" className="btn btn-small btn-primary" disabled={!st.modelPath || progress !== null} onClick={() => void embed()} data-testid="classifier-embed">
              Run embedding classifier
            </button>
            <button type="button" className="btn btn-small" onClick={() => setRulesText(rulesText === null ? JSON.stringify(st.rules, null, 1) : null)} data-testid="classifier-rules-toggle">
              {rulesText === null ? 'Edit rules' : 'Hide rules'}
            </button>
          </div>
          {progress ? <ProgressBar label={progress.step} current={progress.current} total={progress.total} /> : null}
          {rulesText !== null ? (
            <div className="rules-editor">
              <p className="hint">Ordered rules: the first whose case-insensitive pattern matches the field (name, image, labels, sku or any) decides the model type; the first naming a phase decides the phase.</p>
              <textarea value={rulesText} onChange={(e) => setRulesText(e.currentTarget.value)} rows={12} spellCheck={false} data-testid="classifier-rules" aria-label="Classification rules (JSON)" />
              <button type="button" className="btn btn-small btn-primary" onClick={() => void act(() => call('classify-rules-set', { rules: JSON.parse(rulesText) as ClassifierStatus['rules'] }))} data-testid="classifier-rules-save">
                Save rules
              </button>
              <button type="button" className="btn btn-small" onClick={() => void act(async () => { await call('classify-rules-set', { rules: null }); setRulesText(null) })}>
                Restore defaults
              </button>
            </div>
          ) : null}
        </div>
      )}
      <div className="explore-controls">
        <input type="search" placeholder="Search workloads and resources" value={search} onChange={(e) => setSearch(e.currentTarget.value)} aria-label="Search workloads" data-testid="classifier-search" />
        <label>
          <input type="checkbox" checked={untagged} onChange={(e) => setUntagged(e.currentTarget.checked)} /> Only without a usable tag
        </label>
      </div>
      {list.error ? (
        <ErrorPanel title="Could not list workloads" error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.rows.length === 0 ? (
        <EmptyState title="Nothing to classify" />
      ) : (
        <div className="table-wrap">
          <DataTable
            wrap={false}
            testId="classifier-table"
            cols={['Workload / resource', 'Model type', 'Phase', 'Why', num('Cost')]}
            rows={list.data.rows}
            rowKey={(s) => s.id}
            rowProps={(s) => ({ 'data-testid': 'classifier-row', 'data-name': s.name })}
            cells={(s) => [
              td(
                <>
                  {s.name} <span className="hint">{s.kind === 'pod' ? 'workload' : 'billed resource'}</span>
                </>,
                { title: s.key },
              ),
              <select value={s.modelType ?? 'other'} onChange={(e) => void correct(s, e.currentTarget.value as ModelType)} aria-label={`Model type of ${s.name}`} data-testid="classifier-type">
                {MODEL_TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>,
              <select value={s.phase ?? 'inference'} onChange={(e) => void correct(s, s.modelType ?? 'other', e.currentTarget.value as Phase)} aria-label={`Phase of ${s.name}`}>
                {PHASES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>,
              td(
                <>
                  <Badge tone={s.source === 'correction' ? 'success' : s.source === 'default' ? 'warning' : 'neutral'}>{s.source}</Badge>{' '}
                  {s.source === 'rule' ? `rule ${s.ruleId}` : s.source === 'embedding' ? `${percent(s.confidence ?? 0)} · like “${s.neighbours?.[0]?.text ?? ''}”` : s.source === 'correction' ? (
                    <button type="button" className="link" onClick={() => void correct(s, null)}>
                      undo
                    </button>
                  ) : s.ruleId ? `phase rule ${s.ruleId}` : ''}
                </>,
                { 'data-testid': 'classifier-why' },
              ),
              moneyPrecise(s.cost, 'USD'),
            ]}
          />
          <p className="hint">
            {list.data.total} in all; the {Math.min(limit, list.data.total)} most costly shown.{' '}
            {list.data.total > limit ? (
              <button type="button" className="link" onClick={() => setLimit((l) => Math.min(1000, l * 4))}>
                Show more
              </button>
            ) : null}
          </p>
        </div>
      )}
    </Panel>
  )
}
