/**
 * A value axis whose ticks we choose (min, max, interval) so the labels can be formatted to exactly the
 * precision the step needs: "$4.05M $4.10M" or "$4.1M $4.2M", never "4.1M 4.1M 4.1M 4M".
 */

export interface NiceAxis {
  min: number
  max: number
  interval: number
  formatter: (v: number) => string
}

/** 1, 2 or 5 × 10^k, the smallest at or above x (no 2.5: its labels need an extra digit). */
function niceStep(x: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(x)))
  const f = x / p
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p
}

const SCALES: [number, string][] = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
]

/**
 * Ticks spanning [lo, hi] (about `ticks` intervals), labels in compact notation with a unit prefix/suffix
 * ("$" for money, " h" for hours). `fromZero` keeps 0 as the floor when the data are all positive.
 */
export function niceAxis(lo: number, hi: number, opts: { prefix?: string; suffix?: string; ticks?: number; fromZero?: boolean } = {}): NiceAxis {
  const ticks = opts.ticks ?? 5
  let a = Math.min(lo, hi)
  let b = Math.max(lo, hi)
  if (opts.fromZero && a > 0) a = 0
  // A flat series (or one flat to rounding noise) gets a band around its value, not ticks 1e-8 apart.
  if (!(b - a > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))) {
    const pad = Math.abs(b) > 0 ? Math.abs(b) * 0.1 : 1
    a -= pad
    b += pad
    if (opts.fromZero && lo >= 0) a = Math.max(0, a)
  }
  const interval = niceStep((b - a) / ticks)
  const min = Math.floor(a / interval + 1e-9) * interval
  const max = Math.ceil(b / interval - 1e-9) * interval
  const mag = Math.max(Math.abs(min), Math.abs(max))
  const [div, unit] = SCALES.find(([d]) => mag >= d) ?? [1, '']
  // Exactly the decimals the step has in the chosen unit (0.25 → 2), so neighbouring ticks always differ.
  const step = interval / div
  let digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  while (digits < 6 && Math.abs(Math.round(step * 10 ** digits) - step * 10 ** digits) > 1e-6) digits++
  const prefix = opts.prefix ?? ''
  const suffix = opts.suffix ?? ''
  const formatter = (v: number): string => {
    if (Math.abs(v) < interval * 1e-9) return `${prefix}0${suffix}`
    const body = (Math.abs(v) / div).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    return `${v < 0 ? '−' : ''}${prefix}${body}${unit}${suffix}`
  }
  return { min, max, interval, formatter }
}
