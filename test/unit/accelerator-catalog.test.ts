import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { INSTANCE_TYPES, acceleratorFor } from '../../main/ingest/billing/accelerator-catalog'
import { toDecimal } from '../../main/ingest/billing/billing-sink'
import { REPO_ROOT } from '../helpers/tmp'

describe('accelerator instance catalog (resources/catalog/instance-types.json)', () => {
  it('every row names a provider, an accelerator, a count and a dated source; accelerator ids match the specs catalog where it has them', () => {
    const specs = JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'catalog', 'accelerators.json'), 'utf8')) as { accelerators: { id: string }[] }
    const known = new Set(specs.accelerators.map((a) => a.id))
    // Accelerators the instance catalog covers that the specs catalog does not (yet): named as their vendors do.
    const extra = new Set(['A10G', 'L4', 'A10', 'GH200', 'Trainium1', 'Gaudi1'])
    const names = new Set<string>()
    for (const e of INSTANCE_TYPES) {
      expect(e.name).toBeTruthy()
      expect(names.has(e.name.toLowerCase()), e.name).toBe(false)
      names.add(e.name.toLowerCase())
      expect(['AWS', 'Microsoft', 'Google', 'Lambda', 'Oracle']).toContain(e.provider)
      expect(known.has(e.accelerator) || extra.has(e.accelerator), `${e.name} → ${e.accelerator}`).toBe(true)
      expect(Number.isInteger(e.count) && e.count > 0, e.name).toBe(true)
      expect(e.source.url).toMatch(/^https:\/\//)
      expect(e.source.date).toMatch(/^\d{4}-\d{2}$/)
    }
    for (const must of ['p4d.24xlarge', 'p4de.24xlarge', 'p5.48xlarge', 'p5e.48xlarge', 'p5en.48xlarge', 'p6-b200.48xlarge', 'g6e.48xlarge', 'trn1.32xlarge', 'trn2.48xlarge', 'inf2.48xlarge',
      'standard_nd96isr_h100_v5', 'standard_nd96isr_h200_v5', 'standard_nd96isr_mi300x_v5', 'standard_nd96amsr_a100_v4', 'standard_nc40ads_h100_v5',
      'a2-highgpu-8g', 'a3-highgpu-8g', 'a3-megagpu-8g', 'a4-highgpu-8g', 'g2-standard-96', 'ct5lp-hightpu-8t', 'ct5p-hightpu-4t', 'ct6e-standard-8t',
      'gpu_8x_h100_sxm5', 'gpu_1x_a100', 'bm.gpu.h100.8', 'bm.gpu.mi300x.8']) {
      expect(names.has(must), must).toBe(true)
    }
  })

  it('finds instance names in the spellings billing exports use', () => {
    const cases: [string, string, number][] = [
      ['Standard_ND96isr_H100_v5', 'H100', 8],
      ['ND96isr H100 v5', 'H100', 8],
      ['standard_nd96isr_mi300x_v5', 'MI300X', 8],
      ['$98.32 per On Demand Linux p5.48xlarge Instance Hour', 'H100', 8],
      ['USW2-BoxUsage:p5en.48xlarge', 'H200', 8],
      ['USE1-BoxUsage:p5e.48xlarge', 'H200', 8],
      ['g6e.12xlarge', 'L40S', 4],
      ['trn2.48xlarge', 'Trainium2', 16],
      ['inf2.24xlarge', 'Inferentia2', 6],
      ['a3-ultragpu-8g', 'H200', 8],
      ['ct6e-standard-4t', 'TPUv6e', 4],
      ['gpu_8x_h100_sxm5', 'H100', 8],
      ['GPU Standard - BM.GPU.H100.8 - GPU Per Hour', 'H100', 8],
      ['BM.GPU.L40S.4', 'L40S', 4],
    ]
    for (const [text, type, count] of cases) expect(acceleratorFor([text]), text).toEqual({ type, count })
    expect(acceleratorFor(['Nvidia H100 80GB GPU running in Americas'])).toEqual({ type: 'H100', count: null })
    expect(acceleratorFor(['p5.48xlargeX', 'm5.large'])).toEqual({ type: null, count: null })
    expect(acceleratorFor(['Amazon Simple Queue Service'])).toEqual({ type: null, count: null })
  })
})

describe('decimal cells', () => {
  it('accepts FOCUS decimals and refuses what Number() would guess at', () => {
    for (const [s, v] of [['12.5', 12.5], ['-0.001', -0.001], ['1e-7', 1e-7], ['5.64902E-05', 5.64902e-5], ['.5', 0.5], ['0', 0], ['0.0', 0]] as const) expect(toDecimal(s)).toBe(v)
    for (const s of ['0x10', ' 1', '1 ', 'Infinity', '1,000', 'abc', '--1', '0b11']) expect(typeof toDecimal(s), s).toBe('string')
    expect(toDecimal(12n)).toBe(12)
  })
})
