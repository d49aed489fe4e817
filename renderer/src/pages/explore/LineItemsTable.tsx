/**
 * The line items behind a number, in a virtualised table: only the rows in view are in the DOM and only
 * their pages are fetched, so a million lines scroll like a hundred. Sort by any column (click its header),
 * click a cell to filter by its value, copy the selected rows, export the whole selection as CSV.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import { LINE_ITEM_COLUMNS, type ExploreDimension, type ExploreFilters, type LineItem, type LineItemColumn } from '../../../../shared/explore-types'
import { call, toApiError } from '../../api/client'
import { ErrorPanel, ProgressBar } from '../../components/ui'
import { integer, moneyPrecise } from '../../format'

const PAGE = 200
const ROW_HEIGHT = 28
const NUMERIC = new Set<LineItemColumn>(['BilledCost', 'EffectiveCost', 'ListCost', 'ConsumedQuantity'])
const FILTERABLE: Partial<Record<LineItemColumn, ExploreDimension>> = {
  ProviderName: 'ProviderName',
  ServiceName: 'ServiceName',
  SkuId: 'SkuId',
  RegionId: 'RegionId',
  SubAccountName: 'SubAccountName',
  PricingCategory: 'PricingCategory',
  Team: 'Team',
  Project: 'Project',
  ModelType: 'ModelType',
  AcceleratorType: 'AcceleratorType',
  ResourceName: 'Pool',
}
const WIDTH: Partial<Record<LineItemColumn, number>> = { ChargePeriodStart: 170, ServiceName: 200, SkuId: 190, ResourceName: 220, SubAccountName: 170 }

export interface LineItemsProps {
  filters: ExploreFilters
  from?: string | undefined
  to?: string | undefined
  currency: string | null
  onFilter: (dim: ExploreDimension, value: string) => void
  tick: number
}

function cellText(col: LineItemColumn, v: string | number | null | undefined, currency: string | null): string {
  if (v === null || v === undefined) return ''
  if (col === 'BilledCost' || col === 'EffectiveCost' || col === 'ListCost') return moneyPrecise(v as number, currency)
  if (col === 'ConsumedQuantity') return (v as number).toLocaleString('en-US', { maximumFractionDigits: 3 })
  return String(v)
}

const csvCell = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : /[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))

export function LineItemsTable({ filters, from, to, currency, onFilter, tick }: LineItemsProps) {
  const [sort, setSort] = useState<{ column: LineItemColumn; dir: 'asc' | 'desc' }>({ column: 'BilledCost', dir: 'desc' })
  // Pages, total and selection belong to one question (filters, period, sort, data version): a new question starts empty.
  const [state, setState] = useState<{ sig: string; total: { n: number; cost: number } | null; pages: Map<number, LineItem[]>; selected: Set<number> }>({ sig: '', total: null, pages: new Map(), selected: new Set() })
  const [error, setError] = useState<ReturnType<typeof toApiError> | null>(null)
  const [exporting, setExporting] = useState<{ done: number; total: number } | null>(null)
  const [copied, setCopied] = useState<string | null>(null)
  const inflight = useRef(new Set<string>())
  const scroller = useRef<HTMLDivElement>(null)
  const query = useMemo(() => ({ filters, ...(from ? { from } : {}), ...(to ? { to } : {}), sort }), [filters, from, to, sort])
  const sig = `${JSON.stringify(query)}|${tick}`
  const current = state.sig === sig ? state : { sig, total: null, pages: new Map<number, LineItem[]>(), selected: new Set<number>() }
  const { total, pages, selected } = current
  const setSelected = (f: (s: Set<number>) => Set<number>): void => setState((s) => (s.sig === sig ? { ...s, selected: f(s.selected) } : s))

  const fetchPage = (page: number): void => {
    const id = `${sig}#${page}`
    if (inflight.current.has(id)) return
    inflight.current.add(id)
    call('explore-line-items', { ...query, offset: page * PAGE, limit: PAGE }).then(
      (r) =>
        setState((s) => {
          const base = s.sig === sig ? s : { sig, total: null, pages: new Map<number, LineItem[]>(), selected: new Set<number>() }
          return { ...base, total: { n: r.total, cost: r.totalCost }, pages: new Map(base.pages).set(page, r.rows) }
        }),
      (err: unknown) => setError(toApiError(err)),
    )
  }

  const count = total?.n ?? 0
  // TanStack Virtual's functions are not memoisable by the React compiler; this component is left uncompiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0
  useEffect(() => {
    if (total === null) {
      fetchPage(0)
      return
    }
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) if (!pages.has(p)) fetchPage(p)
  })

  const rowAt = (i: number): LineItem | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE]
  const toggleSort = (c: LineItemColumn): void => setSort((s) => ({ column: c, dir: s.column === c && s.dir === 'desc' ? 'asc' : 'desc' }))

  const copy = async (): Promise<void> => {
    const idx = selected.size ? [...selected].sort((a, b) => a - b) : items.map((v) => v.index)
    const rows = idx.map(rowAt).filter((r): r is LineItem => Boolean(r))
    const text = [LINE_ITEM_COLUMNS.join('\t'), ...rows.map((r) => LINE_ITEM_COLUMNS.map((c) => r[c] ?? '').join('\t'))].join('\n')
    try {
      await navigator.clipboard.writeText(text)
      setCopied(`${integer(rows.length)} rows copied`)
    } catch {
      setCopied('The clipboard is not available here')
    }
  }

  const exportCsv = async (): Promise<void> => {
    const parts: string[] = [`${LINE_ITEM_COLUMNS.join(',')}\n`]
    setExporting({ done: 0, total: count })
    try {
      for (let off = 0; off < count; off += 5000) {
        const r = await call('explore-line-items', { ...query, offset: off, limit: 5000 })
        parts.push(r.rows.map((row) => LINE_ITEM_COLUMNS.map((c) => csvCell(row[c])).join(',')).join('\n') + '\n')
        setExporting({ done: Math.min(count, off + 5000), total: count })
      }
      const a = document.createElement('a')
      a.href = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }))
      a.download = 'fleetplan-line-items.csv'
      a.click()
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000)
    } catch (err) {
      setError(toApiError(err))
    } finally {
      setExporting(null)
    }
  }

  const columns = LINE_ITEM_COLUMNS
  const width = columns.reduce((s, c) => s + (WIDTH[c] ?? 120), 0)
  if (error) return <ErrorPanel title="Could not load the line items" error={error} />
  return (
    <div className="line-items" data-testid="line-items-table">
      <div className="line-items-bar">
        <span data-testid="line-items-count">
          {total === null ? 'Loading…' : `${integer(total.n)} line items · ${moneyPrecise(total.cost, currency)} BilledCost`}
        </span>
        <span className="spacer" />
        {copied ? <span className="hint">{copied}</span> : null}
        <button type="button" className="btn btn-small" onClick={() => void copy()} data-testid="line-items-copy" disabled={!total?.n}>
          Copy {selected.size ? `${integer(selected.size)} selected` : 'visible'} rows
        </button>
        <button type="button" className="btn btn-small" onClick={() => void exportCsv()} data-testid="line-items-export" disabled={!total?.n || exporting !== null}>
          Export CSV
        </button>
      </div>
      {exporting ? <ProgressBar label="Exporting line items" current={exporting.done} total={exporting.total} /> : null}
      <div className="vtable" ref={scroller} role="grid" aria-rowcount={count} aria-label="Line items" tabIndex={0}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 'c') void copy()
        }}>
        <div className="vtable-head" style={{ width }} role="row">
          {columns.map((c) => (
            <button type="button" key={c} role="columnheader" className={`vcell${NUMERIC.has(c) ? ' num' : ''}`} style={{ width: WIDTH[c] ?? 120 }}
              onClick={() => toggleSort(c)} aria-sort={sort.column === c ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} data-testid={`sort-${c}`}>
              {c}
              {sort.column === c ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
            </button>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {items.map((v) => {
            const row = rowAt(v.index)
            return (
              <div key={v.key} role="row" aria-rowindex={v.index + 1} className={`vrow${selected.has(v.index) ? ' selected' : ''}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT, width }} data-testid="line-item-row"
                onClick={(e) => setSelected((s) => {
                  const n = new Set(e.ctrlKey || e.metaKey || e.shiftKey ? s : [])
                  if (n.has(v.index)) n.delete(v.index)
                  else n.add(v.index)
                  return n
                })}>
                {columns.map((c) => {
                  const text = row ? cellText(c, row[c], currency) : ''
                  const dim = FILTERABLE[c]
                  return (
                    <span key={c} role="gridcell" className={`vcell${NUMERIC.has(c) ? ' num' : ''}${dim && text ? ' filterable' : ''}`} style={{ width: WIDTH[c] ?? 120 }} title={text}
                      onDoubleClick={() => dim && text && row && onFilter(dim, String(row[c]))}>
                      {row ? text : '…'}
                    </span>
                  )
                })}
              </div>
            )
          })}
        </div>
      </div>
      <p className="hint">Click a header to sort, a row to select (Ctrl/Shift for more), Ctrl+C to copy; double-click a cell to filter by its value.</p>
    </div>
  )
}
