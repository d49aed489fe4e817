import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EChart } from '../charts/EChart'
import { stackedDailyOption } from '../charts/options'
import { AfterFirstScreen, markFirstScreenDrawn } from '../components/first-screen'
import { DataTable, RowCells, num, type Col } from '../components/Table'
import { EmptyState, ErrorPanel, Kpi, Loading, Page, Panel } from '../components/ui'
import { integer, money, percent } from '../format'
import { useAppStore } from '../store'
import { TOP_SERVICES, type ExploreData } from '../store/explore-slice'
import { GpuUtilisationSection } from './telemetry/GpuUtilisation'
import { ExploreAnalysis } from './explore/ExploreAnalysis'
import { WorkloadsSection } from './explore/WorkloadsSection'
import { useLoadWhenIdle } from '../store/use-load-when-idle'

/** A share as a small bar and its percentage. */
function ShareBar({ share }: { share: number }) {
  return (
    <span className="share">
      <span className="share-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(0, Math.min(100, share * 100))}%` }} />
      </span>
      {percent(share)}
    </span>
  )
}

function ProviderTable({ data }: { data: ExploreData }) {
  const { byProvider } = data
  const rows = [...byProvider.rows].sort((a, b) => b.cost - a.cost)
  const total = byProvider.total
  const cols: Col[] = ['Provider', num('Line items'), num(`BilledCost (${byProvider.currency ?? 'USD'})`), { head: 'Share', className: 'num share-col' }]
  return (
    <DataTable
      testId="provider-table"
      cols={cols}
      rows={rows}
      rowKey={(r) => r.keys.ProviderName ?? '(none)'}
      cells={(r) => [r.keys.ProviderName ?? '(none)', integer(r.rows), money(r.cost, byProvider.currency), <ShareBar share={total !== 0 ? r.cost / total : 0} />]}
      foot={
        <tr>
          <RowCells cols={cols} cells={['Total', integer(rows.reduce((s, r) => s + r.rows, 0)), money(total, byProvider.currency), rows.length ? percent(1) : '']} />
        </tr>
      }
    />
  )
}

/** The workspace's totals: above the analysis, no chart to draw. */
function ExploreKpis({ data }: { data: ExploreData }) {
  const currency = data.byProvider.currency
  const lineItems = data.byProvider.rows.reduce((s, r) => s + r.rows, 0)
  const accel = data.byAccelerator.rows.filter((r) => r.keys.AcceleratorType)
  const accelCost = accel.reduce((s, r) => s + r.cost, 0)
  const total = data.byProvider.total
  const days = new Set(data.byProviderDay.rows.map((r) => r.keys.ChargeDay)).size

  return (
    <div className="kpis">
      <Kpi
        label={`Total BilledCost (${currency ?? 'USD'})`}
        value={money(total, currency)}
        testId="total-billed-cost"
        hint={`${integer(days)} days with charges`}
      />
      <Kpi label="Line items" value={integer(lineItems)} testId="line-items" hint={`${integer(data.byProvider.rows.length)} providers`} />
      <Kpi
        label="Accelerator spend"
        value={accel.length && total !== 0 ? percent(accelCost / total) : '—'}
        testId="accelerator-share"
        hint={
          accel.length
            ? `${money(accelCost, currency)} on ${accel.map((r) => r.keys.AcceleratorType).join(', ')}`
            : 'No accelerator (GPU/TPU) line items recognised'
        }
      />
      <Kpi label="Average per day" value={days ? money(total / days, currency) : '—'} hint="BilledCost ÷ days with charges" />
    </div>
  )
}

/** The workspace's daily cost by provider and service, and its providers: below the analysis. */
function ExploreOverview({ data }: { data: ExploreData }) {
  const providerOption = useMemo(() => stackedDailyOption(data.byProviderDay, 'ProviderName'), [data.byProviderDay])
  const serviceOption = useMemo(() => stackedDailyOption(data.byServiceDay, 'ServiceName'), [data.byServiceDay])
  return (
    <>
      <Panel title="Daily cost by provider" className="chart-panel">
        <EChart option={providerOption} height={300} label="Stacked bar chart of daily billed cost by provider" testId="chart-provider-daily" />
      </Panel>
      <Panel title={`Daily cost by service (top ${TOP_SERVICES} + Other)`} className="chart-panel">
        <EChart option={serviceOption} height={300} label="Stacked bar chart of daily billed cost by service" testId="chart-service-daily" />
      </Panel>
      <Panel title="Cost by provider">
        <ProviderTable data={data} />
      </Panel>
    </>
  )
}

export function ExplorePage() {
  const { explore, load } = useAppStore(useShallow((s) => ({ explore: s.explore, load: s.exploreLoad })))
  const loadExplore = useAppStore((s) => s.loadExplore)
  const goTo = useAppStore((s) => s.goTo)
  // The workspace's totals are known before the page opens: the analysis starts asking at once, alongside the
  // overview, instead of after it.
  const hasBilling = useAppStore((s) => (s.info?.billingRows ?? 0) > 0) || (explore?.byProvider.rows.length ?? 0) > 0
  useLoadWhenIdle(load.status, loadExplore)
  useEffect(() => {
    if (!hasBilling) markFirstScreenDrawn()
  }, [hasBilling])

  let body
  if (load.status === 'error' && load.error) body = <ErrorPanel title="Could not load costs" error={load.error} />
  else if (!explore) body = <Loading label="Loading costs…" />
  else if (explore.byProvider.rows.length === 0)
    body = (
      <Panel>
        <EmptyState title="No billing data yet" testId="explore-empty">
          <p>Costs appear here once a FOCUS billing file is imported.</p>
          <button type="button" className="btn btn-primary" onClick={() => goTo('data')}>
            Go to Data
          </button>
        </EmptyState>
      </Panel>
    )
  else body = <ExploreKpis data={explore} />
  // The analysis is the first screen; the daily overview charts follow it, drawn once it is.
  const overview = explore && explore.byProvider.rows.length > 0 ? <ExploreOverview data={explore} /> : null

  return (
    <Page id="explore" title="Explore" subtitle="Spend, accelerator-hours, idle cost and attribution by any dimension; below, billed cost (FOCUS BilledCost) per day by provider and service.">
      {body}
      {hasBilling ? <ExploreAnalysis overview={overview} /> : <AfterFirstScreen>{overview}</AfterFirstScreen>}
      <AfterFirstScreen>
        <GpuUtilisationSection />
      </AfterFirstScreen>
      <AfterFirstScreen>
        <WorkloadsSection />
      </AfterFirstScreen>
    </Page>
  )
}
