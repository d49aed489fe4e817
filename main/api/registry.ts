import { isMethodName, methods, type Envelope, type MethodName } from '../../shared/contract'
import { ApiError, toErrorShape } from '../../shared/errors'
import type { HandlerContext, HandlerOf, HandlerTable } from './handler-types'
import { backtestHandlers } from './handlers/backtest'
import { invalidInputMessage, issueWords } from './issue-words'
import { billingHandlers } from './handlers/billing'
import { classifyHandlers } from './handlers/classify'
import { costHandlers } from './handlers/cost'
import { exploreHandlers } from './handlers/explore'
import { forecastHandlers } from './handlers/forecast'
import { jobHandlers } from './handlers/jobs'
import { optimizeHandlers } from './handlers/optimize'
import { planHandlers } from './handlers/plan'
import { reconcileHandlers } from './handlers/reconcile'
import { scenarioHandlers } from './handlers/scenario'
import { telemetryHandlers } from './handlers/telemetry'
import { workspaceHandlers } from './handlers/workspace'
import { workloadHandlers } from './handlers/workload'
import { policyHandlers } from './handlers/policy'
import { autonomyHandlers } from './handlers/autonomy'

/** Adding a domain: its handler file, and one line here. */
const TABLES: readonly Partial<HandlerTable<MethodName>>[] = [
  workspaceHandlers,
  billingHandlers,
  costHandlers,
  planHandlers,
  jobHandlers,
  telemetryHandlers,
  forecastHandlers,
  scenarioHandlers,
  exploreHandlers,
  classifyHandlers,
  optimizeHandlers,
  backtestHandlers,
  reconcileHandlers,
  workloadHandlers,
  policyHandlers,
  autonomyHandlers,
]

export type Registry = ReadonlyMap<MethodName, HandlerOf<MethodName>>

/** Merges handler tables, refusing a method handled twice. */
export function buildRegistry(tables: readonly Partial<HandlerTable<MethodName>>[] = TABLES): Registry {
  const map = new Map<MethodName, HandlerOf<MethodName>>()
  for (const t of tables) {
    for (const [name, fn] of Object.entries(t)) {
      if (!isMethodName(name)) throw new Error(`handler for undeclared method ${name}`)
      if (map.has(name)) throw new Error(`method ${name} has two handlers`)
      map.set(name, fn as HandlerOf<MethodName>)
    }
  }
  return map
}

/** What a transport needs: validate, run, and answer with an envelope. Never throws. */
export interface Dispatcher {
  dispatch(name: string, rawInput: unknown): Promise<Envelope<unknown>>
  /** Runs a job to its end (the CLI's way); calls answer as usual. */
  run(name: string, rawInput: unknown): Promise<Envelope<unknown>>
}

export function createDispatcher(registry: Registry, ctx: HandlerContext): Dispatcher {
  const prepare = (name: string, rawInput: unknown) => {
    if (!isMethodName(name)) throw new ApiError({ code: 'unknown-method', message: `Unknown method "${name}".` })
    const spec = methods[name]
    const parsed = spec.input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: issueWords(i) }))
      throw new ApiError({ code: 'invalid-input', message: invalidInputMessage(issues), issues })
    }
    const handler = registry.get(name)
    if (!handler) throw new ApiError({ code: 'internal', message: `No handler for ${name}.` })
    return { name, spec, input: parsed.data as never, handler }
  }

  const invoke = async (name: string, rawInput: unknown, wait: boolean): Promise<Envelope<unknown>> => {
    try {
      const p = prepare(name, rawInput)
      if (p.spec.job) {
        const started = ctx.jobs.start(p.name as never, (job) => (p.handler as (i: never, c: HandlerContext, j: typeof job) => Promise<unknown>)(p.input, ctx, job))
        if (!wait) return { ok: true, value: { jobId: started.jobId } }
        return { ok: true, value: await started.done }
      }
      const value = await (p.handler as (i: never, c: HandlerContext) => unknown)(p.input, ctx)
      return { ok: true, value }
    } catch (err) {
      return { ok: false, error: toErrorShape(err) }
    }
  }

  return {
    dispatch: (name, rawInput) => invoke(name, rawInput, false),
    run: (name, rawInput) => invoke(name, rawInput, true),
  }
}
