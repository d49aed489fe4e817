import type { ReactNode } from 'react'
import { money, plural } from '../format'
import { PAGES, useAppStore, type PageId } from '../store'
import { PageIcon } from './icons'
import { WorkspaceMenu } from './WorkspaceMenu'

export const PAGE_LABELS: Record<PageId, string> = {
  data: 'Data',
  explore: 'Explore',
  forecast: 'Forecast',
  scenarios: 'Scenarios',
  policies: 'Policies',
  plans: 'Plans',
  reconcile: 'Reconcile',
}

function Sidebar() {
  const page = useAppStore((s) => s.page)
  const goTo = useAppStore((s) => s.goTo)
  return (
    <nav className="sidebar" aria-label="Pages">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          F
        </span>
        Fleetplan
      </div>
      <ul className="nav-list">
        {PAGES.map((p, i) => (
          <li key={p}>
            <button
              type="button"
              className="nav-item"
              aria-current={page === p ? 'page' : undefined}
              onClick={() => goTo(p)}
              data-testid={`nav-${p}`}
              title={`${PAGE_LABELS[p]} (Alt+${i + 1})`}
            >
              <PageIcon page={p} />
              <span className="nav-label">{PAGE_LABELS[p]}</span>
              <kbd className="nav-key" aria-hidden="true">
                {i + 1}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">Alt+1…6 to switch pages</div>
    </nav>
  )
}

function Header() {
  const info = useAppStore((s) => s.info)
  return (
    <header className="app-header">
      <WorkspaceMenu />
      {info ? (
        <dl className="header-stats">
          <div>
            <dt>Period</dt>
            <dd className="num" data-testid="header-period">
              {info.period ? `${info.period.start} – ${info.period.end}` : 'no data'}
            </dd>
          </div>
          <div>
            <dt>Line items</dt>
            <dd className="num">{plural(info.billingRows, 'row')}</dd>
          </div>
          <div>
            <dt>Total billed</dt>
            <dd className="num" data-testid="header-total">
              {money(info.totalBilledCost, info.currency)}
            </dd>
          </div>
        </dl>
      ) : null}
    </header>
  )
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <div className="app">
      <Sidebar />
      <div className="app-main">
        <Header />
        <main className="content" id="content">
          {children}
        </main>
      </div>
    </div>
  )
}
