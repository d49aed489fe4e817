/**
 * The catalog: bundled defaults (resources/catalog/*.json, every figure with source and date) merged with the
 * workspace's overrides (table catalog_override), which stay apart so the UI can show which figures are the
 * user's and a reset brings the default back.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiError } from '../../shared/errors'
import type {
  Accelerator,
  Catalog,
  CatalogOverride,
  CatalogOverrideInput,
  CarbonRegion,
  OnPremDefaults,
  OverrideKind,
  PriceEntry,
  PurchaseOption,
  Scenario,
  Sourced,
  ThroughputEntry,
  WorkloadClass,
  WorkloadClassInfo,
} from '../../shared/scenario-types'
import { WORKLOAD_CLASSES } from '../../shared/scenario-types'
import type { Db } from '../db/open'
import { resourceDir } from './resource-dir'

/** resources/catalog beside the app: FLEETPLAN_RESOURCES (packaged app), else found walking up from here. */
export function catalogDir(): string {
  return resourceDir('catalog', 'accelerators.json')
}

interface RawPrices {
  entries: PriceEntry[]
  commitmentDiscounts: (Sourced & { provider: string; option: PurchaseOption; discount: number })[]
  onPrem: { defaults: OnPremDefaults; capex: (Sourced & { accelerator: string; usdPerAccel: number })[] }
}
interface RawGavel {
  source: string
  date: string
  jobs: { jobType: string; workloadClass: WorkloadClass | null; throughput: Record<string, number> }[]
}

export interface Defaults {
  updated: string
  accelerators: Accelerator[]
  prices: RawPrices
  carbon: { rangePct: number; regions: CarbonRegion[] }
  throughput: { reference: string; classes: WorkloadClassInfo[]; entries: ThroughputEntry[] }
  gavel: RawGavel
}

let cached: { dir: string; defaults: Defaults } | null = null

export function loadDefaults(dir = catalogDir()): Defaults {
  if (cached?.dir === dir) return cached.defaults
  const read = <T>(f: string): T => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T
  const acc = read<{ updated: string; accelerators: Accelerator[] }>('accelerators.json')
  const defaults: Defaults = {
    updated: acc.updated,
    accelerators: acc.accelerators,
    prices: read<RawPrices>('prices.json'),
    carbon: read<{ rangePct: number; regions: CarbonRegion[] }>('carbon.json'),
    throughput: read<Defaults['throughput']>('throughput.json'),
    gavel: read<RawGavel>('gavel-throughput.json'),
  }
  cached = { dir, defaults }
  return defaults
}

export const priceKey = (p: { accelerator: string; provider: string; region: string; option: string }): string =>
  `${p.accelerator}|${p.provider}|${p.region}|${p.option}`

const geomean = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length)

/** K80 and P100 relative to V100 per workload class, from Gavel's measured throughputs (geometric mean over job types). */
export function gavelRatios(g: RawGavel): Record<string, Partial<Record<WorkloadClass, number>>> {
  const out: Record<string, Partial<Record<WorkloadClass, number>>> = {}
  for (const worker of ['K80', 'P100']) {
    const byClass: Partial<Record<WorkloadClass, number[]>> = {}
    for (const j of g.jobs) {
      const v = j.throughput.V100
      const w = j.throughput[worker]
      if (!j.workloadClass || !v || !w) continue
      ;(byClass[j.workloadClass] ??= []).push(w / v)
    }
    out[worker] = Object.fromEntries(Object.entries(byClass).map(([k, xs]) => [k, geomean(xs)]))
  }
  return out
}

export function listOverrides(db: Db): CatalogOverride[] {
  const rows = db.prepare('SELECT kind, key, field, value, note, updated_at FROM catalog_override ORDER BY kind, key, field').all() as {
    kind: OverrideKind
    key: string
    field: string
    value: number
    note: string
    updated_at: string
  }[]
  return rows.map((r) => ({ kind: r.kind, key: r.key, field: r.field, value: r.value, note: r.note, updatedAt: r.updated_at }))
}

const mark = <T extends { overridden?: string[] }>(rec: T, field: string): void => {
  rec.overridden = [...(rec.overridden ?? []), field]
}

