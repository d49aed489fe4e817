/**
 * The Scenarios page's sections, in the order of the tabs; the URL names the open one (#/scenarios/<id>).
 * Adding a section: one entry here (its component owns its panels and loads what it needs).
 */
import type { ComponentType } from 'react'
import { BacktestPanel } from './BacktestPanel'
import { CatalogPanel } from './CatalogPanel'
import { ComparePanel } from './ComparePanel'
import { OptimizerPanel } from './OptimizerPanel'
import { ScenarioEditor } from './ScenarioEditor'
import { ScenarioList } from './ScenarioList'
import { SpendBaseline } from './SpendBaseline'

export interface ScenarioSection {
  id: string
  label: string
  /** One line under the tabs: what the section is for. */
  purpose: string
  Component: ComponentType
}

function FleetScenarios() {
  return (
    <>
      <ScenarioList />
      <ScenarioEditor />
    </>
  )
}

export const SCENARIO_SECTIONS: readonly ScenarioSection[] = [
  { id: 'baseline', label: 'Baseline', purpose: 'Today’s spend carried forward, and a plan from it.', Component: SpendBaseline },
  { id: 'scenarios', label: 'Scenarios', purpose: 'Fleet mixes with their demand and prices; simulate them.', Component: FleetScenarios },
  { id: 'compare', label: 'Compare', purpose: 'Simulated scenarios side by side: cost, queue wait, carbon and fairness, with their uncertainty.', Component: ComparePanel },
  { id: 'optimize', label: 'Optimize', purpose: 'The cheapest fleet for a scenario’s demand, against the current fleet.', Component: OptimizerPanel },
  { id: 'backtest', label: 'Backtest', purpose: 'The commitment plan made on part of the history, replayed on the rest against hindsight and FinOps rules.', Component: BacktestPanel },
  { id: 'catalog', label: 'Catalog', purpose: 'Accelerators, prices, throughput and carbon; set your own figures.', Component: CatalogPanel },
]

export const sectionOf = (id: string): ScenarioSection => SCENARIO_SECTIONS.find((s) => s.id === id) ?? SCENARIO_SECTIONS[0]!
