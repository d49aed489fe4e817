import { lazy, Suspense, useEffect, type ComponentType } from 'react'
import { Layout } from './components/Layout'
import { Toasts } from './components/Toasts'
import { ErrorPanel, Loading } from './components/ui'
import { ExplorePage } from './pages/ExplorePage'
import { prefetchFirstAnalysis } from './pages/explore/analysis-queries'
import { PAGES, useAppStore, type PageId } from './store'
import { usePushEvents } from './store/use-push-events'

/** A page in its own chunk: the app opens on Explore, and only what Explore needs is parsed before it draws. */
const later = (load: () => Promise<ComponentType>): ComponentType => lazy(async () => ({ default: await load() }))

const PAGE_COMPONENTS: Record<PageId, ComponentType> = {
  data: later(() => import('./pages/DataPage').then((m) => m.DataPage)),
  explore: ExplorePage,
  forecast: later(() => import('./pages/ForecastPage').then((m) => m.ForecastPage)),
  scenarios: later(() => import('./pages/ScenariosPage').then((m) => m.ScenariosPage)),
  policies: later(() => import('./pages/PoliciesPage').then((m) => m.PoliciesPage)),
  plans: later(() => import('./pages/PlansPage').then((m) => m.PlansPage)),
  reconcile: later(() => import('./pages/ReconcilePage').then((m) => m.ReconcilePage)),
}

/** "#/plans/pl_…" → page and plan, "#/scenarios/optimize" → page and section; anything else is ignored. */
function parseHash(hash: string): { page: PageId; planId: string | null; section: string | null } | null {
  const [page, sub] = hash.replace(/^#\/?/, '').split('/')
  const p = PAGES.find((x) => x === page)
  if (!p) return null
  const arg = sub ? decodeURIComponent(sub) : null
  return { page: p, planId: p === 'plans' ? arg : null, section: p === 'scenarios' ? arg : null }
}

/** The address of what is shown: the page, and the plan or Scenarios section open on it. */
function hashOf(page: PageId, planId: string | null, section: string): string {
  if (page === 'plans' && planId) return `#/plans/${encodeURIComponent(planId)}`
  if (page === 'scenarios' && section) return `#/scenarios/${encodeURIComponent(section)}`
  return `#/${page}`
}

/** Keeps the address in step with the page, so reload and back/forward work in web mode. */
function useHashRoute(): void {
  const page = useAppStore((s) => s.page)
  const planId = useAppStore((s) => s.selectedPlanId)
  const section = useAppStore((s) => s.scenarioSection)
  useEffect(() => {
    const apply = (): void => {
      const r = parseHash(window.location.hash)
      if (!r) return
      const s = useAppStore.getState()
      if (s.page !== r.page) s.goTo(r.page)
      if (r.planId && s.selectedPlanId !== r.planId) s.selectPlan(r.planId)
      if (r.section && s.scenarioSection !== r.section) s.setScenarioSection(r.section)
    }
    apply()
    window.addEventListener('hashchange', apply)
    return () => window.removeEventListener('hashchange', apply)
  }, [])
  useEffect(() => {
    const hash = hashOf(page, planId, section)
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash)
  }, [page, planId, section])
}

/** Alt+1…6 or Ctrl+1…6 switch pages. */
function usePageShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.altKey || e.ctrlKey) || e.shiftKey || e.metaKey) return
      const m = /^Digit([1-9])$/.exec(e.code)
      const page = m ? PAGES[Number(m[1]) - 1] : undefined
      if (!page) return
      e.preventDefault()
      useAppStore.getState().goTo(page)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

export function App() {
  const page = useAppStore((s) => s.page)
  const ready = useAppStore((s) => s.appReady)
  const load = useAppStore((s) => s.workspaceLoad)
  const loadWorkspace = useAppStore((s) => s.loadWorkspace)
  usePushEvents()
  useHashRoute()
  usePageShortcuts()
  useEffect(() => {
    void loadWorkspace()
    // Opening on Explore: its first questions leave with the workspace's, not after its answer.
    const s = useAppStore.getState()
    if (!s.appReady && s.page === 'explore') {
      prefetchFirstAnalysis()
      if (s.exploreLoad.status === 'idle') void s.loadExplore()
    }
  }, [loadWorkspace])

  const Page = PAGE_COMPONENTS[page]
  return (
    <div className="app-root" data-app-state={ready ? 'ready' : 'loading'}>
      <Layout>
        {load.status === 'error' && load.error ? (
          <div className="page">
            <ErrorPanel title="Could not open the workspace" error={load.error} testId="workspace-error" />
          </div>
        ) : null}
        {ready ? (
          <Suspense fallback={<div className="page"><Loading label="Loading the page…" /></div>}>
            <Page />
          </Suspense>
        ) : null}
      </Layout>
      <Toasts />
    </div>
  )
}
