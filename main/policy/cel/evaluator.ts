/**
 * Runs a ValidatingAdmissionPolicy's CEL on an admission request as the API server does: the policy's own
 * `spec.variables` and `spec.validations` strings are parsed and planned once by @bufbuild/cel, variables are
 * evaluated lazily (at most once per request, only when a validation reads them), and a validation that
 * fails to evaluate counts as a denial (failurePolicy: Fail). Nothing here knows what the rules mean.
 */
import { celEnv, celList, celMap, isCelError, isCelMap, parse, plan, type CelEnv, type CelResult, type CelValue } from '@bufbuild/cel'
import { KUBERNETES_CEL_FUNCS } from './k8s-library'

type Program = (ctx: Record<string, CelValue>) => CelResult

export interface VapSpec {
  variables?: { name: string; expression: string }[]
  validations: { expression: string; messageExpression?: string; message?: string }[]
}

export interface Verdict {
  /** Index of the validation in spec.validations. */
  index: number
  allowed: boolean
  /** Set when the expression could not be evaluated (the request is then denied). */
  error: string | null
}

let sharedEnv: CelEnv | null = null
function env(): CelEnv {
  sharedEnv ??= celEnv({ funcs: KUBERNETES_CEL_FUNCS })
  return sharedEnv
}

function compile(expression: string, where: string): Program {
  try {
    return plan(env(), parse(expression))
  } catch (err) {
    throw new Error(`${where}: CEL does not compile: ${(err as Error).message}`)
  }
}

/**
 * JSON → CEL values once per request (nested maps and lists), so the evaluator never converts the same object
 * again for each expression that reads it. JSON numbers become doubles, as Kubernetes' unstructured objects
 * give CEL ints only for integer-typed fields; the emitted expressions read numbers through quantity().
 */
export function toCelValue(v: unknown): CelValue {
  if (v === null || v === undefined) return null
  if (Array.isArray(v)) return celList(v.map(toCelValue))
  if (typeof v === 'object') {
    const m = new Map<string, CelValue>()
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) m.set(k, toCelValue(x))
    return celMap(m)
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v
  throw new Error(`cannot give ${typeof v} to CEL`)
}

/** `variables`: each computed on first read and kept for the rest of the request, errors included. */
class LazyVariables extends Map<string, CelValue> {
  private readonly errors = new Map<string, Error>()
  constructor(
    private readonly programs: ReadonlyMap<string, Program>,
    private readonly bindings: () => Record<string, CelValue>,
  ) {
    super()
  }
  override has(key: string): boolean {
    return this.programs.has(key)
  }
  override get(key: string): CelValue | undefined {
    if (super.has(key)) return super.get(key)
    const failed = this.errors.get(key)
    if (failed) throw failed
    const p = this.programs.get(key)
    if (!p) return undefined
    const r = p(this.bindings())
    if (isCelError(r)) {
      const e = new Error(`variables.${key}: ${r.message}`)
      this.errors.set(key, e)
      throw e
    }
    super.set(key, r)
    return r
  }
}

const VARS = Symbol('variables')
/** Second-level names bound directly (see bind). */
const QUALIFIED = { object: ['metadata', 'spec'], params: ['data'], request: ['namespace'] } as const

export interface AdmissionInput {
  object: CelValue
  request: CelValue
  params: CelValue
}

/** A validation's result as the API server reads it: true admits; false, an error or a non-bool denies. */
function verdictOf(r: CelResult, index: number): Verdict {
  if (isCelError(r)) return { index, allowed: false, error: r.message }
  if (typeof r !== 'boolean') return { index, allowed: false, error: `expression returned ${typeof r}, not bool` }
  return { index, allowed: r, error: null }
}

export class CompiledVap {
  private readonly variables: Map<string, Program>
  /** Getters `variables.<name>` shared by every request's activation. */
  private readonly proto: object
  private readonly validations: Program[]
  private readonly messages: (Program | null)[]
  readonly staticMessages: string[]

  constructor(spec: VapSpec, name = 'policy') {
    this.variables = new Map((spec.variables ?? []).map((v) => [v.name, compile(v.expression, `${name} variables.${v.name}`)]))
    this.validations = spec.validations.map((v, i) => compile(v.expression, `${name} validations[${i}]`))
    this.messages = spec.validations.map((v, i) => (v.messageExpression ? compile(v.messageExpression, `${name} validations[${i}].messageExpression`) : null))
    this.staticMessages = spec.validations.map((v) => v.message ?? `failed expression: ${v.expression}`)
    const proto: PropertyDescriptorMap = {}
    for (const name of this.variables.keys()) {
      proto[`variables.${name}`] = {
        get(this: { [VARS]: LazyVariables }) {
          return this[VARS].get(name)
        },
      }
    }
    this.proto = Object.create(null, proto) as object
  }

  get size(): number {
    return this.validations.length
  }

  /**
   * The activation. CEL resolves `a.b.c` by trying the qualified names `a.b.c`, then `a.b`, then `a`: binding
   * the qualified names the policies read (`params.data`, `variables.<name>`, `object.spec`, …) to the very
   * values the selections would reach skips the misses (each a type-registry lookup) without changing any
   * result. Variables stay lazy: the getter computes a variable on first read.
   */
  private bind(input: AdmissionInput): Record<string, CelValue> {
    const bindings = Object.create(this.proto) as Record<string, CelValue> & { [VARS]: LazyVariables }
    bindings.object = input.object
    bindings.oldObject = null
    bindings.request = input.request
    bindings.params = input.params
    const lazy = new LazyVariables(this.variables, () => bindings)
    bindings[VARS] = lazy
    bindings.variables = celMap(lazy)
    const sub = (v: CelValue, key: string): CelValue | undefined => (isCelMap(v) && v.has(key) ? (v.get(key)) : undefined)
    for (const [root, value] of [['object', input.object], ['params', input.params], ['request', input.request]] as const) {
      for (const key of QUALIFIED[root]) {
        const v = sub(value, key)
        if (v !== undefined) bindings[`${root}.${key}`] = v
      }
    }
    return bindings
  }

  /** Every validation's verdict on one request (variables shared between them, as in the API server). */
  evaluate(input: AdmissionInput): Verdict[] {
    const bindings = this.bind(input)
    return this.validations.map((p, index) => verdictOf(p(bindings), index))
  }

  /** One validation's verdict (a replay that knows the other validations' verdicts already). */
  evaluateAt(input: AdmissionInput, index: number): Verdict {
    const p = this.validations[index]
    if (!p) throw new Error(`no validation ${index}`)
    return verdictOf(p(this.bind(input)), index)
  }

  /** The message the API server would return for a failed validation (messageExpression, else message). */
  message(input: AdmissionInput, index: number): string {
    const p = this.messages[index]
    if (p) {
      const r = p(this.bind(input))
      if (!isCelError(r) && typeof r === 'string' && r.trim() !== '') return r
    }
    return this.staticMessages[index] ?? 'denied'
  }
}
