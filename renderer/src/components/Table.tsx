import type { ReactNode, TdHTMLAttributes } from 'react'

/** A header cell: its text, or the text with the class its header and body cells share ("num" for figures). */
export type Col = string | { head?: ReactNode; className?: string; title?: string; ariaLabel?: string }

/** A figures column: header and cells right-aligned in tabular digits. */
export const num = (head: string, title?: string): Col => ({ head, className: 'num', ...(title ? { title } : {}) })

/** The header cells of `cols`. */
export function HeadCells({ cols }: { cols: readonly Col[] }) {
  return (
    <>
      {cols.map((c, i) =>
        typeof c === 'string' ? (
          <th key={i}>{c}</th>
        ) : (
          <th key={i} className={c.className} title={c.title} aria-label={c.ariaLabel}>
            {c.head}
          </th>
        ),
      )}
    </>
  )
}

/** A body cell whose own attributes differ from its column's class (a `td` with a title, a sub-line class, …). */
type CellProps = TdHTMLAttributes<HTMLTableCellElement> & { [data: `data-${string}`]: string }
export class Cell {
  constructor(
    readonly content: ReactNode,
    readonly props: CellProps,
  ) {}
}
export const td = (content: ReactNode, props: CellProps): Cell => new Cell(content, props)

/** One body row's cells, each taking its column's class unless it is a `Cell` with its own attributes. */
export function RowCells({ cols, cells }: { cols: readonly Col[]; cells: readonly (ReactNode | Cell)[] }) {
  return (
    <>
      {cells.map((v, j) => {
        if (v instanceof Cell) return <td key={j} {...v.props}>{v.content}</td>
        const c = cols[j]
        return (
          <td key={j} className={c && typeof c !== 'string' ? c.className : undefined}>
            {v}
          </td>
        )
      })}
    </>
  )
}

/**
 * A data table: header cells (`head`, or `cols`), then the body rows. `wrap` (default) puts it in a scrollable
 * box; tables inside panels that scroll themselves leave it out.
 */
export function Table({
  testId,
  className,
  head,
  cols,
  children,
  wrapClassName,
  wrap = true,
  foot,
  caption,
}: {
  testId?: string | undefined
  className?: string | undefined
  head?: ReactNode
  cols?: readonly Col[]
  children: ReactNode
  wrapClassName?: string
  wrap?: boolean
  /** Footer rows (a total). */
  foot?: ReactNode
  caption?: ReactNode
}) {
  const table = (
    <table className={`table${className ? ` ${className}` : ''}`} data-testid={testId}>
      {caption}
      <thead>
        <tr>{head ?? (cols ? <HeadCells cols={cols} /> : null)}</tr>
      </thead>
      <tbody>{children}</tbody>
      {foot ? <tfoot>{foot}</tfoot> : null}
    </table>
  )
  return wrap ? <div className={`table-wrap${wrapClassName ? ` ${wrapClassName}` : ''}`}>{table}</div> : table
}

/**
 * A table with one row per item: `cells` gives the row's cells in column order; `rowProps` adds attributes
 * to a row (a test id, a class); `after` is extra rows at the end (a total, "n more").
 */
export function DataTable<R>({
  cols,
  rows,
  rowKey,
  cells,
  rowProps,
  after,
  ...table
}: {
  cols: readonly Col[]
  rows: readonly R[]
  rowKey: (r: R, i: number) => string | number
  cells: (r: R, i: number) => readonly (ReactNode | Cell)[]
  rowProps?: (r: R) => Record<string, string | undefined>
  after?: ReactNode
  /** Header cells of its own (sort buttons); `cols` then only gives the body cells their classes. */
  head?: ReactNode
  testId?: string | undefined
  className?: string | undefined
  wrap?: boolean
  wrapClassName?: string
  foot?: ReactNode
  caption?: ReactNode
}) {
  return (
    <Table cols={cols} {...table}>
      {rows.map((r, i) => (
        <tr key={rowKey(r, i)} {...rowProps?.(r)}>
          <RowCells cols={cols} cells={cells(r, i)} />
        </tr>
      ))}
      {after}
    </Table>
  )
}
