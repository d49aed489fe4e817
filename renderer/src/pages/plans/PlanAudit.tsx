/** The append-only audit log: every transition and review edit, with who and when. */
import type { PlanAuditEntry } from '../../../../shared/plan-types'
import type { ApprovalRuleCheck } from '../../../../shared/policy-types'
import { dateTime } from '../../format'
import { DataTable, num, td } from '../../components/Table'

const WHAT: Record<string, string> = {
  created: 'Created',
  submitted: 'Submitted for review',
  edited: 'Edited in review',
  approved: 'Approved',
  exported: 'Exported',
  superseded: 'Superseded',
  copied: 'Copied into a new draft',
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null || v === undefined ? '—' : JSON.stringify(v))

function detail(e: PlanAuditEntry): string {
  const raw = e.details
  const d = (k: string): string => text(raw[k])
  switch (e.kind) {
    case 'created':
      return raw.copiedFrom ? `copied from ${d('copiedFrom')}` : raw.scenarioName ? `from scenario “${d('scenarioName')}”` : 'from the baseline spend'
    case 'edited':
      return `${d('what')}: ${d('from')} → ${raw.to === null ? `back to ${d('derived')}` : d('to')}`
    case 'approved':
      return `${d('comment')} (${d('contentHash').slice(0, 19)}…)`
    case 'exported':
      return `${d('branch')} at ${d('commit').slice(0, 12)} in ${d('repoPath')}`
    case 'superseded':
      return `by ${d('by')}`
    case 'copied':
      return `into ${d('to')}`
    default:
      return ''
  }
}

/** An approval by rule names each rule with the impact measured against it, as recorded when it was approved. */
function RuleChecks({ checks }: { checks: ApprovalRuleCheck[] }) {
  return (
    <ul className="audit-rule-checks" data-testid="audit-rule-checks">
      {checks
        .filter((c) => c.rule !== 'status')
        .map((c) => (
          <li key={c.rule} data-testid={`audit-rule-${c.rule}`}>
            <span className="mono">{c.rule}</span>: measured <span data-testid="audit-measured">{c.measured}</span>, rule {c.threshold}
          </li>
        ))}
    </ul>
  )
}

export function PlanAudit({ entries }: { entries: PlanAuditEntry[] }) {
  return (
    <DataTable
      wrap={false}
      testId="plan-audit"
      cols={[num('When'), 'What', 'Who', 'Details']}
      rows={entries}
      rowKey={(_, i) => i}
      rowProps={(e) => ({ 'data-kind': e.kind })}
      cells={(e) => [
        dateTime(e.at),
        WHAT[e.kind] ?? e.kind,
        e.actor ?? '—',
        td(
          e.kind === 'approved' && e.details.byRule === true ? (
            <>
              <span data-testid="audit-by-rule">Approved by rule ({text(e.details.contentHash).slice(0, 19)}…)</span>
              <RuleChecks checks={(e.details.checks ?? []) as ApprovalRuleCheck[]} />
            </>
          ) : (
            detail(e)
          ),
          { className: 'cell-sub' },
        ),
      ]}
    />
  )
}
