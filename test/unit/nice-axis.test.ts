import { describe, expect, it } from 'vitest'
import { niceAxis } from '../../renderer/src/charts/nice-axis'

/** Every tick label of the axis, as ECharts would draw them. */
function labels(lo: number, hi: number, opts: Parameters<typeof niceAxis>[2] = {}): string[] {
  const n = niceAxis(lo, hi, opts)
  const out: string[] = []
  for (let i = 0; n.min + i * n.interval <= n.max + n.interval * 1e-9; i++) out.push(n.formatter(n.min + i * n.interval))
  return out
}

describe('chart axes label every tick differently, with the unit', () => {
  it.each([
    [3.9e6, 4.3e6],
    [4_095_063, 4_095_063],
    [4_095_063, 4_095_063.0000001],
    [4.05e6, 4.16e6],
    [148.5, 153.2],
    [0.012, 0.013],
    [0, 0],
  ])('%d … %d', (lo, hi) => {
    const l = labels(lo, hi, { prefix: '$' })
    expect(l.length).toBeGreaterThanOrEqual(3)
    expect(l.length).toBeLessThanOrEqual(12)
    expect(new Set(l).size).toBe(l.length)
    for (const x of l) expect(x).toMatch(/^−?\$/)
  })

  it('reads as compact money: $3.9M … $4.3M, not 3,900,000', () => {
    expect(labels(3.9e6, 4.3e6, { prefix: '$' })).toEqual(['$3.9M', '$4.0M', '$4.1M', '$4.2M', '$4.3M'])
    expect(labels(4.05e6, 4.16e6, { prefix: '$' })).toContain('$4.10M')
  })

  it('starts at zero when asked and never goes below it for a flat zero series', () => {
    const l = labels(0, 0, { suffix: ' h', fromZero: true })
    expect(l[0]).toBe('0 h')
    expect(l.every((x) => !x.startsWith('−'))).toBe(true)
  })
})
