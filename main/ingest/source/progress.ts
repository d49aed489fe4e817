/** How an import reports progress: a step for the user and how far along it is (bytes, rows or windows). */
export interface ImportProgress {
  (step: string, current: number, total: number): void
}

/** Passes on at most one report per `everyMs`: a 1 GB file would otherwise send a thousand events a second. */
export function throttled(progress: ImportProgress, everyMs = 100): ImportProgress {
  let last = 0
  return (step, current, total) => {
    const t = Date.now()
    if (t - last > everyMs) {
      last = t
      progress(step, current, total)
    }
  }
}
