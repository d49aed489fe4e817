/**
 * Hourly busy-accelerator demand from a list of pods or instances (each holding some accelerators of one
 * type from a start to an end time): for each hour, the accelerator-hours held inside it. A pod running
 * 20 minutes of an hour on 2 GPUs adds 2/3 to that hour — the hour's mean number of busy accelerators.
 */
export interface Holding {
  type: string
  /** Seconds from the trace's origin. */
  start: number
  end: number
  /** Accelerators held (fractions for shared GPUs). */
  accelerators: number
}

export function hourlyDemand(holdings: Iterable<Holding>, firstHour: number, hours: number): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>()
  const t0 = firstHour * 3600
  const t1 = (firstHour + hours) * 3600
  for (const h of holdings) {
    if (!(h.accelerators > 0) || !(h.end > h.start)) continue
    let arr = out.get(h.type)
    if (!arr) out.set(h.type, (arr = new Float64Array(hours)))
    const s = Math.max(h.start, t0)
    const e = Math.min(h.end, t1)
    for (let k = Math.floor((s - t0) / 3600); k < hours && t0 + k * 3600 < e; k++) {
      const a = Math.max(s, t0 + k * 3600)
      const b = Math.min(e, t0 + (k + 1) * 3600)
      if (b > a) arr[k] = (arr[k] as number) + (h.accelerators * (b - a)) / 3600
    }
  }
  return out
}