/** Defaults + derived rows + the workspace's overrides. */
export function buildCatalog(d: Defaults, overrides: CatalogOverride[]): Catalog {
  const clone = <T>(x: T): T => structuredClone(x)
  const accelerators = clone(d.accelerators)
  const onPrem = clone(d.prices.onPrem)
  const carbonRegions = clone(d.carbon.regions)
  const throughput = clone(d.throughput)

  // Legacy GPUs from Gavel: V100's row × Gavel's K80/P100-to-V100 ratio.
  const v100 = throughput.entries.find((e) => e.accelerator === 'V100')
  if (v100) {
    const ratios = gavelRatios(d.gavel)
    for (const [worker, r] of Object.entries(ratios)) {
      const values: Partial<Record<WorkloadClass, number>> = {}
      for (const c of WORKLOAD_CLASSES) {
        const base = v100.values[c] ?? 0
        const ratio = r[c] ?? r['vision'] ?? 1
        values[c] = Math.round(base * ratio * 1000) / 1000
      }
      throughput.entries.push({
        accelerator: worker,
        values,
        basis: 'gavel',
        source: `Gavel ${worker}/V100 geometric-mean throughput ratio per class (${d.gavel.source}) × the V100 row; classes without a Gavel job use the vision ratio`,
        date: d.gavel.date,
      })
    }
  }

  for (const o of overrides) {
    if (o.kind === 'accelerator') {
      const a = accelerators.find((x) => x.id === o.key)
      if (a && o.field in a) {
        ;(a as unknown as Record<string, number>)[o.field] = o.value
        mark(a, o.field)
      }
    } else if (o.kind === 'carbon') {
      const r = carbonRegions.find((x) => `${x.provider}|${x.region}` === o.key)
      if (r && (o.field === 'gridGco2ePerKwh' || o.field === 'pue')) {
        r[o.field] = o.value
        mark(r, o.field)
      }
    } else if (o.kind === 'throughput') {
      const [acc, cls] = o.key.split('|')
      let e = throughput.entries.find((x) => x.accelerator === acc)
      if (!e && acc) {
        e = { accelerator: acc, values: {}, basis: 'telemetry', source: 'user override', date: o.updatedAt.slice(0, 10) }
        throughput.entries.push(e)
      }
      if (e && cls) {
        e.values[cls as WorkloadClass] = o.value
        mark(e, cls)
      }
    } else if (o.kind === 'onprem') {
      if (o.key === 'defaults' && o.field in onPrem.defaults) {
        ;(onPrem.defaults as unknown as Record<string, number>)[o.field] = o.value
        mark(onPrem.defaults, o.field)
      } else if (o.key.startsWith('capex|')) {
        const acc = o.key.slice(6)
        let c = onPrem.capex.find((x) => x.accelerator === acc)
        if (!c) {
          c = { accelerator: acc, usdPerAccel: o.value, source: 'user override', date: o.updatedAt.slice(0, 10) }
          onPrem.capex.push(c)
        }
        c.usdPerAccel = o.value
        mark(c, 'usdPerAccel')
      }
    }
  }

  // Price rows: cited rows, then reserved/committed derived from on-demand × (1 − published discount), then on-prem.
  const prices: PriceEntry[] = clone(d.prices.entries)
  const explicit = new Set(prices.map(priceKey))
  for (const od of d.prices.entries.filter((e) => e.option === 'on-demand')) {
    for (const disc of d.prices.commitmentDiscounts.filter((x) => x.provider === od.provider)) {
      const row: PriceEntry = {
        accelerator: od.accelerator,
        provider: od.provider,
        region: od.region,
        option: disc.option,
        usdPerAccelHour: Math.round(od.usdPerAccelHour * (1 - disc.discount) * 10000) / 10000,
        source: `derived: on-demand ${od.usdPerAccelHour} × (1 − ${disc.discount}); discount: ${disc.source}`,
        date: disc.date,
        derived: true,
        uncertain: ['usdPerAccelHour'],
      }
      if (!explicit.has(priceKey(row))) prices.push(row)
    }
  }
  const def = onPrem.defaults
  for (const c of onPrem.capex) {
    const perHour = c.usdPerAccel / (def.lifeYears * 8760) + def.hostingUsdPerAccelHour
    prices.push({
      accelerator: c.accelerator,
      provider: 'onprem',
      region: 'onprem-us-east',
      option: 'on-prem',
      usdPerAccelHour: Math.round(perHour * 10000) / 10000,
      source: `derived: capex $${c.usdPerAccel} ÷ (${def.lifeYears} y × 8,760 h) + hosting $${def.hostingUsdPerAccelHour}/h; energy (power × PUE × electricity) is added by utilisation. Capex: ${c.source}`,
      date: c.date,
      derived: true,
      ...(c.uncertain ? { uncertain: c.uncertain } : {}),
    })
  }
  for (const o of overrides.filter((x) => x.kind === 'price')) {
    const p = prices.find((x) => priceKey(x) === o.key)
    if (p && (o.field === 'usdPerAccelHour' || o.field === 'interruptionPerMonth')) {
      p[o.field] = o.value
      mark(p, o.field)
    } else if (!p && o.field === 'usdPerAccelHour') {
      const [accelerator, provider, region, option] = o.key.split('|')
      if (accelerator && provider && region && option)
        prices.push({ accelerator, provider, region, option: option as PurchaseOption, usdPerAccelHour: o.value, source: 'user override', date: o.updatedAt.slice(0, 10), overridden: ['usdPerAccelHour'] })
    }
  }

  return {
    updated: d.updated,
    accelerators,
    prices,
    onPrem,
    carbon: { rangePct: d.carbon.rangePct, regions: carbonRegions },
    throughput,
    overrides,
    attribution: [
      'Grid carbon intensity: Cloud Carbon Footprint coefficients (cloud-carbon-footprint/ccf-coefficients), Apache License 2.0.',
      "Legacy GPU throughput: Gavel (stanford-futuredata/gavel, Narayanan et al., OSDI '20), MIT licence.",
      'Cloud list prices: cited from the SkyPilot-format catalog snapshot anycloud-sh/catalog (2026-05-20); the providers’ public list prices.',
    ],
  }
}

