/**
 * `fleetplan policy …`, `fleetplan query workloads`, job-trace imports (`import FILE --mapping '{"kind":"jobs",…}'`)
 * and the plan commands of phased autonomy and plan vs actual (`plan create --policy`, `plan approve --by-rule`,
 * `plan check`, `plan status`, `plan replan`, `plan rules`) — thin mappings onto contract methods.
 */
import { stringFlags } from './args'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ApiError } from '../../shared/errors'
import type { JobTraceImportOutcome } from '../../shared/workload-types'
import type { ApprovalEvaluation, ApprovalRules, PlanStatus, PolicyEmitResult, ReplayResult, StoredPolicy } from '../../shared/policy-types'
import type { Plan } from '../../shared/types'
import { WORKLOAD_DIMENSIONS, type WorkloadDimension, type WorkloadQueryResult } from '../../shared/workload-types'
import { parsePolicyFile } from '../policy/store'

export const POLICY_USAGE = `  fleetplan query workloads --by DIM[,DIM] [--from D --to D] [--filter DIM=V] [--workspace W] [--json]
  fleetplan import TRACE.csv --mapping '{"kind":"jobs","id":…,"start":…,"timeUnit":…}' [--workspace W] [--json]
  fleetplan policy list | examples [--workspace W] [--json]
  fleetplan policy save --policy FILE [--workspace W] [--json]
  fleetplan policy emit --policy FILE|ID [--out DIR] [--workspace W] [--json]
  fleetplan policy replay --policy FILE|ID [--from D --to D] [--resubmitted PCT] [--examples N] [--workspace W] [--json]
  fleetplan plan create --name NAME [--policy FILE|ID]... [--workspace W] [--json]
  fleetplan plan approve --plan ID --by-rule [--workspace W] [--json]      (exit 1 with the reasons above a threshold)
  fleetplan plan check --plan ID | plan status --plan ID [--days N] | plan replan --plan ID [--workspace W] [--json]
  fleetplan plan rules [--max-quota-shift PCT --max-cost-delta USD --max-policy-denials N --allow-commitments yes|no --by NAME] [--json]`

export const POLICY_OPTIONS = {
  policy: { type: 'string', multiple: true },
  out: { type: 'string' },
  filter: { type: 'string', multiple: true },
  ...stringFlags('from', 'to', 'resubmitted', 'examples', 'days'),
  'by-rule': { type: 'boolean' },
  ...stringFlags('max-quota-shift', 'max-cost-delta', 'max-policy-denials', 'allow-commitments'),
} as const

export class PolicyUsageError extends Error {}

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>
type Call = (name: string, input: unknown) => Promise<unknown>
type Out = (value: unknown, text: () => string) => void

const money = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined)
const list = (v: Values[string]): string[] => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [])
const num = (v: Values[string], flag: string): number | undefined => {
  const s = str(v)
  if (s === undefined) return undefined
  const n = Number(s)
  if (!Number.isFinite(n)) throw new PolicyUsageError(`${flag} must be a number`)
  return n
}

/** A mapping given to `import` that describes a job trace (`"kind": "jobs"`). */
export function jobTraceMapping(values: Values): unknown {
  const m = str(values.mapping)
  if (!m) return null
  try {
    const parsed = JSON.parse(m) as { kind?: unknown }
    return parsed && typeof parsed === 'object' && parsed.kind === 'jobs' ? parsed : null
  } catch {
    return null
  }
}

/** `--policy FILE|ID`: a JSON file when one exists at that path, else a stored policy's id or name. */
function policySource(ref: string): { doc: unknown } | { id: string } {
  if (/\.json$/i.test(ref) || ref.includes('/')) {
    let text: string
    try {
      text = readFileSync(resolve(ref), 'utf8')
    } catch (err) {
      throw new ApiError({ code: 'bad-file', message: `Cannot read ${ref}: ${(err as Error).message}` })
    }
    return { doc: parsePolicyFile(text, ref) }
  }
  return { id: ref }
}

function onePolicy(values: Values, cmd: string): { doc: unknown } | { id: string } {
  const refs = list(values.policy)
  if (refs.length !== 1) throw new PolicyUsageError(`${cmd} needs one --policy FILE|ID`)
  return policySource(refs[0] as string)
}

