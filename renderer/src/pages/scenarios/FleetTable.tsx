import type { Catalog, FleetPool, PoolPrice, PurchaseOption, Scenario } from '../../../../shared/scenario-types'
import { Table } from '../../components/Table'
import { NumberInput } from './NumberInput'
import { fixed, poolKey } from './pool-label'
import { moneyRate } from '../../format'
import { Options } from '../../components/ui'

/** The price column: the one price function's figure, with how it is made up on hover. */
function PriceCell({ price }: { price: PoolPrice | undefined }) {
  if (!price) return <span className="muted">no price</span>
  const parts = [`${moneyRate(price.fixedUsdPerHour)} ${price.source === 'scenario' ? 'observed in billing' : price.source === 'yours' ? 'your price' : 'catalog price'}`]
  if (price.energyUsdPerHour > 0) parts.push(`${moneyRate(price.energyUsdPerHour)} electricity at ${Math.round(price.utilisation * 100)} % busy`)
  return (
    <span title={parts.join(' + ')} data-testid="mix-price">
      ${fixed(price.usdPerHour, 3)}
      {price.source === 'scenario' ? <span className="cell-sub"> observed</span> : null}
    </span>
  )
}

/** The fleet mix of the open scenario: accelerator, where and how it is bought, how many. */
export function FleetTable({ draft, cat, prices, edit }: { draft: Scenario; cat: Catalog; prices: PoolPrice[]; edit: (s: Scenario) => void }) {
  const byKey = new Map(prices.map((p) => [p.key, p]))
  const setPool = (i: number, p: FleetPool): void => edit({ ...draft, fleet: draft.fleet.map((f, j) => (j === i ? p : f)) })
  const placeOptions = (acc: string): string[] => [...new Set(prices.filter((p) => p.accelerator === acc).map((p) => `${p.provider}|${p.region}|${p.option}`))]
  return (
    <>
      <Table
        testId="mix-table"
        head={
          <>
            <th>Accelerator</th>
            <th>Provider / region / purchase option</th>
            <th className="num">Count</th>
            <th className="num" title="The price the optimizer and the simulation use: fixed price + on-prem electricity at 80 % busy">
              USD per accelerator-hour at 80 % busy
            </th>
            <th />
          </>
        }
      >
        {draft.fleet.map((f, i) => {
          const places = placeOptions(f.accelerator)
          const here = `${f.provider}|${f.region}|${f.option}`
          return (
            <tr key={i} data-testid="mix-row">
              <td>
                <select
                  aria-label="Accelerator"
                  value={f.accelerator}
                  onChange={(e) => {
                    const first = prices.find((p) => p.accelerator === e.target.value)
                    setPool(i, first ? { ...f, accelerator: e.target.value, provider: first.provider, region: first.region, option: first.option } : { ...f, accelerator: e.target.value })
                  }}
                  data-testid="mix-accelerator"
                >
                  {cat.accelerators.map((a) => <option key={a.id}>{a.id}</option>)}
                </select>
              </td>
              <td>
                <select
                  aria-label="Provider, region and purchase option"
                  value={here}
                  onChange={(e) => {
                    const [provider, region, option] = e.target.value.split('|') as [string, string, PurchaseOption]
                    setPool(i, { ...f, provider, region, option })
                  }}
                  data-testid="mix-place"
                >
                  <Options values={(places.includes(here) ? places : [here, ...places])} label={(p) => p.replaceAll('|', ' · ')} />
                </select>
              </td>
              <td className="num">
                <NumberInput value={f.count} onChange={(v) => setPool(i, { ...f, count: Math.max(0, Math.round(v)) })} min={0} label="Count" testId="mix-count" />
              </td>
              <td className="num">
                <PriceCell price={byKey.get(poolKey(f))} />
              </td>
              <td className="cell-actions">
                <button type="button" className="btn btn-ghost btn-small" onClick={() => edit({ ...draft, fleet: draft.fleet.filter((_, j) => j !== i) })} disabled={draft.fleet.length <= 1}>
                  Remove
                </button>
              </td>
            </tr>
          )
        })}
      </Table>
      <button
        type="button"
        className="btn btn-small"
        data-testid="mix-add"
        onClick={() => {
          const p = prices.find((x) => x.accelerator === 'H200') ?? prices[0]
          if (p) edit({ ...draft, fleet: [...draft.fleet, { accelerator: p.accelerator, provider: p.provider, region: p.region, option: p.option, count: 8 }] })
        }}
      >
        Add pool
      </button>
    </>
  )
}