export function getCatalog(db: Db): Catalog {
  return buildCatalog(loadDefaults(), listOverrides(db))
}

const OVERRIDABLE: Record<OverrideKind, (key: string, field: string, d: Defaults) => boolean> = {
  accelerator: (key, field, d) => d.accelerators.some((a) => a.id === key) && ['memoryGb', 'bf16DenseTflops', 'fp8DenseTflops', 'tdpW', 'idleW'].includes(field),
  price: (key, field) => key.split('|').length === 4 && ['usdPerAccelHour', 'interruptionPerMonth'].includes(field),
  carbon: (key, field, d) => d.carbon.regions.some((r) => `${r.provider}|${r.region}` === key) && ['gridGco2ePerKwh', 'pue'].includes(field),
  throughput: (key, field) => {
    const [acc, cls] = key.split('|')
    return !!acc && (WORKLOAD_CLASSES as readonly string[]).includes(cls ?? '') && field === 'value'
  },
  onprem: (key, field) =>
    (key === 'defaults' && ['lifeYears', 'electricityUsdPerKwh', 'hostingUsdPerAccelHour', 'pue'].includes(field)) || (key.startsWith('capex|') && field === 'usdPerAccel'),
}

/** Stores (or with value null, removes) one override. */
export function setOverride(
  db: Db,
  o: CatalogOverrideInput,
  now: () => Date,
): CatalogOverride[] {
  if (!OVERRIDABLE[o.kind](o.key, o.field, loadDefaults())) {
    throw new ApiError({ code: 'invalid-input', message: `Cannot override ${o.kind} "${o.key}" field "${o.field}": unknown record or field.` })
  }
  if (o.value === null) {
    db.prepare('DELETE FROM catalog_override WHERE kind = ? AND key = ? AND field = ?').run(o.kind, o.key, o.field)
  } else {
    db.prepare(
      `INSERT INTO catalog_override (kind, key, field, value, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, key, field) DO UPDATE SET value = excluded.value, note = excluded.note, updated_at = excluded.updated_at`,
    ).run(o.kind, o.key, o.field, o.value, o.note, now().toISOString())
  }
  return listOverrides(db)
}

