import { performance } from 'node:perf_hooks'
import { ApiError } from '../../../shared/errors'
import type { PolicyDoc } from '../../../shared/policy-schema'
import type { ReplayResult } from '../../../shared/policy-types'
import { attachPolicy, detachPolicy, planPolicies } from '../../policy/attach'
import { emitPolicy } from '../../policy/emit'
import { currentFacts } from '../../policy/facts'
import { mergePartials, type ReplayPartial } from '../../policy/replay'
import { deletePolicy, examplePolicies, getPolicy, listPolicies, listReplays, recordReplay, savePolicy } from '../../policy/store'
import type { ReplayChunkPayload, ReplayPreparePayload } from '../../policy/worker-jobs'
import { timeBound } from '../../workload/queries'
import type { HandlerContext, HandlerTable } from '../handler-types'
import type { JobContext } from '../../jobs/job-runner'
import { refreshWorkloads } from '../workload-refresh'
import { changed } from '../tables-changed'

/** A stored policy (by id or name) or an inline document. */
function resolveDoc(ctx: HandlerContext, input: { id?: string | undefined; doc?: PolicyDoc | undefined }): { doc: PolicyDoc; policyId: string | null } {
  if (input.id) {
    const p = getPolicy(ctx.ws.db, input.id)
    return { doc: p.doc, policyId: p.id }
  }
  if (!input.doc) throw new ApiError({ code: 'invalid-input', message: 'give either id or doc' })
  return { doc: input.doc, policyId: null }
}

/** Replays over both pool threads (each a range of workload ids), one progress bar, cancel aborts both. */
async function replay(
  ctx: HandlerContext,
  job: JobContext,
  input: { id?: string | undefined; doc?: PolicyDoc | undefined; from?: string | undefined; to?: string | undefined; resubmittedPct: number; examples: number },
): Promise<ReplayResult> {
  const t0 = performance.now()
  const { doc, policyId } = resolveDoc(ctx, input)
  const fromMs = timeBound(input.from, false)
  const toMs = timeBound(input.to, true)
  await refreshWorkloads(ctx, (step, c, t) => job.progress(step, c, t))
  job.progress('Reading workload history', 0, 0)
  const prepare: ReplayPreparePayload = { workspacePath: ctx.ws.path, fromMs, toMs, needsSpend: doc.rules.some((r) => r.kind === 'budget-ceiling') }
  const prep = await ctx.pool.run('policy-replay-prepare', prepare, { signal: job.signal })
  const parts: ReplayPartial[] = []
  if (prep.count > 0 && prep.minId !== null && prep.maxId !== null) {
    const threads = prep.count < 20_000 ? 1 : 2
    const span = prep.maxId - prep.minId + 1
    const done = new Array<number>(threads).fill(0)
    const chunks = Array.from({ length: threads }, (_, i) => {
      const lo = prep.minId as number
      return { idFrom: lo + Math.floor((span * i) / threads), idTo: lo + Math.floor((span * (i + 1)) / threads) - 1 }
    })
    const results = await Promise.all(
      chunks.map((c, i) => {
        const payload: ReplayChunkPayload = { workspacePath: ctx.ws.path, doc, facts: prep.facts, spend: prep.spend, ...c, fromMs, toMs, examples: input.examples }
        return ctx.pool.run('policy-replay-chunk', payload, {
          signal: job.signal,
          onProgress: (p) => {
            done[i] = p.current
            job.progress(`Replaying ${doc.name} on ${prep.count.toLocaleString('en-US')} workloads`, done.reduce((a, b) => a + b, 0), prep.count)
          },
        })
      }),
    )
    parts.push(...results)
  }
  const result = mergePartials(doc, parts, {
    from: input.from ?? null,
    to: input.to ?? null,
    resubmittedPct: input.resubmittedPct,
    examples: input.examples,
    spendSource: prep.spend?.source ?? null,
    elapsedMs: performance.now() - t0,
  })
  recordReplay(ctx.ws.db, policyId, doc, { from: input.from ?? null, to: input.to ?? null, resubmittedPct: input.resubmittedPct }, result, ctx.now)
  ctx.events.emit({ type: 'tables-changed', tables: ['policy_replay'] })
  return result
}

export const policyHandlers: HandlerTable<
  | 'policy-list'
  | 'policy-get'
  | 'policy-save'
  | 'policy-delete'
  | 'policy-examples'
  | 'policy-emit'
  | 'policy-replay'
  | 'policy-replays'
  | 'plan-policy-attach'
  | 'plan-policy-detach'
  | 'plan-policies'
> = {
  'policy-list': (_input, { ws }) => listPolicies(ws.db),
  'policy-get': ({ id }, { ws }) => getPolicy(ws.db, id),
  'policy-save': (input, { ws, events, now }) => {
    return changed(events, ['policy'], savePolicy(ws.db, input, now))
  },
  'policy-delete': ({ id }, { ws, events }) => {
    const deleted = deletePolicy(ws.db, getPolicy(ws.db, id).id)
    if (deleted) events.emit({ type: 'tables-changed', tables: ['policy', 'policy_replay'] })
    return { deleted }
  },
  'policy-examples': () => examplePolicies(),
  'policy-emit': async (input, ctx) => {
    // The parameters read the workload history (namespace → team).
    await refreshWorkloads(ctx)
    return emitPolicy(resolveDoc(ctx, input).doc, currentFacts(ctx.ws.db, ctx.now()))
  },
  'policy-replay': (input, ctx, job) => replay(ctx, job, input),
  'policy-replays': ({ id, limit }, { ws }) => listReplays(ws.db, getPolicy(ws.db, id).id, limit),
  'plan-policy-attach': (input, ctx) => {
    return changed(ctx.events, ['plan_policy'], attachPolicy(ctx.ws.db, input.planId, input.id ? { id: input.id } : { doc: input.doc }, ctx.now))
  },
  'plan-policy-detach': ({ planId, name }, { ws, events }) => {
    return changed(events, ['plan_policy'], detachPolicy(ws.db, planId, name))
  },
  'plan-policies': ({ planId }, { ws }) => planPolicies(ws.db, planId),
}
