import type { Catalog, PoolPrice } from '../../../../shared/scenario-types'
import { Table } from '../../components/Table'
import { OverrideCell } from './OverrideCell'
import { poolKey } from './pool-label'
import { moneyRate } from '../../format'

const Unverified = () => (
  <span className="muted" title="not verified here">
    {' '}
    ?
  </span>
)

const ACCELERATORS_HEAD = (
  <>
    <th>Accelerator</th>
    <th className="num">Memory GB</th>
    <th className="num">BF16 dense TFLOPS</th>
    <th className="num">FP8 dense TFLOPS</th>
    <th className="num">TDP W</th>
    <th>Interconnect</th>
    <th>Source</th>
  </>
)

const PRICES_HEAD = (
  <>
    <th>Accelerator</th>
    <th>Provider / region</th>
    <th>Option</th>
    <th className="num">USD / accelerator-hour</th>
    <th className="num" title="The price the scenario editor, the optimizer and the simulation use: + on-prem electricity at 80 % busy">
      All-in at 80 % busy
    </th>
    <th>Source</th>
  </>
)

const CARBON_HEAD = (
  <>
    <th>Provider / region</th>
    <th>Location</th>
    <th className="num">gCO2e/kWh</th>
    <th className="num">PUE</th>
  </>
)

export function AcceleratorTable({ cat }: { cat: Catalog }) {
  return (
    <Table testId="catalog-accelerators" head={ACCELERATORS_HEAD}>
      {cat.accelerators.map((a) => (
        <tr key={a.id} title={`${a.source.url} (${a.source.date})${a.source.note ? ` — ${a.source.note}` : ''}`}>
          <td>
            {a.name} <span className="muted">({a.kind})</span>
          </td>
          {(['memoryGb', 'bf16DenseTflops', 'fp8DenseTflops', 'tdpW'] as const).map((f) => (
            <td key={f} className="num">
              <OverrideCell value={a[f]} overridden={!!a.overridden?.includes(f)} kind="accelerator" k={a.id} field={f} digits={0} />
              {a.uncertain?.includes(f) ? <Unverified /> : null}
            </td>
          ))}
          <td className="cell-sub">{a.interconnect}</td>
          <td className="cell-sub">
            {a.source.date} · {new URL(a.source.url).hostname}
          </td>
        </tr>
      ))}
    </Table>
  )
}

/** Price rows: the figure you can override, and the all-in price every screen uses (energy added on-prem). */
export function PriceTable({ cat, prices }: { cat: Catalog; prices: PoolPrice[] }) {
  const allIn = new Map(prices.map((p) => [p.key, p]))
  return (
    <Table testId="catalog-prices" head={PRICES_HEAD}>
      {cat.prices.map((p) => {
        const all = allIn.get(poolKey(p))
        return (
          <tr key={poolKey(p)} title={`${p.source} (${p.date})`} data-testid="price-row" data-key={poolKey(p)}>
            <td>{p.accelerator}</td>
            <td>
              {p.provider}/{p.region}
            </td>
            <td>
              {p.option}
              {p.option === 'spot' && p.interruptionPerMonth !== undefined ? <span className="cell-sub"> · {Math.round(p.interruptionPerMonth * 100)} %/month interrupted</span> : null}
            </td>
            <td className="num">
              <OverrideCell value={p.usdPerAccelHour} overridden={!!p.overridden?.includes('usdPerAccelHour')} kind="price" k={poolKey(p)} field="usdPerAccelHour" />
              {p.uncertain?.includes('usdPerAccelHour') ? <Unverified /> : null}
            </td>
            <td className="num" data-testid="price-all-in">
              {all ? moneyRate(all.usdPerHour) : '—'}
              {all && all.energyUsdPerHour > 0 ? <span className="cell-sub"> incl. energy</span> : null}
            </td>
            <td className="cell-sub cell-ellipsis">
              {p.date} · {p.source}
            </td>
          </tr>
        )
      })}
    </Table>
  )
}

export function ThroughputTable({ cat }: { cat: Catalog }) {
  const classes = cat.throughput.classes
  return (
    <Table
      testId="catalog-throughput"
      head={
        <>
          <th>Accelerator (H100 = 1)</th>
          {classes.map((c) => (
            <th key={c.id} className="num">
              {c.label}
            </th>
          ))}
          <th>Basis</th>
        </>
      }
    >
      {cat.throughput.entries.map((e) => (
        <tr key={e.accelerator} title={`${e.source} (${e.date})`}>
          <td>{e.accelerator}</td>
          {classes.map((c) => (
            <td key={c.id} className="num">
              <OverrideCell value={e.values[c.id] ?? null} overridden={!!e.overridden?.includes(c.id)} kind="throughput" k={`${e.accelerator}|${c.id}`} field="value" digits={2} />
            </td>
          ))}
          <td className="cell-sub">{e.basis}</td>
        </tr>
      ))}
    </Table>
  )
}

export function CarbonTable({ cat }: { cat: Catalog }) {
  return (
    <Table testId="catalog-carbon" head={CARBON_HEAD}>
      {cat.carbon.regions.map((r) => (
        <tr key={`${r.provider}|${r.region}`} title={r.source}>
          <td>
            {r.provider}/{r.region}
          </td>
          <td>{r.location}</td>
          <td className="num">
            <OverrideCell value={r.gridGco2ePerKwh} overridden={!!r.overridden?.includes('gridGco2ePerKwh')} kind="carbon" k={`${r.provider}|${r.region}`} field="gridGco2ePerKwh" digits={1} />
          </td>
          <td className="num">
            <OverrideCell value={r.pue} overridden={!!r.overridden?.includes('pue')} kind="carbon" k={`${r.provider}|${r.region}`} field="pue" digits={3} />
          </td>
        </tr>
      ))}
    </Table>
  )
}
