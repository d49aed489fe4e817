import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { Badge, ErrorPanel, Loading, Panel } from '../../components/ui'
import { useAppStore } from '../../store'
import { AcceleratorTable, CarbonTable, PriceTable, ThroughputTable } from './CatalogTables'

const TABS = ['accelerators', 'prices', 'throughput', 'carbon'] as const

/** The bundled catalog with the workspace's own figures marked; click a value to set yours. */
export function CatalogPanel() {
  const { cat, prices, load, op } = useAppStore(useShallow((s) => ({ cat: s.catalog, prices: s.catalogPrices, load: s.catalogLoad, op: s.catalogOverrideOp })))
  const [tab, setTab] = useState<(typeof TABS)[number]>('prices')
  if (!cat) return <Panel title="Catalog">{load.error ? <ErrorPanel title="Could not load the catalog" error={load.error} /> : <Loading />}</Panel>
  return (
    <Panel
      title="Catalog: defaults and your figures"
      testId="catalog-panel"
      actions={
        <div className="segmented" role="group" aria-label="Catalog section">
          {TABS.map((t) => (
            <button key={t} type="button" className={tab === t ? 'active' : ''} onClick={() => setTab(t)} aria-pressed={tab === t} data-testid={`catalog-tab-${t}`}>
              {t}
            </button>
          ))}
        </div>
      }
    >
      <p className="explain wide">
        Every figure carries its source and date (hover a row). Click a value to set your own; your figures are kept in the workspace apart
        from the bundled defaults, marked <Badge tone="warning">yours</Badge>, and “reset” brings the default back. {cat.overrides.length} override
        {cat.overrides.length === 1 ? '' : 's'} in this workspace. Figures marked ? could not be verified here: re-check them.
      </p>
      {op.error ? <ErrorPanel title="Could not store the figure" error={op.error} testId="override-error" /> : null}
      <div className="catalog-scroll">
        {tab === 'accelerators' ? <AcceleratorTable cat={cat} /> : null}
        {tab === 'prices' ? <PriceTable cat={cat} prices={prices ?? []} /> : null}
        {tab === 'throughput' ? <ThroughputTable cat={cat} /> : null}
        {tab === 'carbon' ? <CarbonTable cat={cat} /> : null}
      </div>
      <p className="note">{cat.attribution.join(' ')}</p>
    </Panel>
  )
}
