/** Error codes every transport carries unchanged from the domain to the UI and the CLI. */
export type ApiErrorCode =
  | 'invalid-input' // the call's input failed schema validation
  | 'unknown-method'
  | 'not-found'
  | 'conflict' // e.g. approving an approved plan, a branch that already exists
  | 'bad-file' // an import file that cannot be read as the format it claims
  | 'not-a-repo'
  | 'workspace' // a workspace file that cannot be opened or migrated
  | 'cancelled'
  | 'unauthorized'
  | 'internal'

/** Where in an input file a problem is, so a user can go straight to it. */
export interface FileProblem {
  file: string
  line?: number
  column?: string
  message: string
}

/** What happened to one file of a multi-file import: each file is its own atomic snapshot. */
export interface FileOutcome {
  file: string
  /** `not-imported`: never started (the import was cancelled before its turn). */
  status: 'imported' | 'duplicate' | 'failed' | 'not-imported'
  snapshotId?: number
  rows?: number
  /** Failed: why, in a sentence, and where in the file; `code` tells a client what it may offer (e.g. an overlap: replace or keep both). */
  message?: string
  code?: ApiErrorCode
  problems?: FileProblem[]
}

export interface ApiErrorShape {
  code: ApiErrorCode
  message: string
  /** Up to a handful of problems found in a file, first one first. */
  problems?: FileProblem[]
  /** Validation issues: dotted path of the offending field and what is wrong with it. */
  issues?: { path: string; message: string }[]
  /** A multi-file import: every file's outcome, in the order given (those imported stay imported). */
  files?: FileOutcome[]
}

export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly problems?: FileProblem[]
  readonly issues?: { path: string; message: string }[]
  readonly files?: FileOutcome[]

  constructor(shape: ApiErrorShape) {
    super(shape.message)
    this.name = 'ApiError'
    this.code = shape.code
    if (shape.problems) this.problems = shape.problems
    if (shape.issues) this.issues = shape.issues
    if (shape.files) this.files = shape.files
  }

  toShape(): ApiErrorShape {
    const shape: ApiErrorShape = { code: this.code, message: this.message }
    if (this.problems) shape.problems = this.problems
    if (this.issues) shape.issues = this.issues
    if (this.files) shape.files = this.files
    return shape
  }
}

/** Turns anything thrown into the wire shape; unknown errors become `internal` with their message. */
export function toErrorShape(err: unknown): ApiErrorShape {
  if (err instanceof ApiError) return err.toShape()
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const { code, message } = err
    if (typeof code === 'string' && typeof message === 'string' && isApiErrorCode(code)) {
      return err as ApiErrorShape
    }
  }
  if (err instanceof Error) return { code: 'internal', message: err.message }
  return { code: 'internal', message: String(err) }
}

const CODES: readonly ApiErrorCode[] = [
  'invalid-input',
  'unknown-method',
  'not-found',
  'conflict',
  'bad-file',
  'not-a-repo',
  'workspace',
  'cancelled',
  'unauthorized',
  'internal',
]

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return (CODES as readonly string[]).includes(code)
}

export { describeError, errorText, type ErrorText } from './error-text'
