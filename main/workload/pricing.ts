/**
 * Catalog prices for workloads no billing line identifies: the price of the workload's own pool when the
 * catalog lists it (type × provider × region × purchase option), else the median on-demand list price of its
 * accelerator type across the catalog. Either way the basis is written next to the cost.
 */
import type { Catalog } from '../../shared/scenario-types'
import type { Db } from '../db/open'
import { getCatalog } from '../catalog/catalog'
import { providerId, purchaseOption } from '../simulate/scenarios'

export interface Priced {
  usdPerAccelHour: number
  basis: string
}

export interface PriceBook {
  price(type: string, where?: { provider?: string | null; region?: string | null; pricingCategory?: string | null }): Priced | null
  /** Median on-demand price per catalog accelerator id (what policies price requests with). */
  medianOnDemand(): Record<string, number>
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

export function priceBook(catalog: Catalog): PriceBook {
  const onDemand = new Map<string, number[]>()
  for (const p of catalog.prices) {
    if (p.option !== 'on-demand') continue
    const list = onDemand.get(p.accelerator) ?? []
    list.push(p.usdPerAccelHour)
    onDemand.set(p.accelerator, list)
  }
  const medians = Object.fromEntries([...onDemand].map(([k, v]) => [k, Math.round(median(v) * 1e4) / 1e4]))
  return {
    price(type, where = {}) {
      if (where.provider) {
        const provider = providerId(where.provider)
        const option = purchaseOption(where.pricingCategory ?? null, null)
        const exact = catalog.prices.find((p) => p.accelerator === type && p.provider === provider && p.region === where.region && p.option === option)
        if (exact) return { usdPerAccelHour: exact.usdPerAccelHour, basis: `catalog ${option} price of ${type} at ${provider}/${exact.region} $${exact.usdPerAccelHour}/accelerator-hour` }
      }
      const m = medians[type]
      if (m === undefined) return null
      const n = onDemand.get(type)?.length ?? 0
      return { usdPerAccelHour: m, basis: `median catalog on-demand price of ${type} (${n} offer${n === 1 ? '' : 's'}) $${m}/accelerator-hour` }
    },
    medianOnDemand: () => ({ ...medians }),
  }
}

export function workspacePriceBook(db: Db): PriceBook {
  return priceBook(getCatalog(db))
}
