import { ApiError, type FileProblem } from '../../../shared/errors'
import { JsonSyntaxError } from './json-stream'

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

/** Runs a tokenizer step, turning its JSON syntax errors into the located bad-file error of `fileName`. */
export function jsonErrorsAsBadFile(fileName: string): (fn: () => void) => void {
  return (fn) => {
    try {
      fn()
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw badFile(fileName, err.line, `not valid JSON at column ${err.column}: ${err.message}`)
      throw err
    }
  }
}
