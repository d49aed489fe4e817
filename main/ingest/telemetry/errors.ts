import { ApiError, type FileProblem } from '../../../shared/errors'
import { JsonSyntaxError, type JsonTokenizer } from './json-stream'

/** A located import error: names the file, line and field; the import writes nothing. */
export function badFile(file: string, line: number | undefined, message: string, column?: string): ApiError {
  const problem: FileProblem = { file, message }
  if (line !== undefined) problem.line = line
  if (column) problem.column = column
  const where = [line !== undefined ? `line ${line}` : null, column ? `field ${column}` : null].filter(Boolean).join(', ')
  return new ApiError({
    code: 'bad-file',
    message: `${file}${where ? `: ${where}` : ''}: ${message}. Nothing was imported.`,
    problems: [problem],
  })
}

/**
 * A streaming JSON parser's outside: text goes to the tokenizer, and its syntax errors (and those `finish`
 * raises after the last token) come out as the located bad-file error of `fileName`.
 */
export function jsonFeed(tok: JsonTokenizer, fileName: string, finish: () => void): { push(text: string): void; end(): void } {
  const located = (fn: () => void): void => {
    try {
      fn()
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw badFile(fileName, err.line, `not valid JSON at column ${err.column}: ${err.message}`)
      throw err
    }
  }
  return {
    push: (text) => located(() => tok.push(text)),
    end: () =>
      located(() => {
        tok.end()
        finish()
      }),
  }
}
