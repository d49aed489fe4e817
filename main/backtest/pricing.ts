/**
 * Prices for each demand column from the catalog (with the workspace's overrides): the column's catalog
 * accelerator (by `--map`, else its own name), the price book of one provider and region, and the purchase
 * options the user allows. On-prem is priced as the catalog does (capex ÷ life + hosting, plus power ×
 * PUE × electricity — idle power every hour, the rest only when busy); spot as the procurement optimizer
 * does (each paid hour does 1 − monthly interruption rate of useful work, at most DEFAULT_SPOT_CAP at once).
 */
import { COMMITTED_OPTIONS, type TypePrices } from '../../shared/backtest-types'
import { ApiError, type FileProblem } from '../../shared/errors'
import type { Catalog, PriceEntry, PurchaseOption } from '../../shared/scenario-types'
import { poolFacts } from '../catalog/catalog'
import { DEFAULT_SPOT_CAP } from '../optimize/milp'

export interface PricingRequest {
  types: string[]
  /** Column name → catalog accelerator id. */
  map: Record<string, string>
  provider?: string | undefined
  region?: string | undefined
  options: PurchaseOption[]
  /** Where each column's accelerators ran, when known (the workspace's billing): tried before the cheapest price book. */
  seenAt?: Record<string, { provider: string; region: string }> | undefined
  /** The demand file, for located errors about a column name (its header); absent for the workspace's own history. */
  file?: string | undefined
  /** Leave out (with a note) types the catalog cannot price, instead of refusing the run: the workspace's history, whose types nobody chose. */
  skipUnpriced?: boolean | undefined
}

/** Catalog id for a column: exact, case-insensitive, or the name's first token ("A100-SXM4-80GB" → A100, "NVIDIA H100" → H100). */
export function catalogIdFor(cat: Catalog, name: string): string | null {
  const ids = cat.accelerators.map((a) => a.id)
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')
  const byNorm = new Map(ids.map((id) => [norm(id), id]))
  const direct = byNorm.get(norm(name))
  if (direct) return direct
  for (const token of name.replace(/^(nvidia|amd|google|intel|aws)[\s_-]+/i, '').split(/[\s_-]+/)) {
    const hit = byNorm.get(norm(token))
    if (hit) return hit
  }
  return null
}

const rowKey = (p: { provider: string; region: string }) => `${p.provider}/${p.region}`

function priceRow(cat: Catalog, accelerator: string, provider: string, region: string, option: PurchaseOption): PriceEntry | undefined {
  return cat.prices.find((p) => p.accelerator === accelerator && p.provider === provider && p.region === region && p.option === option)
}

function describeSource(p: PriceEntry): string {
  return `${p.provider}/${p.region} ${p.option} $${p.usdPerAccelHour}/h (${p.source}${p.date ? `, ${p.date}` : ''})`
}

