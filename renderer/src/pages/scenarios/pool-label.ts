/** How a pool is named on screen and keyed in lists (the catalog's own key form). */
export interface PoolLike {
  accelerator: string
  provider: string
  region: string
  option: string
}

export const poolKey = (p: PoolLike): string => `${p.accelerator}|${p.provider}|${p.region}|${p.option}`

export const poolName = (p: PoolLike): string => `${p.accelerator} ${p.option} · ${p.provider}/${p.region}`

/** "1.5" with fixed digits and thousands separators. */
export const fixed = (x: number, digits = 1): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
