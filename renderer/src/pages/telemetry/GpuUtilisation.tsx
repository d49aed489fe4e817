/** Explore: GPU utilisation by pool (GPU model, host, namespace, …) from the telemetry rollups. */
import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EChart } from '../../charts/EChart'
import { utilisationOption } from '../../charts/telemetry-options'
import { EmptyState, ErrorPanel, Kpi, Loading, Panel, Options } from '../../components/ui'
import { integer } from '../../format'
import { useAppStore } from '../../store'
import type { UtilisationGroup } from '../../store/telemetry-slice'
import { useLoadWhenIdle } from '../../store/use-load-when-idle'

const GROUPS: { id: UtilisationGroup; label: string }[] = [
  { id: 'gpuModel', label: 'GPU model' },
  { id: 'host', label: 'Host' },
  { id: 'namespace', label: 'Namespace' },
  { id: 'team', label: 'Team' },
  { id: 'project', label: 'Project' },
  { id: 'pod', label: 'Pod' },
]

export function GpuUtilisationSection() {
  const { data, load, group } = useAppStore(useShallow((s) => ({ data: s.utilisation, load: s.utilisationLoad, group: s.utilisationGroup })))
  const loadUtilisation = useAppStore((s) => s.loadUtilisation)
  const setGroup = useAppStore((s) => s.setUtilisationGroup)
  const goTo = useAppStore((s) => s.goTo)
  useLoadWhenIdle(load.status, loadUtilisation)
  const result = data?.result ?? null
  const option = useMemo(() => (result && data ? utilisationOption(result, data.unit) : null), [result, data])

  const controls = (
    <label className="utilisation-controls">
      By
      <select value={group} onChange={(e) => setGroup(e.currentTarget.value as UtilisationGroup)} data-testid="utilisation-group" aria-label="Group utilisation by">
        <Options values={GROUPS} value={(g) => g.id} label={(g) => g.label} />
      </select>
    </label>
  )

  let body
  if (load.status === 'error' && load.error) body = <ErrorPanel title="Could not load GPU utilisation" error={load.error} />
  else if (!data) body = <Loading label="Loading utilisation…" />
  else if (!data.metric || !result || result.groups.length === 0)
    body = (
      <EmptyState title="No GPU telemetry yet" testId="utilisation-empty">
        <p>
          Utilisation appears here once telemetry is imported: a Prometheus query_range export, a pull of <code>DCGM_FI_DEV_GPU_UTIL</code> from a
          Prometheus URL, OpenMetrics text, OTLP JSON or a CSV of GPU utilisation.
        </p>
        <button type="button" className="btn btn-primary" onClick={() => goTo('data')}>
          Go to Data
        </button>
      </EmptyState>
    )
  else {
    const points = result.groups.reduce((s, g) => s + g.points.reduce((a, p) => a + p.count, 0), 0)
    const mean = result.groups.reduce((s, g) => s + g.points.reduce((a, p) => a + p.avg * p.count, 0), 0) / Math.max(1, points)
    const scale = data.unit === 'ratio' ? 100 : 1
    body = (
      <>
        <div className="kpis">
          <Kpi label="Mean utilisation" value={`${(mean * scale).toFixed(1)} %`} testId="utilisation-mean" hint={`${data.metric}, all shown groups`} />
          <Kpi label="Groups" value={integer(result.groups.length)} hint={`by ${GROUPS.find((g) => g.id === group)?.label ?? group}`} />
          <Kpi label="Samples behind the chart" value={integer(points)} hint={`${result.resolution} rollups`} />
        </div>
        {option ? <EChart option={option} height={300} label={`Line chart of GPU utilisation in percent by ${group}`} testId="chart-utilisation" /> : null}
      </>
    )
  }
  return (
    <Panel title="GPU utilisation" className="chart-panel" actions={controls}>
      <div data-testid="utilisation-section">{body}</div>
    </Panel>
  )
}
