/**
 * What a page shows first is drawn before what sits below it asks for anything: sections below the fold wait
 * until the first screen is drawn, so their calls (one Node process answers them in turn) and their drawing do
 * not queue in front of the first chart. Then they come one at a time, each when the browser is idle, so a
 * click on the first screen is answered between them. Once drawn, it stays drawn for the session: coming back
 * to a page mounts everything at once.
 */
import { startTransition, useEffect, useState, type ReactNode } from 'react'

/** The performance mark set when the first screen is drawn (read by the e2e spec that times Explore). */
export const FIRST_SCREEN_MARK = 'fleetplan:first-screen'
// Never wait longer than this for a first screen that is not coming (a failed call, a page without charts).
const FALLBACK_MS = 3_000

let drawn = false
/** Sections waiting, in the order they mounted (top of the page first). */
const waiting: (() => void)[] = []
let releasing = false

const whenIdle = (f: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: 500 })
  else setTimeout(f, 0)
}

function releaseNext(): void {
  if (releasing) return
  const next = waiting.shift()
  if (!next) return
  releasing = true
  whenIdle(() => {
    releasing = false
    next()
    releaseNext()
  })
}

let marked = false

/** Lets the sections below come (also when the first screen is not coming: the fallback). */
function releaseAll(): void {
  if (drawn) return
  drawn = true
  releaseNext()
}

export function markFirstScreenDrawn(): void {
  // The mark says when the first screen was really drawn, even if the fallback released the sections before.
  if (!marked) performance.mark(FIRST_SCREEN_MARK)
  marked = true
  releaseAll()
}

/** Renders `children` once the first screen is drawn and the sections above it have had their turn. */
export function AfterFirstScreen({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState(drawn)
  useEffect(() => {
    if (shown) return
    let live = true
    waiting.push(() => live && startTransition(() => setShown(true)))
    if (drawn) releaseNext()
    const fallback = setTimeout(releaseAll, FALLBACK_MS)
    return () => {
      live = false
      clearTimeout(fallback)
    }
  }, [shown])
  return shown ? <>{children}</> : null
}
