/**
 * Seeded random numbers for the Monte Carlo engine: sfc32 (Chris Doty-Humphrey's Small Fast Counting RNG,
 * PractRand-clean) seeded per (seed, path), so a path's numbers do not depend on how paths are split over workers.
 */
import { qnorm } from '../math/normal-quantile'

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0
    let z = a
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}


/** Inverse-CDF table for fast normals: 8,192 quantiles, linear interpolation (used where counts are large). */
const TABLE_N = 8192
const NORM_TABLE = new Float64Array(TABLE_N + 1)
for (let i = 0; i <= TABLE_N; i++) NORM_TABLE[i] = qnorm(Math.min(Math.max(i / TABLE_N, 0.5 / TABLE_N), 1 - 0.5 / TABLE_N))

/** Below this mean, Poisson and binomial draws are exact (inversion); above, a normal approximation. */
export const EXACT_BELOW = 20

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number, stream = 0) {
    const sm = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0)
    this.a = sm()
    this.b = sm()
    this.c = sm()
    this.d = sm()
    for (let i = 0; i < 12; i++) this.u32()
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in (0, 1). */
  uniform(): number {
    return (this.u32() + 0.5) / 4294967296
  }

  normal(): number {
    const x = this.uniform() * TABLE_N
    const i = x | 0
    const f = x - i
    return NORM_TABLE[i]! + f * (NORM_TABLE[i + 1]! - NORM_TABLE[i]!)
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0
    if (mean < EXACT_BELOW) {
      const u = this.uniform()
      let p = Math.exp(-mean)
      let s = p
      let k = 0
      while (u > s && k < 200) {
        k++
        p *= mean / k
        s += p
      }
      return k
    }
    const x = Math.floor(mean + Math.sqrt(mean) * this.normal() + 0.5)
    return x < 0 ? 0 : x
  }

  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0
    if (p >= 1) return n
    const mean = n * p
    if (mean < EXACT_BELOW) {
      const q = 1 - p
      const r = p / q
      const u = this.uniform()
      let pr = Math.exp(n * Math.log1p(-p))
      let s = pr
      let k = 0
      while (u > s && k < n) {
        pr *= (r * (n - k)) / (k + 1)
        k++
        s += pr
      }
      return k
    }
    if (n - mean < EXACT_BELOW) return n - this.binomial(n, 1 - p)
    const x = Math.floor(mean + Math.sqrt(mean * (1 - p)) * this.normal() + 0.5)
    return x < 0 ? 0 : x > n ? n : x
  }
}