export function resolvePrices(cat: Catalog, req: PricingRequest): { prices: TypePrices[]; notes: string[]; skipped: string[] } {
  const notes: string[] = []
  const problems: FileProblem[] = []
  const file = req.file ?? 'the accelerator-hours history'
  const skipped: string[] = []
  /** A problem with one type: refused, or left out when the request says so. */
  const unpriced = (type: string, message: string) => {
    if (req.skipUnpriced) {
      skipped.push(type)
      notes.push(`${type} left out: ${message}.`)
    } else problems.push({ file, line: 1, column: type, message })
  }
  for (const [col, id] of Object.entries(req.map)) {
    if (!req.types.includes(col)) problems.push({ file, line: 1, column: col, message: `--map ${col}=${id}: the history has no column "${col}" (columns: ${req.types.join(', ')})` })
    if (!cat.accelerators.some((a) => a.id === id)) problems.push({ file, line: 1, column: col, message: `--map ${col}=${id}: "${id}" is not a catalog accelerator (known: ${cat.accelerators.map((a) => a.id).join(', ')})` })
  }
  if (req.provider && !cat.prices.some((p) => p.provider === req.provider && (!req.region || p.region === req.region))) {
    const known = [...new Set(cat.prices.filter((p) => p.provider !== 'onprem').map(rowKey))]
    throw new ApiError({ code: 'invalid-input', message: `No prices for ${req.provider}${req.region ? `/${req.region}` : ''} in the catalog. Price books: ${known.join(', ')}.` })
  }
  const out: TypePrices[] = []
  for (const type of req.types) {
    const accelerator = req.map[type] ?? catalogIdFor(cat, type)
    if (!accelerator || !cat.accelerators.some((a) => a.id === accelerator)) {
      unpriced(type, `"${type}" is not a catalog accelerator; ${req.file ? `map it to one, e.g. --map ${type}=A100 (known: ${cat.accelerators.map((a) => a.id).join(', ')})` : 'choose one to price it as ("Priced as", or --map)'}`)
      continue
    }
    const od = cat.prices.filter((p) => p.accelerator === accelerator && p.option === 'on-demand')
    let book: { provider: string; region: string } | undefined
    if (req.provider) {
      const regions = [...new Set(cat.prices.filter((p) => p.accelerator === accelerator && p.provider === req.provider).map((p) => p.region))]
      const region = req.region ?? regions.find((r) => priceRow(cat, accelerator, req.provider as string, r, 'on-demand')) ?? regions[0]
      if (!region) {
        unpriced(type, `${accelerator} has no ${req.provider} price (priced at: ${[...new Set(cat.prices.filter((p) => p.accelerator === accelerator).map(rowKey))].join(', ') || 'nowhere'}); choose another provider or map ${type} to a priced type`)
        continue
      }
      book = { provider: req.provider, region }
    } else {
      const seen = req.seenAt?.[type]
      if (seen && priceRow(cat, accelerator, seen.provider, seen.region, 'on-demand')) book = seen
      else {
        // Where it ran is not priced: the same provider's cheapest region, else the cheapest anywhere.
        const sorted = [...od].sort((a, b) => a.usdPerAccelHour - b.usdPerAccelHour)
        const cheapest = sorted.find((p) => p.provider === seen?.provider) ?? sorted[0]
        book = cheapest ? { provider: cheapest.provider, region: cheapest.region } : { provider: 'onprem', region: 'onprem-us-east' }
        if (seen) notes.push(`${type}: ${seen.provider}/${seen.region} has no on-demand price for ${accelerator} in the catalog; priced at ${rowKey(book)}.`)
      }
    }
    const allowed = new Set(req.options)
    const committed: TypePrices['committed'] = []
    for (const option of COMMITTED_OPTIONS) {
      if (!allowed.has(option)) continue
      const at = option === 'on-prem' ? cat.prices.find((p) => p.accelerator === accelerator && p.option === 'on-prem') : priceRow(cat, accelerator, book.provider, book.region, option)
      if (!at) {
        notes.push(`${type}: no ${option} price for ${accelerator}${option === 'on-prem' ? '' : ` at ${rowKey(book)}`}; not offered.`)
        continue
      }
      const f = poolFacts(cat, { accelerator, provider: at.provider, region: at.region, option })
      const kwh = (w: number) => (w / 1000) * f.carbon.pue * f.electricityUsdPerKwh
      committed.push({
        option: option,
        fixedUsdPerHour: f.price.usdPerAccelHour + kwh(f.accelerator.idleW),
        busyUsdPerHour: kwh(Math.max(0, f.accelerator.tdpW - f.accelerator.idleW)),
        source: option === 'on-prem' ? `${describeSource(at)}; power ${f.accelerator.idleW}–${f.accelerator.tdpW} W × PUE ${f.carbon.pue} × $${f.electricityUsdPerKwh}/kWh` : describeSource(at),
      })
    }
    const odRow = allowed.has('on-demand') ? priceRow(cat, accelerator, book.provider, book.region, 'on-demand') : undefined
    if (allowed.has('on-demand') && !odRow) notes.push(`${type}: no on-demand price for ${accelerator} at ${rowKey(book)}; demand above the commitment is served by spot or left unmet.`)
    const spotRow = allowed.has('spot') ? priceRow(cat, accelerator, book.provider, book.region, 'spot') : undefined
    if (allowed.has('spot') && !spotRow) notes.push(`${type}: no spot price for ${accelerator} at ${rowKey(book)}; not offered.`)
    if (committed.length === 0 && !odRow && !spotRow) {
      unpriced(type, `${accelerator}: none of the options ${req.options.join(', ')} is priced at ${rowKey(book)}`)
      continue
    }
    out.push({
      type,
      accelerator,
      provider: book.provider,
      region: book.region,
      committed,
      onDemand: odRow ? { usdPerHour: odRow.usdPerAccelHour, source: describeSource(odRow) } : null,
      spot: spotRow
        ? { usdPerHour: spotRow.usdPerAccelHour, avail: 1 - Math.min(0.5, spotRow.interruptionPerMonth ?? 0.15), cap: DEFAULT_SPOT_CAP, source: describeSource(spotRow) }
        : null,
    })
  }
  if (problems.length > 0) {
    const first = problems[0]!
    if (!req.file) throw new ApiError({ code: 'invalid-input', message: `${first.column}: ${first.message}.`, issues: problems.slice(0, 5).map((p) => ({ path: `map.${p.column ?? ''}`, message: p.message })) })
    throw new ApiError({ code: 'bad-file', message: `${first.file}, line 1, column ${first.column}: ${first.message}`, problems: problems.slice(0, 5) })
  }
  if (out.length === 0) throw new ApiError({ code: 'invalid-input', message: `No accelerator type could be priced: ${notes.join(' ')}` })
  return { prices: out, notes, skipped }
}
