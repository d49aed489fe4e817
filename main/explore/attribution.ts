/**
 * Fractional GPU attribution for one billed pool in one hour: who gets which share of the hour's cost.
 *
 * The billed accelerator-hours B of the pool cost C, so one accelerator-hour costs p = C / B. Telemetry sees O
 * accelerators in the hour; min(O, B) of the billed hours are monitored (when more accelerators report than
 * were billed, each counts for B / O of an hour). Per monitored accelerator:
 *
 * - exclusive (one pod holds it): the whole accelerator-hour goes to that pod — its idle time is its own;
 * - MIG: each instance's pod gets its engine activity × the instance's share of the GPU (`3g.40gb` = 3/7);
 * - time-slicing / MPS: each pod gets its measured activity (when the exporter copies one value to every pod,
 *   the activity cannot be told apart and is split equally — the rule says so);
 * - no pod: nobody.
 * What shared GPUs do not hand out (unused slices, idle time between pods) and unallocated accelerators go to
 * the "shared/idle" remainder; billed hours that no telemetry covers go to the billing line's own tags. The
 * shares of an hour add up to 1 by construction, so attributed cost + remainder = billed cost in every period.
 */

export type ShareMode = 'exclusive' | 'mig' | 'time-slicing' | 'unallocated'

export interface Consumer {
  /** Owner key (namespace/pod). */
  owner: string
  /** Fraction of the whole accelerator this consumer kept busy (MIG: activity × slice share). */
  activity: number
}

export interface GpuHour {
  mode: ShareMode
  consumers: Consumer[]
  /** Busy fraction of the whole accelerator, 0..1. */
  util: number
  /** Time-slicing: the pods' values were identical copies (the exporter cannot split them). */
  equalCopies?: boolean
}

export interface PoolHourInput {
  billedHours: number
  gpus: GpuHour[]
}

export const REMAINDER_OWNER = '(shared/idle)'
export const BILLING_OWNER = '(billing tags)'

export const RULES = {
  exclusive: 'exclusive: whole accelerator to the pod holding it',
  mig: 'MIG: instance engine activity × slice share',
  timeSlicing: 'time-slicing / MPS: measured activity per pod',
  timeSlicingEqual: 'time-slicing: equal split of measured activity (per-pod values are copies)',
  remainder: 'shared/idle: capacity of shared accelerators nobody used',
  unallocated: 'shared/idle: accelerator held by no pod',
  billing: 'no telemetry: billing line tags',
} as const

export interface Share {
  owner: string
  rule: string
  /** Fraction of the pool-hour's cost. */
  share: number
  gpuHours: number
}

export interface PoolHourResult {
  shares: Share[]
  monitoredHours: number
  busyHours: number
  observedHours: number
}

/** Share of a whole GPU that a MIG profile's compute slices hold (`3g.40gb` → 3/7), null when not a MIG profile. */
export function migSliceShare(profile: string): number | null {
  const m = /^(\d+)g\./i.exec(profile.trim())
  if (!m) return null
  return Math.min(1, Number(m[1]) / 7)
}

export function attributePoolHour(input: PoolHourInput): PoolHourResult {
  const B = input.billedHours
  const O = input.gpus.length
  const acc = new Map<string, Share>()
  const add = (owner: string, rule: string, share: number, gpuHours: number): void => {
    if (share === 0 && gpuHours === 0) return
    const k = `${owner}\u0000${rule}`
    const s = acc.get(k)
    if (s) {
      s.share += share
      s.gpuHours += gpuHours
    } else acc.set(k, { owner, rule, share, gpuHours })
  }
  if (!(B > 0)) {
    // Nothing billed in accelerator-hours (an unknown count): the cost stays with the billing line.
    add(BILLING_OWNER, RULES.billing, 1, 0)
    return { shares: [...acc.values()], monitoredHours: 0, busyHours: 0, observedHours: O }
  }
  const monitored = Math.min(O, B)
  const scale = O > 0 ? monitored / O : 0
  const perGpu = scale / B
  let busy = 0
  for (const g of input.gpus) {
    busy += Math.min(1, Math.max(0, g.util)) * scale
    if (g.mode === 'unallocated' || g.consumers.length === 0) {
      add(REMAINDER_OWNER, RULES.unallocated, perGpu, scale)
      continue
    }
    if (g.mode === 'exclusive') {
      add((g.consumers[0] as Consumer).owner, RULES.exclusive, perGpu, scale)
      continue
    }
    const rule = g.mode === 'mig' ? RULES.mig : g.equalCopies ? RULES.timeSlicingEqual : RULES.timeSlicing
    const acts = g.consumers.map((c) => Math.max(0, c.activity))
    const sum = acts.reduce((a, b) => a + b, 0)
    // Overlapping measurements above one accelerator are scaled down; the rest stays unattributed.
    const norm = sum > 1 ? 1 / sum : 1
    g.consumers.forEach((c, i) => add(c.owner, rule, perGpu * (acts[i] as number) * norm, scale * (acts[i] as number) * norm))
    const left = 1 - Math.min(1, sum)
    if (left > 0) add(REMAINDER_OWNER, RULES.remainder, perGpu * left, scale * left)
  }
  if (B > monitored) add(BILLING_OWNER, RULES.billing, (B - monitored) / B, B - monitored)
  return { shares: [...acc.values()], monitoredHours: monitored, busyHours: busy, observedHours: O }
}
