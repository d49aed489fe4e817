import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import '../styles/scenarios.css'
import { Page } from '../components/ui'
import { useAppStore } from '../store'
import { SCENARIO_SECTIONS, sectionOf } from './scenarios/sections'

/** Tabs for the sections; ←/→ move to the neighbouring tab, Home/End to the first/last (WAI-ARIA tabs pattern). */
function SectionTabs({ active, go }: { active: string; go: (id: string) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([])
  const n = SCENARIO_SECTIONS.length
  const onKey = (e: KeyboardEvent, i: number): void => {
    const target: Record<string, number> = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }
    const next = target[e.key]
    if (next === undefined) return
    e.preventDefault()
    go(SCENARIO_SECTIONS[next]!.id)
    refs.current[next]?.focus()
  }
  return (
    <div className="section-tabs" role="tablist" aria-label="Scenarios sections">
      {SCENARIO_SECTIONS.map((s, i) => (
        <button
          key={s.id}
          ref={(el) => {
            refs.current[i] = el
          }}
          type="button"
          role="tab"
          id={`section-tab-${s.id}`}
          aria-selected={s.id === active}
          aria-controls="section-panel"
          tabIndex={s.id === active ? 0 : -1}
          className={s.id === active ? 'active' : ''}
          onClick={() => go(s.id)}
          onKeyDown={(e) => onKey(e, i)}
          data-testid={`section-${s.id}`}
        >
          {s.label}
        </button>
      ))}
    </div>
  )
}

export function ScenariosPage() {
  const { sectionId, setSection } = useAppStore(useShallow((s) => ({ sectionId: s.scenarioSection, setSection: s.setScenarioSection })))
  const section = sectionOf(sectionId)
  const { loadCatalog, loadScenarios, catalogStatus, scenariosStatus } = useAppStore(
    useShallow((s) => ({ loadCatalog: s.loadCatalog, loadScenarios: s.loadScenarios, catalogStatus: s.catalogLoad.status, scenariosStatus: s.scenariosLoad.status })),
  )
  // Every section but the baseline reads the catalog and the scenario list: load them once, on the way in.
  useEffect(() => {
    if (catalogStatus === 'idle') void loadCatalog()
    if (scenariosStatus === 'idle') void loadScenarios()
  }, [catalogStatus, scenariosStatus, loadCatalog, loadScenarios])
  const { Component } = section
  return (
    <Page id="scenarios" title="Scenarios" subtitle="What-if views of spend and fleets: simulate, compare, optimize, then plan.">
      <SectionTabs active={section.id} go={setSection} />
      <p className="section-purpose">{section.purpose}</p>
      <div role="tabpanel" id="section-panel" aria-labelledby={`section-tab-${section.id}`} className="section-body" data-testid={`section-body-${section.id}`}>
        <Component />
      </div>
    </Page>
  )
}
