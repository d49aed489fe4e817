/** Words for backtest figures that the CLI and the panel both print. */
import type { Commitment, TypePrices } from './backtest-types'
import { moneyText } from './money'

// Hourly prices under $10 keep a third decimal where it carries information ($0.745, $5.12).
const usd = (x: number): string => moneyText(x, 'USD', x < 10 ? 3 : 2).replace(/(\.\d\d)0$/, '$1')

/** "12 on-prem + 3 reserved-1y", or "none". */
export function commitmentText(c: Commitment): string {
  return (
    Object.entries(c)
      .filter(([, n]) => (n ?? 0) > 0)
      .map(([o, n]) => `${n} ${o}`)
      .join(' + ') || 'none'
  )
}

/** The hourly prices a type was replayed against: "on-demand $5.12 · spot $3.10 (80 % useful, ≤ 256) · on-prem $0.74 + $0.06 busy". */
export function pricesText(p: TypePrices): string {
  return [
    ...(p.onDemand ? [`on-demand ${usd(p.onDemand.usdPerHour)}`] : []),
    ...(p.spot ? [`spot ${usd(p.spot.usdPerHour)} (${Math.round(p.spot.avail * 100)} % useful, ≤ ${p.spot.cap})`] : []),
    ...p.committed.map((c) => `${c.option} ${usd(c.fixedUsdPerHour)}${c.busyUsdPerHour > 0 ? ` + ${usd(c.busyUsdPerHour)} busy` : ''}`),
  ].join(' · ')
}
