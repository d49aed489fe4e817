/**
 * The one price of a pool, shared by the scenario editor (pool-prices), the optimizer (prepare) and the
 * simulation (compileScenario): what an accelerator of the pool costs per hour, and what it emits, when it is
 * busy a given fraction of the time.
 *
 *   USD/h = (fixed + (idle kW + utilisation × (TDP − idle) kW) × PUE × electricity) × price multiplier
 *   fixed = the scenario's own price for the pool (e.g. observed in billing), else the catalog's
 *           (cloud list / derived reserved price; on-prem capex ÷ life + hosting)
 *
 * Cloud prices include energy (electricity 0); on-prem electricity is billed by use. The simulation charges
 * the same energy by the busy hours it simulates, so its cost per accelerator-hour equals this function at the
 * utilisation it observed.
 */
import type { Catalog, PoolPrice, PoolPricing, PoolRef, PurchaseOption, Scenario } from '../../shared/scenario-types'
import { poolFacts, priceKey } from './catalog'

/** The utilisation the editor quotes prices at: the optimizer's default target utilisation. */
export const REFERENCE_UTILISATION = 0.8

export function poolPrice(cat: Catalog, pool: PoolRef, pricing: PoolPricing = {}, utilisation = REFERENCE_UTILISATION): PoolPrice {
  const key = priceKey(pool)
  const own = pricing.priceOverrides?.[key]
  const f = poolFacts(cat, pool, pricing.onPrem, own)
  const mult = pricing.priceMultiplier ?? 1
  const idleKw = f.accelerator.idleW / 1000
  const busyExtraKw = Math.max(0, f.accelerator.tdpW - f.accelerator.idleW) / 1000
  const kwhAtWall = (idleKw + utilisation * busyExtraKw) * f.carbon.pue
  const fixed = (own ?? f.price.usdPerAccelHour) * mult
  const electricity = f.electricityUsdPerKwh * mult
  const energy = kwhAtWall * electricity
  return {
    accelerator: pool.accelerator,
    provider: pool.provider,
    region: pool.region,
    option: pool.option,
    key,
    utilisation,
    fixedUsdPerHour: fixed,
    energyUsdPerHour: energy,
    usdPerHour: fixed + energy,
    kgCo2ePerHour: kwhAtWall * (f.carbon.gridGco2ePerKwh / 1000),
    idleKw,
    busyExtraKw,
    pue: f.carbon.pue,
    gridKgPerKwh: f.carbon.gridGco2ePerKwh / 1000,
    electricityUsdPerKwh: electricity,
    interruptionPerMonth: f.price.interruptionPerMonth ?? null,
    source: own !== undefined ? 'scenario' : f.price.overridden?.includes('usdPerAccelHour') ? 'yours' : 'catalog',
  }
}

/** The pricing inputs a scenario carries. */
export const scenarioPricing = (s: Pick<Scenario, 'priceOverrides' | 'priceMultiplier' | 'onPrem'>): PoolPricing => ({
  priceOverrides: s.priceOverrides,
  priceMultiplier: s.priceMultiplier,
  onPrem: s.onPrem,
})

/**
 * Every pool the editor can pick, priced: the catalog's priced pools plus the pools only the scenario prices
 * (e.g. observed in billing), in catalog order.
 */
export function pricedPools(cat: Catalog, pricing: PoolPricing = {}, utilisation = REFERENCE_UTILISATION): PoolPrice[] {
  const refs: PoolRef[] = cat.prices.map((p) => ({ accelerator: p.accelerator, provider: p.provider, region: p.region, option: p.option }))
  const known = new Set(refs.map(priceKey))
  for (const key of Object.keys(pricing.priceOverrides ?? {})) {
    if (known.has(key)) continue
    const [accelerator, provider, region, option] = key.split('|')
    if (accelerator && provider && region && option && cat.accelerators.some((a) => a.id === accelerator)) {
      refs.push({ accelerator, provider, region, option: option as PurchaseOption })
      known.add(key)
    }
  }
  return refs.map((r) => poolPrice(cat, r, pricing, utilisation))
}
