/**
 * The review diff: this plan against the plan currently exported for its cluster in a Git checkout, read from
 * the checkout's files — cost, carbon, fairness and wait deltas, then a diff per manifest.
 */
import { moneyWhole } from '../../format'
import { useEffect, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ManifestFileDiff, PlanDiff } from '../../../../shared/plan-types'
import type { Plan } from '../../../../shared/types'
import { hasDirectoryPicker, pickDirectory } from '../../api/client'
import { Badge, ErrorPanel, Kpi, Loading, Panel } from '../../components/ui'
import { useAppStore } from '../../store'

const usd = (x: number): string => moneyWhole(Math.abs(x))
const sign = (x: number): string => (x > 0 ? '+' : x < 0 ? '−' : '±')

/** Where the checkout is: shared by the review diff and the export. */
export function CheckoutForm({ onSubmit, submitLabel, busy, testId }: { onSubmit: () => void; submitLabel: string; busy: boolean; testId: string }) {
  const { checkout, setCheckout, reportError } = useAppStore(useShallow((s) => ({ checkout: s.checkout, setCheckout: s.setCheckout, reportError: s.reportError })))
  const browse = async (): Promise<void> => {
    try {
      const dir = await pickDirectory()
      if (dir) setCheckout({ repoPath: dir })
    } catch (err) {
      reportError('Could not open the folder picker', err)
    }
  }
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (checkout.repoPath.trim()) onSubmit()
  }
  return (
    <form className="form" onSubmit={submit} data-testid={`${testId}-form`}>
      <div className="form-row">
        <label className="field grow">
          <span className="field-label">Local Git checkout</span>
          <input value={checkout.repoPath} onChange={(e) => setCheckout({ repoPath: e.target.value })} placeholder="/home/me/src/fleet-gitops" className="mono" spellCheck={false} data-testid={`${testId}-repo`} />
        </label>
        <label className="field">
          <span className="field-label">Folder in it</span>
          <input value={checkout.root} onChange={(e) => setCheckout({ root: e.target.value })} className="mono" spellCheck={false} style={{ width: 130 }} data-testid={`${testId}-root`} />
        </label>
        {hasDirectoryPicker() ? (
          <button type="button" className="btn align-end" onClick={() => void browse()}>
            Browse…
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary align-end" disabled={!checkout.repoPath.trim() || busy} data-testid={`${testId}-submit`}>
          {submitLabel}
        </button>
      </div>
    </form>
  )
}

function DiffText({ f }: { f: ManifestFileDiff }) {
  return (
    <pre className="diff" data-testid="diff-text" aria-label={`Diff of ${f.path}`}>
      {f.diff.split('\n').map((line, i) => (
        <span key={i} className={line.startsWith('+++') || line.startsWith('---') ? 'diff-file' : line.startsWith('@@') ? 'diff-hunk' : line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : undefined}>
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  )
}

const TONE = { added: 'success', changed: 'info', removed: 'warning', unchanged: 'neutral' } as const

export function DiffView({ d, plan }: { d: PlanDiff; plan: Plan }) {
  const changed = d.files.filter((f) => f.change !== 'unchanged')
  const [open, setOpen] = useState<string | null>(changed.find((f) => f.path.includes('clusterqueue'))?.path ?? changed[0]?.path ?? null)
  const [showUnchanged, setShowUnchanged] = useState(false)
  const count = (c: ManifestFileDiff['change']): number => d.files.filter((f) => f.change === c).length
  const cur = d.current
  const selected = d.files.find((f) => f.path === open)
  return (
    <div className="plan-diff" data-testid="plan-diff">
      <p className="explain wide">
        Against{' '}
        {cur ? (
          <>
            plan <span className="mono">{cur.planId}</span> “{cur.name}”, the plan for cluster <span className="mono">{d.cluster}</span> in <span className="mono">{d.repoPath}</span>
          </>
        ) : (
          <>
            <span className="mono">{d.repoPath}</span>, which holds no Fleetplan plan for cluster <span className="mono">{d.cluster}</span> yet
          </>
        )}{' '}
        at {d.base ? <span className="mono">{d.base.slice(0, 12)}</span> : 'no commit'} (read from the checkout’s committed files).
      </p>
      <div className="kpis" data-testid="diff-deltas">
        <Kpi
          label="Cost per month"
          value={d.deltas.monthlyUsd === null ? (d.proposed.monthlyUsd === null ? '—' : usd(d.proposed.monthlyUsd)) : `${sign(d.deltas.monthlyUsd)}${usd(d.deltas.monthlyUsd)}`}
          hint={d.deltas.monthlyUsd === null ? (cur ? 'not comparable' : 'new: nothing to compare with') : `${cur?.monthlyUsd !== null && cur?.monthlyUsd !== undefined ? usd(cur.monthlyUsd) : '—'} → ${d.proposed.monthlyUsd !== null ? usd(d.proposed.monthlyUsd) : '—'}`}
          testId="delta-cost"
        />
        <Kpi
          label="Carbon over the horizon"
          value={d.deltas.carbonTonnes === null ? '—' : `${sign(d.deltas.carbonTonnes)}${Math.abs(d.deltas.carbonTonnes).toFixed(1)} t`}
          hint={d.proposed.carbonTonnes === null ? 'this plan was not simulated' : d.deltas.carbonTonnes === null ? 'the previous plan was not simulated' : 'tCO2e, simulated'}
        />
        <Kpi
          label="Fairness (Jain)"
          value={d.deltas.jain === null ? '—' : `${sign(d.deltas.jain)}${Math.abs(d.deltas.jain).toFixed(3)}`}
          hint={d.proposed.jain === null ? 'this plan was not simulated' : d.deltas.jain === null ? 'no simulated plan before' : 'over teams’ served shares'}
        />
        <Kpi
          label="p95 queue wait"
          value={d.deltas.waitP95Hours === null ? '—' : `${sign(d.deltas.waitP95Hours)}${Math.abs(d.deltas.waitP95Hours).toFixed(1)} h`}
          hint={d.proposed.waitP95Hours === null ? 'this plan was not simulated' : d.deltas.waitP95Hours === null ? 'no simulated plan before' : 'simulated'}
        />
      </div>
      <div className="diff-summary" data-testid="diff-summary">
        <strong>
          {changed.length === 0 ? 'No manifest changes' : `${changed.length} manifest${changed.length === 1 ? '' : 's'} change`}
        </strong>
        <span className="muted">
          {count('added')} added · {count('changed')} changed · {count('removed')} removed · {count('unchanged')} unchanged
        </span>
        {count('unchanged') > 0 ? (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setShowUnchanged(!showUnchanged)}>
            {showUnchanged ? 'Hide unchanged' : 'Show unchanged'}
          </button>
        ) : null}
      </div>
      <div className="diff-layout">
        <ul className="diff-files" data-testid="diff-files">
          {d.files
            .filter((f) => showUnchanged || f.change !== 'unchanged')
            .map((f) => (
              <li key={f.path}>
                <button type="button" className={`diff-file-button${open === f.path ? ' active' : ''}`} onClick={() => setOpen(f.path)} disabled={f.change === 'unchanged'} data-testid="diff-file">
                  <Badge tone={TONE[f.change]}>{f.change}</Badge>
                  <span className="diff-path mono" title={f.path}>
                    <span className="muted">{f.path.includes('/') ? `${f.path.slice(0, f.path.lastIndexOf('/') + 1)}` : ''}</span>
                    {f.path.slice(f.path.lastIndexOf('/') + 1)}
                  </span>
                  {f.change !== 'unchanged' ? (
                    <span className="diff-counts">
                      <span className="diff-add">+{f.added}</span> <span className="diff-del">−{f.removed}</span>
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
        </ul>
        <div className="diff-body">{selected && selected.change !== 'unchanged' ? <DiffText f={selected} /> : <p className="muted">Choose a file to see its diff.</p>}</div>
      </div>
      {d.notes.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      {plan.kind === 'fleet' ? null : <p className="note">A baseline plan carries no manifests: only its plan files are exported.</p>}
    </div>
  )
}

export function PlanReview({ plan }: { plan: Plan }) {
  const { entry, loadDiff, checkout } = useAppStore(useShallow((s) => ({ entry: s.planDiffs[plan.id], loadDiff: s.loadDiff, checkout: s.checkout })))
  const stale = entry?.diff && (entry.contentHash !== plan.contentHash || entry.target.repoPath !== checkout.repoPath || entry.target.root !== checkout.root)
  // A diff shown for content that has since changed is recomputed, so the reviewer never reads an old one.
  useEffect(() => {
    if (entry?.diff && entry.contentHash !== plan.contentHash && entry.load.status === 'ready') void loadDiff(plan.id)
  }, [entry, plan.contentHash, plan.id, loadDiff])
  return (
    <Panel title="Review diff against the Git checkout" testId="plan-review">
      <CheckoutForm onSubmit={() => void loadDiff(plan.id)} submitLabel={entry?.load.status === 'loading' ? 'Comparing…' : 'Compare with checkout'} busy={entry?.load.status === 'loading'} testId="diff" />
      {entry?.load.status === 'error' && entry.load.error ? <ErrorPanel title="Could not compare with the checkout" error={entry.load.error} testId="diff-error" /> : null}
      {entry?.load.status === 'loading' && !entry.diff ? <Loading label="Reading the checkout…" /> : null}
      {stale ? <p className="note">The checkout or the plan changed since this diff: compare again.</p> : null}
      {entry?.diff ? <DiffView d={entry.diff} plan={plan} /> : entry ? null : <p className="muted">Compare with the checkout your GitOps controller deploys from to see what this plan would change there.</p>}
    </Panel>
  )
}
