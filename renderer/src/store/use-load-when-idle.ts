import { useEffect } from 'react'

/** Starts a store load the first time a view shows it (its state still idle); later views reuse the result. */
export function useLoadWhenIdle(status: string, load: () => unknown): void {
  useEffect(() => {
    if (status === 'idle') void load()
  }, [status, load])
}
