import type { ReactNode } from 'react'
import { EChart, type EChartProps } from './EChart'

/** A chart with its title and unit above it (not inside the canvas, so legends and titles never overlap data). */
export function ChartCard({ title, unit, note, ...chart }: EChartProps & { title: string; unit: string; note?: ReactNode }) {
  return (
    <figure className="chart-card">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-unit">{unit}</span>
      </figcaption>
      <EChart {...chart} />
      {note ? <p className="chart-note">{note}</p> : null}
    </figure>
  )
}