// ---- lookups used by the simulator and the optimizer ----

export interface PoolFacts {
  accelerator: Accelerator
  price: PriceEntry
  carbon: { gridGco2ePerKwh: number; pue: number }
  /** Electricity billed separately (on-prem only); cloud prices include energy. */
  electricityUsdPerKwh: number
  throughput: Partial<Record<WorkloadClass, number>>
}

export function poolFacts(
  cat: Catalog,
  p: { accelerator: string; provider: string; region: string; option: PurchaseOption },
  onPrem: NonNullable<Scenario['onPrem']> = {},
  /** A scenario's own price for the pool (e.g. observed in billing): used when the catalog has none. */
  scenarioPrice?: number,
): PoolFacts {
  const accelerator = cat.accelerators.find((a) => a.id === p.accelerator)
  if (!accelerator) throw new ApiError({ code: 'invalid-input', message: `Unknown accelerator "${p.accelerator}". Known: ${cat.accelerators.map((a) => a.id).join(', ')}.` })
  let price = cat.prices.find((x) => priceKey(x) === priceKey(p))
  const d = cat.onPrem.defaults
  const def = {
    ...d,
    lifeYears: onPrem.lifeYears ?? d.lifeYears,
    electricityUsdPerKwh: onPrem.electricityUsdPerKwh ?? d.electricityUsdPerKwh,
    hostingUsdPerAccelHour: onPrem.hostingUsdPerAccelHour ?? d.hostingUsdPerAccelHour,
    pue: onPrem.pue ?? d.pue,
  }
  if (price && p.option === 'on-prem' && (onPrem.lifeYears !== undefined || onPrem.hostingUsdPerAccelHour !== undefined)) {
    const capex = cat.onPrem.capex.find((c) => c.accelerator === p.accelerator)
    if (capex) price = { ...price, usdPerAccelHour: capex.usdPerAccel / (def.lifeYears * 8760) + def.hostingUsdPerAccelHour }
  }
  if (!price && scenarioPrice !== undefined) {
    price = { ...p, usdPerAccelHour: scenarioPrice, source: 'scenario price (e.g. observed cost per accelerator-hour in billing)', date: '' }
  }
  if (!price) {
    const known = cat.prices.filter((x) => x.accelerator === p.accelerator).map((x) => `${x.provider}/${x.region}/${x.option}`)
    throw new ApiError({
      code: 'invalid-input',
      message: `No price for ${p.accelerator} at ${p.provider}/${p.region}/${p.option}. Priced: ${known.join(', ') || 'none'} (add a price override).`,
    })
  }
  const region = cat.carbon.regions.find((r) => r.provider === p.provider && r.region === p.region) ?? cat.carbon.regions.find((r) => r.region === p.region)
  const carbon = region
    ? { gridGco2ePerKwh: region.gridGco2ePerKwh, pue: p.option === 'on-prem' ? def.pue : region.pue }
    : { gridGco2ePerKwh: 400, pue: p.option === 'on-prem' ? def.pue : 1.2 }
  const thr = cat.throughput.entries.find((e) => e.accelerator === p.accelerator)?.values ?? {}
  return { accelerator, price, carbon, electricityUsdPerKwh: p.option === 'on-prem' ? def.electricityUsdPerKwh : 0, throughput: thr }
}

/** Can this accelerator run this class at all (memory, training support, FP8, non-zero throughput)? */
export function compatible(a: Accelerator, thr: number | undefined, cls: WorkloadClassInfo, minMemoryGb?: number, needsFp8?: boolean): boolean {
  if (!thr || thr <= 0) return false
  if (a.memoryGb < (minMemoryGb ?? cls.minMemoryGb)) return false
  if (cls.training && a.capabilities.includes('inference-only')) return false
  if ((needsFp8 ?? cls.needsFp8) && a.fp8DenseTflops === null) return false
  return true
}
