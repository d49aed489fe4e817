/**
 * Accelerator type and count of a billing line, from the instance catalog in
 * resources/catalog/instance-types.json (instance / machine / VM size name → accelerator, count).
 * Names are found anywhere in the line's SKU, meter, description or the provider's instance-type column,
 * in the spellings providers use (`Standard_ND96isr_H100_v5` or `ND96isr H100 v5`, any case).
 */
import catalog from '../../../resources/catalog/instance-types.json'

export interface InstanceTypeEntry {
  name: string
  provider: string
  accelerator: string
  count: number
  source: { url: string; date: string | null; note?: string }
}

export interface AcceleratorMatch {
  type: string | null
  count: number | null
}

export const INSTANCE_TYPES: readonly InstanceTypeEntry[] = (catalog as { instanceTypes: InstanceTypeEntry[] }).instanceTypes

const NONE: AcceleratorMatch = { type: null, count: null }

/** Lookup key: lower case, Azure's `Standard_` prefix dropped, spaces and underscores alike. */
const norm = (s: string): string => s.toLowerCase().replace(/^standard_/, '').replace(/ /g, '_')

const BY_NAME = new Map(INSTANCE_TYPES.map((e) => [norm(e.name), e]))

/** One pass over a text finds any catalog name: longest names first so `p5en.48xlarge` beats `p5e…`. */
const NAME_RE = new RegExp(
  `(?<![a-z0-9.])(?:standard_)?(${[...BY_NAME.keys()]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/_/g, '[ _]'))
    .join('|')})(?![a-z0-9])`,
  'i',
)

/** Accelerator names in free text (GPU SKUs billed per GPU-hour, descriptions without an instance name). */
const ACCELERATOR_NAMES: readonly [RegExp, string][] = [
  [/\bMI325X\b/i, 'MI325X'],
  [/\bMI300X\b/i, 'MI300X'],
  [/\bGH200\b/i, 'GH200'],
  [/\bH200\b/i, 'H200'],
  [/\bH100\b/i, 'H100'],
  [/\bB200\b/i, 'B200'],
  [/\bA100\b/i, 'A100'],
  [/\bL40S\b/i, 'L40S'],
  [/\bGaudi ?3\b/i, 'Gaudi3'],
  [/\btpu[- ]?v5p\b/i, 'TPUv5p'],
  [/\btpu[- ]?v5 ?(e|lite)\b/i, 'TPUv5e'],
  [/\btpu[- ]?v6e\b|\btrillium\b/i, 'TPUv6e'],
  [/\btrainium ?2\b/i, 'Trainium2'],
  [/\binferentia ?2\b/i, 'Inferentia2'],
]

export function instanceType(name: string): InstanceTypeEntry | undefined {
  return BY_NAME.get(norm(name))
}

/** First catalog instance named in `texts` (in order), else an accelerator named in them, else none. */
export function acceleratorFor(texts: readonly (string | null | undefined)[]): AcceleratorMatch {
  for (const t of texts) {
    if (!t) continue
    const m = NAME_RE.exec(t)
    if (m?.[1]) {
      const e = BY_NAME.get(norm(m[1]))
      if (e) return { type: e.accelerator, count: e.count }
    }
  }
  const hay = texts.filter(Boolean).join(' ').replace(/_/g, ' ')
  for (const [re, type] of ACCELERATOR_NAMES) {
    if (re.test(hay)) {
      // "8x H100", "8 x NVIDIA H100"; a GPU SKU without a count is billed per accelerator.
      const n = /\b(\d+)\s*x\s+(?:nvidia\s+|amd\s+)?[a-z]/i.exec(hay)
      return { type, count: n ? Number(n[1]) : null }
    }
  }
  return NONE
}
