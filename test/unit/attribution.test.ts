import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { attributePoolHour, migSliceShare, REMAINDER_OWNER, type GpuHour } from '../../main/explore/attribution'

const owner = fc.constantFrom('ns/a', 'ns/b', 'ns/c', 'other/d', 'other/e')
const activity = fc.double({ min: 0, max: 1.5, noNaN: true })
const gpu: fc.Arbitrary<GpuHour> = fc.oneof(
  fc.record({ mode: fc.constant('exclusive' as const), consumers: fc.tuple(owner, activity).map(([o, a]) => [{ owner: o, activity: a }]), util: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    mode: fc.constant('mig' as const),
    consumers: fc.array(fc.record({ owner, activity: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('1g.10gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb')).map(([a, p]) => a * (migSliceShare(p) as number)) }), { minLength: 1, maxLength: 7 }),
    util: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ mode: fc.constant('time-slicing' as const), consumers: fc.array(fc.record({ owner, activity }), { minLength: 2, maxLength: 6 }), util: fc.double({ min: 0, max: 1, noNaN: true }), equalCopies: fc.boolean() }),
  fc.record({ mode: fc.constant('unallocated' as const), consumers: fc.constant([] as { owner: string; activity: number }[]), util: fc.double({ min: 0, max: 1, noNaN: true }) }),
)
/** One pool-hour: its billed cost, billed accelerator-hours (0 = count unknown), and the accelerators telemetry saw. */
const poolHour = fc.record({
  cost: fc.double({ min: 0, max: 5000, noNaN: true }),
  billedHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 64 }), fc.double({ min: 0.1, max: 64, noNaN: true })),
  gpus: fc.array(gpu, { maxLength: 40 }),
  period: fc.integer({ min: 0, max: 9 }),
})

describe('fractional attribution: attributed + shared/idle remainder = billed', () => {
  it('for every period, within 0.1 %, over random sharing patterns (MIG, time-slicing, exclusive, unallocated; more or fewer GPUs than billed)', () => {
    fc.assert(
      fc.property(fc.array(poolHour, { minLength: 1, maxLength: 60 }), (hours) => {
        const billed = new Map<number, number>()
        const attributed = new Map<number, number>()
        for (const h of hours) {
          const r = attributePoolHour({ billedHours: h.billedHours, gpus: h.gpus })
          for (const s of r.shares) {
            expect(s.share).toBeGreaterThanOrEqual(-1e-12)
            attributed.set(h.period, (attributed.get(h.period) ?? 0) + s.share * h.cost)
          }
          billed.set(h.period, (billed.get(h.period) ?? 0) + h.cost)
          expect(r.monitoredHours).toBeLessThanOrEqual(h.billedHours + 1e-9)
          expect(r.busyHours).toBeLessThanOrEqual(r.monitoredHours + 1e-9)
        }
        for (const [p, b] of billed) {
          const a = attributed.get(p) ?? 0
          expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(1e-9, 0.001 * b))
        }
      }),
      { numRuns: 500 },
    )
  })

  it('splits a MIG GPU by slice activity and leaves the unused slices to shared/idle', () => {
    const r = attributePoolHour({
      billedHours: 1,
      gpus: [{ mode: 'mig', util: 0.5, consumers: [{ owner: 'a/x', activity: 0.5 * (3 / 7) }, { owner: 'b/y', activity: 1 * (2 / 7) }] }],
    })
    const by = Object.fromEntries(r.shares.map((s) => [s.owner, s.share]))
    expect(by['a/x']).toBeCloseTo(1.5 / 7, 12)
    expect(by['b/y']).toBeCloseTo(2 / 7, 12)
    expect(by[REMAINDER_OWNER]).toBeCloseTo(1 - 3.5 / 7, 12)
  })

  it('billed hours without telemetry keep the billing tags; exclusive GPUs go whole to their pod', () => {
    const r = attributePoolHour({ billedHours: 8, gpus: [{ mode: 'exclusive', util: 0.1, consumers: [{ owner: 'a/x', activity: 0.1 }] }] })
    const by = Object.fromEntries(r.shares.map((s) => [s.owner, s]))
    expect(by['a/x']?.share).toBeCloseTo(1 / 8, 12)
    expect(by['(billing tags)']?.share).toBeCloseTo(7 / 8, 12)
    expect(r.busyHours).toBeCloseTo(0.1, 12)
  })
})
