/**
 * The whole fleet's accelerator hours by day of week × hour of day (168 cells, Monday 00 UTC first), summed
 * while the accelerator tables are built and kept in explore_state: the heatmap Explore opens with reads these
 * 168 numbers instead of summing every pool-hour.
 */
export const WEEK_HOUR_KEY = 'week-hours'

export interface WeekHours {
  busy: number[]
  seen: number[]
  idle_billed: number[]
  idle_effective: number[]
  idle_list: number[]
}

export function emptyWeekHours(): WeekHours {
  const z = (): number[] => new Array<number>(168).fill(0)
  return { busy: z(), seen: z(), idle_billed: z(), idle_effective: z(), idle_list: z() }
}

/** Adds one pool-hour (dow 0 = Monday, hod UTC). */
export function addWeekHour(w: WeekHours, dow: number, hod: number, h: { busy: number; seen: number; idleBilled: number; idleEffective: number; idleList: number }): void {
  const i = dow * 24 + hod
  const add = (xs: number[], v: number): void => {
    xs[i] = (xs[i] ?? 0) + v
  }
  add(w.busy, h.busy)
  add(w.seen, h.seen)
  add(w.idle_billed, h.idleBilled)
  add(w.idle_effective, h.idleEffective)
  add(w.idle_list, h.idleList)
}
