/** How a contract method is declared: name → doc, zod input schema, result type, call or long job. */
import { z } from 'zod'

/** Phantom marker carrying a result type through the method table. */
declare const resultBrand: unique symbol
export interface Result<T> {
  readonly [resultBrand]?: T
}
export const result = <T>(): Result<T> => ({})

export interface MethodSpec<I extends z.ZodType, R, J extends boolean> {
  /** One sentence for the CLI's help and the README. */
  doc: string
  input: I
  result: Result<R>
  /** A long job returns `{ jobId }` at once; progress and the result arrive as push events. */
  job: J
}

export function call<I extends z.ZodType, R>(doc: string, input: I, r: Result<R>): MethodSpec<I, R, false> {
  return { doc, input, result: r, job: false }
}
export function job<I extends z.ZodType, R>(doc: string, input: I, r: Result<R>): MethodSpec<I, R, true> {
  return { doc, input, result: r, job: true }
}

export const empty = z.object({}).strict()

/**
 * A file the main process can read: an absolute path (Electron file picker, drag and drop, CLI) or a
 * `staged:<id>` reference returned by the web host's upload endpoint.
 */
export const fileRef = z.object({
  ref: z.string().min(1).max(4096),
  name: z.string().min(1).max(1024).optional(),
})
