import type { ReactNode } from 'react'

/** A scrollable data table: header cells, then the body rows. */
export function Table({ testId, className, head, children, wrapClassName }: { testId?: string; className?: string; head: ReactNode; children: ReactNode; wrapClassName?: string }) {
  return (
    <div className={`table-wrap${wrapClassName ? ` ${wrapClassName}` : ''}`}>
      <table className={`table${className ? ` ${className}` : ''}`} data-testid={testId}>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