export function describeReplay(r: ReplayResult): string {
  const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(1)} %` : '—')
  return [
    `${r.policy}: ${r.denied.toLocaleString('en-US')} of ${r.workloads.toLocaleString('en-US')} workloads denied (${pct(r.denied, r.workloads)})${r.from || r.to ? ` between ${r.from ?? 'the start'} and ${r.to ?? 'the end'}` : ''}`,
    `  cost of denied workloads ${money(r.deniedCostUsd)} (billed ${money(r.deniedCostBasis.billedUsd)}, catalog-priced ${money(r.deniedCostBasis.catalogUsd)}${r.deniedCostBasis.unpriced ? `, ${r.deniedCostBasis.unpriced} unpriced` : ''}), ${r.deniedAcceleratorHours.toLocaleString('en-US')} accelerator-hours`,
    `  counterfactual: gross ${money(r.counterfactual.grossUsd)}; ${r.counterfactual.resubmittedPct} % assumed resubmitted (${money(r.counterfactual.resubmittedUsd)}) → net ${money(r.counterfactual.netUsd)}`,
    ...r.byRule.map((b) => `  rule ${b.ruleId} (${b.kind}): ${b.denied.toLocaleString('en-US')} denied, ${money(b.deniedCostUsd)}${b.errors ? `, ${b.errors} evaluation errors` : ''}`),
    ...r.examples.slice(0, 5).map((e) => `  e.g. ${e.kind} ${e.namespace}/${e.name} (${e.start ?? '?'}): ${e.denials.map((d) => d.message).join(' | ')}`),
    `  ${r.evaluations.toLocaleString('en-US')} rule validations evaluated with ${r.engine} (identical inputs reuse verdicts) in ${(r.elapsedMs / 1000).toFixed(1)} s`,
  ].join('\n')
}

function describeEvaluation(e: ApprovalEvaluation): string {
  return [`plan ${e.planId}: ${e.pass ? 'passes every approval rule' : 'fails approval by rule'}`, ...e.checks.map((c) => `  ${c.pass ? 'pass' : 'FAIL'}  ${c.rule}: ${c.measured} (rule ${c.threshold}) — ${c.reason}`)].join('\n')
}

function parseFilters(values: Values): Record<string, string> {
  const keys: Record<string, string> = { team: 'team', project: 'project', namespace: 'namespace', acceleratortype: 'acceleratorType', kind: 'kind', costsource: 'costSource', source: 'source' }
  const out: Record<string, string> = {}
  for (const f of list(values.filter)) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(f)
    const k = m ? keys[(m[1] as string).toLowerCase()] : undefined
    if (!m || !k) throw new PolicyUsageError(`--filter takes DIM=VALUE with DIM one of ${Object.keys(keys).join(', ')}`)
    out[k] = m[2] as string
  }
  return out
}

/**
 * `plan create … --policy FILE|ID` (repeatable): the plan command's calls, with each policy attached to the
 * draft `plan-create` returns (read before the plan is created, so a bad file creates nothing).
 */
export function attachingPolicies(call: Call, values: Values): Call {
  const sources = list(values.policy).map(policySource)
  if (sources.length === 0) return call
  return async (name, input) => {
    const r = await call(name, input)
    if (name !== 'plan-create') return r
    const plan = r as Plan
    for (const s of sources) await call('plan-policy-attach', { planId: plan.id, ...s })
    return call('plan-get', { id: plan.id })
  }
}

/** Runs the command if it is one of these; null when it is not (the caller goes on). */
export async function policyCommand(cmd: string, sub: string | undefined, rest: string[], values: Values, call: Call, out: Out): Promise<number | null> {
  if (cmd === 'import') {
    const mapping = jobTraceMapping(values)
    if (!mapping) return null
    const files = [sub, ...rest].filter((f): f is string => Boolean(f))
    if (files.length === 0) throw new PolicyUsageError('import needs at least one FILE')
    const r = (await call('workload-import', { files: files.map((f) => ({ ref: resolve(f) })), mapping })) as JobTraceImportOutcome[]
    out(r, () =>
      r
        .map((o) =>
          o.status === 'duplicate'
            ? `${o.fileName}: already imported as snapshot ${o.snapshot.id} — nothing to do`
            : `${o.fileName}: imported as snapshot ${o.snapshot.id} (job trace): ${o.jobs.toLocaleString('en-US')} jobs, ${o.workloads.toLocaleString('en-US')} workloads${o.warnings.map((w) => `\n  warning: ${w}`).join('')}`,
        )
        .join('\n'),
    )
    return 0
  }
  if (cmd === 'query' && sub === 'workloads') {
    const by = (str(values.by) ?? '').split(',').map((d) => d.trim()).filter(Boolean)
    if (by.length === 0) throw new PolicyUsageError(`query workloads needs --by DIM[,DIM] (${WORKLOAD_DIMENSIONS.join(', ')})`)
    for (const d of by) if (!(WORKLOAD_DIMENSIONS as readonly string[]).includes(d)) throw new PolicyUsageError(`unknown workload dimension "${d}". Known: ${WORKLOAD_DIMENSIONS.join(', ')}`)
    const filter = { ...parseFilters(values), ...(str(values.from) ? { from: str(values.from) } : {}), ...(str(values.to) ? { to: str(values.to) } : {}) }
    const r = (await call('workload-query', { by: by as WorkloadDimension[], filter })) as WorkloadQueryResult
    out(r, () =>
      [
        `${by.join('\t')}\tworkloads\taccelerator-hours\tcost (billed + catalog)`,
        ...r.rows.map((row) => `${by.map((d) => row.keys[d as WorkloadDimension] ?? '(none)').join('\t')}\t${row.workloads}\t${row.acceleratorHours.toFixed(1)}\t${money(row.costUsd)}${row.unpriced ? ` (+${row.unpriced} unpriced)` : ''}`),
        `total\t${r.total.workloads}\t${r.total.acceleratorHours.toFixed(1)}\t${money(r.total.costUsd)} (billed ${money(r.total.billedUsd)})`,
      ].join('\n'),
    )
    return 0
  }
  if (cmd === 'policy') {
    switch (sub) {
      case 'list': {
        const r = (await call('policy-list', {})) as StoredPolicy[]
        out(r, () => r.map((p) => `${p.id}\t${p.name}\t${p.doc.rules.length} rules${p.lastReplay ? `\tlast replay: ${p.lastReplay.denied}/${p.lastReplay.workloads} denied` : ''}`).join('\n') || 'no policies')
        return 0
      }
      case 'examples': {
        const r = (await call('policy-examples', {})) as { file: string; doc: { name: string; description: string } }[]
        out(r, () => r.map((e) => `${e.file}\t${e.doc.name}\t${e.doc.description}`).join('\n'))
        return 0
      }
      case 'save': {
        const src = onePolicy(values, 'policy save')
        if (!('doc' in src)) throw new PolicyUsageError('policy save needs --policy FILE.json')
        const existing = ((await call('policy-list', {})) as StoredPolicy[]).find((p) => p.name === (src.doc as { name: string }).name)
        const p = (await call('policy-save', { ...(existing ? { id: existing.id } : {}), doc: src.doc })) as StoredPolicy
        out(p, () => `${existing ? 'updated' : 'saved'} policy ${p.id} "${p.name}"`)
        return 0
      }
      case 'emit': {
        const r = (await call('policy-emit', onePolicy(values, 'policy emit'))) as PolicyEmitResult
        const dir = str(values.out)
        if (dir) {
          for (const f of r.files) {
            const path = join(resolve(dir), f.path)
            mkdirSync(dirname(path), { recursive: true })
            writeFileSync(path, f.text)
          }
        }
        if (r.problems.length) throw new ApiError({ code: 'internal', message: `the emitted manifests do not validate: ${r.problems.join('; ')}` })
        out(r, () => (dir ? `wrote ${r.files.length} files under ${resolve(dir)}/policies` : r.files.map((f) => `--- ${f.path}\n${f.text}`).join('\n')))
        return 0
      }
      case 'replay': {
        const input = {
          ...onePolicy(values, 'policy replay'),
          ...(str(values.from) ? { from: str(values.from) } : {}),
          ...(str(values.to) ? { to: str(values.to) } : {}),
          ...(values.resubmitted !== undefined ? { resubmittedPct: num(values.resubmitted, '--resubmitted') } : {}),
          ...(values.examples !== undefined ? { examples: num(values.examples, '--examples') } : {}),
        }
        const r = (await call('policy-replay', input)) as ReplayResult
        out(r, () => describeReplay(r))
        return 0
      }
      default:
        throw new PolicyUsageError('policy supports: list, examples, save, emit, replay')
    }
  }
  if (cmd !== 'plan') return null
  const planId = str(values.plan)
  if (sub === 'approve' && values['by-rule'] === true) {
    if (!planId) throw new PolicyUsageError('plan approve --by-rule needs --plan ID')
    const r = (await call('plan-approve-by-rule', { id: planId })) as { plan: Plan; evaluation: ApprovalEvaluation }
    out(r, () => `approved plan ${r.plan.id} by rule at ${r.plan.approval?.at ?? ''} (${r.plan.approval?.contentHash ?? ''})\n${describeEvaluation(r.evaluation)}`)
    return 0
  }
  if (sub === 'check') {
    if (!planId) throw new PolicyUsageError('plan check needs --plan ID')
    const r = (await call('plan-rules-check', { id: planId })) as ApprovalEvaluation
    out(r, () => describeEvaluation(r))
    return r.pass ? 0 : 1
  }
  if (sub === 'status') {
    if (!planId) throw new PolicyUsageError('plan status needs --plan ID')
    const r = (await call('plan-status', { id: planId, ...(values.days !== undefined ? { consecutiveDays: num(values.days, '--days') } : {}) })) as PlanStatus
    out(r, () =>
      [
        `plan ${r.planId}: ${r.summary}`,
        ...r.series.map((s) => `  ${s.label}: ${s.points.length} days observed, ${s.points.filter((p) => p.outside).length} outside the 95 % band, longest run ${s.longestRun}${s.drifting ? ` — DRIFT from ${s.firstDriftDate ?? '?'}` : ''}`),
      ].join('\n'),
    )
    return 0
  }
  if (sub === 'replan') {
    if (!planId) throw new PolicyUsageError('plan replan needs --plan ID')
    const p = (await call('plan-replan', { id: planId, ...(str(values.name) ? { name: str(values.name) } : {}) })) as Plan
    out(p, () => `created plan ${p.id} "${p.name}" (draft) from current data with the settings of ${planId}`)
    return 0
  }
  if (sub === 'rules') {
    const setting = ['max-quota-shift', 'max-cost-delta', 'max-policy-denials', 'allow-commitments'].some((k) => values[k] !== undefined)
    let r: ApprovalRules
    if (setting) {
      const cur = (await call('approval-rules-get', {})) as ApprovalRules
      const by = str(values.by)
      if (!by) throw new PolicyUsageError('plan rules needs --by NAME to change a rule (the change is recorded)')
      const allow = str(values['allow-commitments'])
      if (allow !== undefined && !['yes', 'no'].includes(allow)) throw new PolicyUsageError('--allow-commitments is yes or no')
      r = (await call('approval-rules-set', {
        maxQuotaShiftPct: num(values['max-quota-shift'], '--max-quota-shift') ?? cur.maxQuotaShiftPct,
        maxCostDeltaUsdPerMonth: num(values['max-cost-delta'], '--max-cost-delta') ?? cur.maxCostDeltaUsdPerMonth,
        maxPolicyDenials: num(values['max-policy-denials'], '--max-policy-denials') ?? cur.maxPolicyDenials,
        allowNewCommitments: allow === undefined ? cur.allowNewCommitments : allow === 'yes',
        by,
      })) as ApprovalRules
    } else r = (await call('approval-rules-get', {})) as ApprovalRules
    out(r, () =>
      [
        `approval rules${r.updatedBy ? ` (set by ${r.updatedBy} on ${r.updatedAt ?? '?'})` : ' (defaults)'}:`,
        `  quota shift per team ≤ ${r.maxQuotaShiftPct} %`,
        `  cost delta ≤ ${money(r.maxCostDeltaUsdPerMonth)} per month`,
        `  new purchase commitments: ${r.allowNewCommitments ? 'allowed' : 'never'}`,
        `  historical workloads an attached policy denied ≤ ${r.maxPolicyDenials}`,
      ].join('\n'),
    )
    return 0
  }
  return null
}
