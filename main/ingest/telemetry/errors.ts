import { ApiError, type FileProblem } from '../../../shared/errors'

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
