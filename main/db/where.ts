/**
 * Adds a WHERE condition and its parameter only when the filter was given (a query's optional from, to, kind…),
 * so every optional filter is one line at the call site.
 */
export function whereGiven(conds: string[], params: unknown[], sql: string, value: string | number | null | undefined): void {
  if (value === undefined || value === null || value === '') return
  conds.push(sql)
  params.push(value)
}
